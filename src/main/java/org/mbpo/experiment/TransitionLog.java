package org.mbpo.experiment;

import org.mbpo.model.TransitionBatch;

import java.util.Arrays;

/**
 * A growable list of real transitions (actions in the agent's [−1, 1] space, as the replay buffer and the
 * model take them), to train models on a prefix or on everything so far. Mutable; not thread-safe.
 */
public final class TransitionLog {
    private final int obsDim;
    private final int actDim;
    private float[] obs;
    private float[] actions;
    private float[] rewards;
    private float[] nextObs;
    private int size;

    public TransitionLog(int obsDim, int actDim) {
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[64 * obsDim];
        this.actions = new float[64 * actDim];
        this.rewards = new float[64];
        this.nextObs = new float[64 * obsDim];
    }

    public int size() {
        return size;
    }

    /** Appends one transition; mutates the log. */
    public void add(double[] o, double[] a, double reward, double[] next) {
        if (size == rewards.length) {
            int cap = rewards.length * 2;
            obs = Arrays.copyOf(obs, cap * obsDim);
            actions = Arrays.copyOf(actions, cap * actDim);
            rewards = Arrays.copyOf(rewards, cap);
            nextObs = Arrays.copyOf(nextObs, cap * obsDim);
        }
        for (int k = 0; k < obsDim; k++) {
            obs[size * obsDim + k] = (float) o[k];
            nextObs[size * obsDim + k] = (float) next[k];
        }
        for (int k = 0; k < actDim; k++) {
            actions[size * actDim + k] = (float) a[k];
        }
        rewards[size] = (float) reward;
        size++;
    }

    /** The first {@code n} transitions, as a model's training batch (copies). */
    public TransitionBatch prefix(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("prefix of " + n + " from a log of " + size);
        }
        return new TransitionBatch(n, obsDim, actDim, Arrays.copyOf(obs, n * obsDim), Arrays.copyOf(actions, n * actDim),
                Arrays.copyOf(rewards, n), Arrays.copyOf(nextObs, n * obsDim));
    }

    /** Every transition so far (copies). */
    public TransitionBatch all() {
        return prefix(size);
    }

    /** The observations of the first {@code n} transitions, row-major {@code [n, obsDim]} (a copy). */
    public float[] observations(int n) {
        return Arrays.copyOf(obs, n * obsDim);
    }
}
