package org.mbpo.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transitions {@code (s, a) → (r, s′)}, row-major, one row per transition, with the two ways an episode can
 * end at {@code s′} kept apart: {@code terminated} (s′ is terminal in the MDP: bootstrapping stops) and
 * {@code truncated} (the time limit cut the episode at s′: an ordinary transition, bootstrapping goes on).
 * The library's one transition record: sampled batches for SAC ({@link ReplayBuffer#sampleInto}), the real
 * data a dynamics model trains on ({@link ReplayBuffer#view}, no copy), and a step of model rollouts.
 *
 * <p>The arrays are held, not copied: a batch made by {@link #allocate} is filled in place by the replay
 * buffer's samplers; a view over a buffer's storage shares the buffer's arrays (do not add to the buffer
 * while a reader uses it). Arrays may be longer than {@code size} rows; only the first {@code size} count.
 *
 * @param size             the number of transitions
 * @param obsDim           observation size
 * @param actDim           action size
 * @param observations     s, {@code [size, obsDim]}
 * @param actions          a, {@code [size, actDim]}, in the agent's space [−1, 1]^|A|
 * @param rewards          r, {@code [size]}
 * @param nextObservations s′, {@code [size, obsDim]}
 * @param terminated       {@code [size]}: s′ is terminal (a rollout's: the environment's termination function said so)
 * @param truncated        {@code [size]}: the episode was cut at s′ by its time limit (never for model rollouts)
 */
public record TransitionBatch(int size, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
                              float[] nextObservations, boolean[] terminated, boolean[] truncated) {

    public TransitionBatch {
        if (size < 0 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("size " + size + ", obsDim " + obsDim + ", actDim " + actDim
                    + ": need size ≥ 0 and dimensions ≥ 1");
        }
        require("observations", observations.length, (long) size * obsDim);
        require("actions", actions.length, (long) size * actDim);
        require("rewards", rewards.length, size);
        require("next observations", nextObservations.length, (long) size * obsDim);
        require("terminated flags", terminated.length, size);
        require("truncated flags", truncated.length, size);
    }

    private static void require(String name, int length, long needed) {
        if (length < needed) {
            throw new IllegalArgumentException(name + " has " + length + " values, need " + needed);
        }
    }

    /** A zero-filled batch of {@code size} transitions, to be filled in place (by {@link ReplayBuffer#sampleInto}). */
    public static TransitionBatch allocate(int size, int obsDim, int actDim) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch needs at least one row, got " + size);
        }
        return new TransitionBatch(size, obsDim, actDim, new float[size * obsDim], new float[size * actDim], new float[size],
                new float[size * obsDim], new boolean[size], new boolean[size]);
    }

    /** {@code size} transitions over the given arrays (held, not copied) in which no episode ends. */
    public static TransitionBatch withoutEpisodeEnds(int size, int obsDim, int actDim, float[] observations, float[] actions,
                                                     float[] rewards, float[] nextObservations) {
        return new TransitionBatch(size, obsDim, actDim, observations, actions, rewards, nextObservations, new boolean[size],
                new boolean[size]);
    }

    /**
     * Transitions given as ND4J arrays, in which no episode ends: observations and next observations
     * {@code [n, obsDim]}, actions {@code [n, actDim]}, rewards {@code [n]} (float or double). Copied in, once.
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static TransitionBatch fromArrays(INDArray observations, INDArray actions, INDArray rewards, INDArray nextObservations) {
        if (observations.rank() != 2 || actions.rank() != 2) {
            throw new IllegalArgumentException("observations and actions must be [n, dim], got " + java.util.Arrays.toString(
                    observations.shape()) + " and " + java.util.Arrays.toString(actions.shape()));
        }
        int n = Math.toIntExact(observations.size(0));
        int obsDim = Math.toIntExact(observations.size(1));
        int actDim = Math.toIntExact(actions.size(1));
        float[] r = floats(rewards);
        if (actions.size(0) != n || r.length != n || !java.util.Arrays.equals(nextObservations.shape(), observations.shape())) {
            throw new IllegalArgumentException("shapes disagree: observations " + java.util.Arrays.toString(observations.shape())
                    + ", actions " + java.util.Arrays.toString(actions.shape()) + ", rewards " + java.util.Arrays.toString(rewards.shape())
                    + ", next observations " + java.util.Arrays.toString(nextObservations.shape()));
        }
        return withoutEpisodeEnds(n, obsDim, actDim, floats(observations), floats(actions), r, floats(nextObservations));
    }

    private static float[] floats(INDArray a) {
        return (a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT)).dup('c').data().asFloat();
    }

    /** The observations {@code [size, obsDim]} as a new ND4J array (a copy). */
    public INDArray observationsArray() {
        return Nd4j.create(java.util.Arrays.copyOf(observations, size * obsDim), new long[] {size, obsDim}, 'c');
    }

    /** The actions {@code [size, actDim]} as a new ND4J array (a copy). */
    public INDArray actionsArray() {
        return Nd4j.create(java.util.Arrays.copyOf(actions, size * actDim), new long[] {size, actDim}, 'c');
    }

    /** The rewards {@code [size]} as a new ND4J array (a copy). */
    public INDArray rewardsArray() {
        return Nd4j.create(java.util.Arrays.copyOf(rewards, size), new long[] {size}, 'c');
    }

    /** The next observations {@code [size, obsDim]} as a new ND4J array (a copy). */
    public INDArray nextObservationsArray() {
        return Nd4j.create(java.util.Arrays.copyOf(nextObservations, size * obsDim), new long[] {size, obsDim}, 'c');
    }

    /** The first {@code n} transitions, over the same arrays (no copy). */
    public TransitionBatch first(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("the first " + n + " of " + size + " transitions");
        }
        return new TransitionBatch(n, obsDim, actDim, observations, actions, rewards, nextObservations, terminated, truncated);
    }

    /** The number of rows whose next state is terminal. */
    public int terminatedCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (terminated[i]) {
                n++;
            }
        }
        return n;
    }

    /** The name of the first of rewards, observations, next observations and actions to hold a NaN or an infinity in the first {@code size} rows, or null. */
    public String firstNonFinite() {
        if (!allFinite(rewards, size)) {
            return "reward";
        }
        if (!allFinite(observations, size * obsDim)) {
            return "observation";
        }
        if (!allFinite(nextObservations, size * obsDim)) {
            return "next observation";
        }
        return allFinite(actions, size * actDim) ? null : "action";
    }

    private static boolean allFinite(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }
}
