package org.mbpo.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * A ring buffer of transitions on primitive arrays (no object per transition): observation, action,
 * reward, next observation, {@code terminated} and {@code truncated} ({@link TransitionBatch}'s fields).
 * When full, each new transition overwrites the oldest. Sampling is uniform with replacement from an
 * explicit generator.
 *
 * <p>Bootstrapping stops at a terminal state and never at a time-limit truncation, whose transition is
 * stored with its true next observation; the flag says where an episode was cut, and no learning rule
 * reads it.
 *
 * <p>Memory: {@link #bytesPerTransition} = 4 (2 obsDim + actDim + 1) + 2 bytes; 10 million Hopper
 * transitions (obsDim 11, actDim 3) take 1.06 GB. Not thread-safe.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private final float[] obs;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObs;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private int next;
    private int size;
    private long added;

    /**
     * @throws IllegalArgumentException if a dimension is not positive or {@code capacity · obsDim}
     *                                  exceeds a Java array's length
     */
    public ReplayBuffer(int capacity, int obsDim, int actDim) {
        if (capacity < 1 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("capacity, obsDim and actDim must be positive, got " + capacity + ", " + obsDim + ", " + actDim);
        }
        long cells = (long) capacity * Math.max(obsDim, actDim);
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity " + capacity + " × dimension " + Math.max(obsDim, actDim)
                    + " exceeds the largest Java array; use a smaller capacity");
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[capacity * obsDim];
        this.actions = new float[capacity * actDim];
        this.rewards = new float[capacity];
        this.nextObs = new float[capacity * obsDim];
        this.terminated = new boolean[capacity];
        this.truncated = new boolean[capacity];
    }

    /** Bytes of storage per transition. */
    public static long bytesPerTransition(int obsDim, int actDim) {
        return 4L * (2L * obsDim + actDim + 1) + 2;
    }

    public int capacity() {
        return capacity;
    }

    /** Transitions held now (at most the capacity). */
    public int size() {
        return size;
    }

    /** Transitions ever added. */
    public long added() {
        return added;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actDim() {
        return actDim;
    }

    /** Adds one transition (overwriting the oldest when full); mutates the buffer. */
    public void add(double[] o, double[] a, double reward, double[] nextO, boolean isTerminal, boolean isTruncated) {
        if (o.length != obsDim || nextO.length != obsDim || a.length != actDim) {
            throw new IllegalArgumentException("expected observations of " + obsDim + " and actions of " + actDim
                    + " entries, got " + o.length + ", " + nextO.length + " and " + a.length);
        }
        int i = next;
        for (int k = 0; k < obsDim; k++) {
            obs[i * obsDim + k] = (float) o[k];
            nextObs[i * obsDim + k] = (float) nextO[k];
        }
        for (int k = 0; k < actDim; k++) {
            actions[i * actDim + k] = (float) a[k];
        }
        rewards[i] = (float) reward;
        terminated[i] = isTerminal;
        truncated[i] = isTruncated;
        advance();
    }

    /** Adds every transition of {@code batch} (model rollouts), in order; mutates the buffer. */
    public void addBatch(TransitionBatch batch) {
        if (batch.obsDim() != obsDim || batch.actDim() != actDim) {
            throw new IllegalArgumentException("batch has dimensions " + batch.obsDim() + ", " + batch.actDim() + "; buffer "
                    + obsDim + ", " + actDim);
        }
        for (int j = 0; j < batch.size(); j++) {
            int i = next;
            System.arraycopy(batch.observations(), j * obsDim, obs, i * obsDim, obsDim);
            System.arraycopy(batch.nextObservations(), j * obsDim, nextObs, i * obsDim, obsDim);
            System.arraycopy(batch.actions(), j * actDim, actions, i * actDim, actDim);
            rewards[i] = batch.rewards()[j];
            terminated[i] = batch.terminated()[j];
            truncated[i] = batch.truncated()[j];
            advance();
        }
    }

    private void advance() {
        next = next + 1 == capacity ? 0 : next + 1;
        size = Math.min(size + 1, capacity);
        added++;
    }

    /**
     * A new buffer of {@code newCapacity} holding this one's newest {@code min(size, newCapacity)}
     * transitions, oldest first (MBPO's model buffer when the rollout length changes, the reference's
     * {@code _reallocate_model_pool}; the reference copies in storage order, which differs only in
     * which transitions a full buffer overwrites first).
     */
    public ReplayBuffer resizedCopy(int newCapacity) {
        ReplayBuffer copy = new ReplayBuffer(newCapacity, obsDim, actDim);
        int keep = Math.min(size, newCapacity);
        int oldest = size < capacity ? 0 : next;
        for (int j = size - keep; j < size; j++) {
            int i = (oldest + j) % capacity;
            int c = copy.next;
            System.arraycopy(obs, i * obsDim, copy.obs, c * obsDim, obsDim);
            System.arraycopy(nextObs, i * obsDim, copy.nextObs, c * obsDim, obsDim);
            System.arraycopy(actions, i * actDim, copy.actions, c * actDim, actDim);
            copy.rewards[c] = rewards[i];
            copy.terminated[c] = terminated[i];
            copy.truncated[c] = truncated[i];
            copy.advance();
        }
        copy.added = added;
        return copy;
    }

    /**
     * Every transition held, in storage order, as a batch over this buffer's own arrays (no copy): what a
     * dynamics model trains on ("all real data"). It stays valid until the next transition is added.
     */
    public TransitionBatch view() {
        return new TransitionBatch(size, obsDim, actDim, obs, actions, rewards, nextObs, terminated, truncated);
    }

    /**
     * Writes the buffer exactly as it is (capacity, dimensions, write position, counts and the stored
     * rows in storage order, the truncation flags last), so that {@link #readFrom} gives a buffer that
     * samples the same transitions from the same generator.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(obsDim);
        out.writeInt(actDim);
        out.writeInt(next);
        out.writeInt(size);
        out.writeLong(added);
        BinaryIo.writeFloats(out, obs, 0, size * obsDim);
        BinaryIo.writeFloats(out, actions, 0, size * actDim);
        BinaryIo.writeFloats(out, rewards, 0, size);
        BinaryIo.writeFloats(out, nextObs, 0, size * obsDim);
        BinaryIo.writeBooleans(out, terminated, 0, size);
        BinaryIo.writeBooleans(out, truncated, 0, size);
    }

    /**
     * Reads a buffer written by {@link #writeTo}, or, when {@code withTruncation} is false, by the writer
     * before truncation flags were stored (MBPO checkpoints of format 1), whose transitions then read as
     * not truncated.
     *
     * @throws IOException if the sizes read are inconsistent or differ from {@code obsDim} and {@code actDim}
     */
    public static ReplayBuffer readFrom(DataInput in, int obsDim, int actDim, boolean withTruncation) throws IOException {
        int capacity = in.readInt();
        int o = in.readInt();
        int a = in.readInt();
        int next = in.readInt();
        int size = in.readInt();
        long added = in.readLong();
        if (o != obsDim || a != actDim) {
            throw new IOException("a replay buffer of dimensions (" + o + ", " + a + ") where (" + obsDim + ", " + actDim + ") were expected");
        }
        if (capacity < 1 || size < 0 || size > capacity || next < 0 || next >= capacity || added < size
                || (size < capacity && next != size)) {
            throw new IOException("inconsistent replay buffer: capacity " + capacity + ", size " + size + ", next " + next
                    + ", added " + added);
        }
        ReplayBuffer b = new ReplayBuffer(capacity, obsDim, actDim);
        BinaryIo.readFloats(in, b.obs, 0, size * obsDim);
        BinaryIo.readFloats(in, b.actions, 0, size * actDim);
        BinaryIo.readFloats(in, b.rewards, 0, size);
        BinaryIo.readFloats(in, b.nextObs, 0, size * obsDim);
        BinaryIo.readBooleans(in, b.terminated, 0, size);
        if (withTruncation) {
            BinaryIo.readBooleans(in, b.truncated, 0, size);
        }
        b.next = next;
        b.size = size;
        b.added = added;
        return b;
    }

    /** A sampler of uniform batches from this buffer ({@link #sampleInto}) drawing with {@code rng}. */
    public BatchSampler uniform(RandomGenerator rng) {
        return batch -> sampleInto(batch, rng);
    }

    /** A sampler of mixed batches ({@link #sampleMixedInto}) from {@code real} and {@code model}, drawing with {@code rng}. */
    public static BatchSampler mixed(ReplayBuffer real, ReplayBuffer model, double realRatio, RandomGenerator rng) {
        return batch -> sampleMixedInto(real, model, realRatio, batch, rng);
    }

    /** Fills every row of {@code batch} with a transition drawn uniformly (with replacement) using {@code rng}. */
    public void sampleInto(TransitionBatch batch, RandomGenerator rng) {
        fill(batch, 0, batch.size(), rng);
    }

    /**
     * Fills {@code batch} from two buffers: its first {@code floor(size · realRatio)} rows uniformly
     * from {@code real}, the rest uniformly from {@code model} (MBPO's {@code real_ratio}; the
     * reference computes {@code int(batch_size * real_ratio)}).
     */
    public static void sampleMixedInto(ReplayBuffer real, ReplayBuffer model, double realRatio, TransitionBatch batch, RandomGenerator rng) {
        if (!(realRatio >= 0 && realRatio <= 1)) {
            throw new IllegalArgumentException("real ratio must be in [0, 1], got " + realRatio);
        }
        int nReal = (int) (batch.size() * realRatio);
        real.fill(batch, 0, nReal, rng);
        model.fill(batch, nReal, batch.size(), rng);
    }

    /** Rows [from, to) of {@code batch} from uniform draws. */
    private void fill(TransitionBatch batch, int from, int to, RandomGenerator rng) {
        if (batch.obsDim() != obsDim || batch.actDim() != actDim) {
            throw new IllegalArgumentException("batch has dimensions " + batch.obsDim() + ", " + batch.actDim() + "; buffer " + obsDim + ", " + actDim);
        }
        if (to > from && size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        float[] bObs = batch.observations();
        float[] bNext = batch.nextObservations();
        float[] bActions = batch.actions();
        for (int row = from; row < to; row++) {
            int i = rng.nextInt(size);
            System.arraycopy(obs, i * obsDim, bObs, row * obsDim, obsDim);
            System.arraycopy(nextObs, i * obsDim, bNext, row * obsDim, obsDim);
            System.arraycopy(actions, i * actDim, bActions, row * actDim, actDim);
            batch.rewards()[row] = rewards[i];
            batch.terminated()[row] = terminated[i];
            batch.truncated()[row] = truncated[i];
        }
    }
}
