package org.mbpo.data;

/**
 * A preallocated batch of transitions, filled in place by {@link ReplayBuffer#sampleInto} and
 * {@link ReplayBuffer#sampleMixedInto}. Arrays are row-major, one row per transition.
 */
public final class TransitionBatch {
    private final int size;
    private final int obsDim;
    private final int actDim;
    /** {@code [size, obsDim]}. */
    final float[] obs;
    /** {@code [size, actDim]}. */
    final float[] actions;
    /** {@code [size]}. */
    final float[] rewards;
    /** {@code [size, obsDim]}. */
    final float[] nextObs;
    /** {@code [size]}: the next state is terminal (bootstrapping stops); truncation is not a property of a transition. */
    final boolean[] terminated;

    public TransitionBatch(int size, int obsDim, int actDim) {
        if (size < 1 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("size, obsDim and actDim must be positive, got " + size + ", " + obsDim + ", " + actDim);
        }
        this.size = size;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[size * obsDim];
        this.actions = new float[size * actDim];
        this.rewards = new float[size];
        this.nextObs = new float[size * obsDim];
        this.terminated = new boolean[size];
    }

    public int size() {
        return size;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actDim() {
        return actDim;
    }

    /** Observations {@code [size, obsDim]} (the batch's own array). */
    public float[] obs() {
        return obs;
    }

    /** Actions {@code [size, actDim]}, in the agent's action space. */
    public float[] actions() {
        return actions;
    }

    /** Rewards {@code [size]}. */
    public float[] rewards() {
        return rewards;
    }

    /** Next observations {@code [size, obsDim]}. */
    public float[] nextObs() {
        return nextObs;
    }

    /** Whether each next state is terminal {@code [size]}. */
    public boolean[] terminated() {
        return terminated;
    }
}
