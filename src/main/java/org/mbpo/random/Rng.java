package org.mbpo.random;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * A splittable generator whose state can be saved and restored, so that a training run can stop and
 * continue with the very numbers it would have drawn (MBPO's checkpoints). It is SplitMix64 exactly as
 * {@link java.util.SplittableRandom} implements it (Steele, Lea and Flood 2014): {@code new Rng(s)}
 * draws the same stream as {@code new SplittableRandom(s)}, {@link #split()} gives the same child, and
 * every derived draw ({@code nextInt(bound)}, {@code nextDouble()}, {@code nextGaussian()}, …) is
 * {@link RandomGenerator}'s default built on {@link #nextLong()} and {@link #nextInt()}, as it is for
 * {@code SplittableRandom} in Java 17. So code can move from {@code SplittableRandom} to {@code Rng}
 * without changing a single number ({@code RngTest} checks it).
 *
 * <p>The whole state is two longs, {@link State}: the seed, advanced by the gamma at every draw, and
 * the gamma (odd), fixed for the generator's life. Not thread-safe.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;

    /**
     * A generator's complete state.
     *
     * @param seed  the current seed
     * @param gamma the increment, odd
     */
    public record State(long seed, long gamma) {
        public State {
            if ((gamma & 1L) == 0) {
                throw new IllegalArgumentException("a SplitMix64 gamma is odd, got " + gamma);
            }
        }

        /** Writes the two longs (checkpoints). */
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(seed);
            out.writeLong(gamma);
        }

        /**
         * Reads what {@link #writeTo} wrote.
         *
         * @throws IOException if it is no generator's state (an even gamma)
         */
        public static State readFrom(DataInput in) throws IOException {
            long seed = in.readLong();
            long gamma = in.readLong();
            if ((gamma & 1L) == 0) {
                throw new IOException("a generator state with an even gamma " + gamma);
            }
            return new State(seed, gamma);
        }
    }

    /** The generator {@code new java.util.SplittableRandom(seed)} would be. */
    public Rng(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private Rng(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A generator in {@code state} (as {@link #state()} returned it). */
    public static Rng of(State state) {
        return new Rng(state.seed(), state.gamma());
    }

    /** The current state; {@code Rng.of(state())} continues with the same numbers as this generator. */
    public State state() {
        return new State(seed, gamma);
    }

    /** Puts this generator back into {@code state}; mutates it. */
    public void restoreState(State state) {
        this.seed = state.seed();
        this.gamma = state.gamma();
    }

    /** A new generator for a separate use, advancing this one by two draws ({@code SplittableRandom.split()}). */
    public Rng split() {
        return new Rng(nextLong(), mixGamma(nextSeed()));
    }

    @Override
    public long nextLong() {
        return mix64(nextSeed());
    }

    @Override
    public int nextInt() {
        return mix32(nextSeed());
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return (n < 24) ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}
