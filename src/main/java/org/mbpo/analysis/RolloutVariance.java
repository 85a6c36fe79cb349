package org.mbpo.analysis;

import org.mbpo.model.DynamicsModel;

import java.util.random.RandomGenerator;

/**
 * An action sequence from a real episode, replayed open loop through a model many times (the paper's
 * rollout-variance measurement): every replay starts at the episode's first state and applies the
 * episode's actions in order, each step sampled from the model ({@link DynamicsModel#sample}); the
 * spread of the replays at step t is the model's uncertainty about where those actions lead, to set
 * against the state the real episode reached.
 *
 * <p>Replays never terminate (open loop: the same actions whatever the model predicts). Shapes:
 * states are row-major {@code [steps + 1, obsDim]}, step 0 the start state.
 *
 * @param steps   actions replayed
 * @param replays replays
 * @param obsDim  observation size
 * @param real    the real episode's states {@code [steps + 1, obsDim]}
 * @param mean    the replays' mean state per step {@code [steps + 1, obsDim]}
 * @param std     the replays' standard deviation per step (divisor replays − 1) {@code [steps + 1, obsDim]}
 */
public record RolloutVariance(int steps, int replays, int obsDim, double[] real, double[] mean, double[] std) {

    public RolloutVariance {
        long cells = (long) (steps + 1) * obsDim;
        if (real.length != cells || mean.length != cells || std.length != cells) {
            throw new IllegalArgumentException("arrays must hold (steps + 1) × obsDim = " + cells + " values");
        }
    }

    /**
     * Replays {@code actions} through {@code model} {@code replays} times from {@code realStates}' first row.
     *
     * @param realStates the real episode's states {@code [steps + 1, obsDim]}
     * @param actions    its actions {@code [steps, actDim]}, as the model takes them
     * @param replays    at least 2
     * @param rng        the model's sampling noise
     */
    public static RolloutVariance replay(DynamicsModel model, double[] realStates, float[] actions, int steps, int replays,
                                         RandomGenerator rng) {
        int obsDim = model.observationDim();
        int actDim = model.actionDim();
        if (steps < 1 || replays < 2) {
            throw new IllegalArgumentException("need at least 1 step and 2 replays, got " + steps + " and " + replays);
        }
        if (realStates.length != (long) (steps + 1) * obsDim || actions.length < (long) steps * actDim) {
            throw new IllegalArgumentException(steps + " steps need " + (steps + 1) * obsDim + " state values (got "
                    + realStates.length + ") and " + steps * actDim + " action values (got " + actions.length + ")");
        }
        float[] obs = new float[replays * obsDim];
        for (int r = 0; r < replays; r++) {
            for (int d = 0; d < obsDim; d++) {
                obs[r * obsDim + d] = (float) realStates[d];
            }
        }
        float[] act = new float[replays * actDim];
        float[] next = new float[replays * obsDim];
        float[] rewards = new float[replays];
        double[] mean = new double[(steps + 1) * obsDim];
        double[] std = new double[(steps + 1) * obsDim];
        System.arraycopy(realStates, 0, mean, 0, obsDim);
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < replays; r++) {
                System.arraycopy(actions, t * actDim, act, r * actDim, actDim);
            }
            model.sample(obs, act, replays, rng, next, rewards);
            float[] swap = obs;
            obs = next;
            next = swap;
            for (int d = 0; d < obsDim; d++) {
                double sum = 0;
                for (int r = 0; r < replays; r++) {
                    sum += obs[r * obsDim + d];
                }
                double m = sum / replays;
                double ss = 0;
                for (int r = 0; r < replays; r++) {
                    double dev = obs[r * obsDim + d] - m;
                    ss += dev * dev;
                }
                mean[(t + 1) * obsDim + d] = m;
                std[(t + 1) * obsDim + d] = Math.sqrt(ss / (replays - 1));
            }
        }
        return new RolloutVariance(steps, replays, obsDim, realStates.clone(), mean, std);
    }

    public double real(int t, int d) {
        return real[t * obsDim + d];
    }

    public double mean(int t, int d) {
        return mean[t * obsDim + d];
    }

    public double std(int t, int d) {
        return std[t * obsDim + d];
    }

    /** Coordinate {@code d} of a {@code [steps + 1, obsDim]} array, over time. */
    public double[] column(double[] states, int d) {
        double[] c = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            c[t] = states[t * obsDim + d];
        }
        return c;
    }

    /**
     * The fraction of (step ≥ 1, coordinate) cells whose real value lies within {@code z} standard deviations of
     * the replays' mean: near the Gaussian coverage (0.95 for z = 1.96) for a model whose spread is calibrated.
     */
    public double coverage(double z) {
        long inside = 0;
        for (int t = 1; t <= steps; t++) {
            for (int d = 0; d < obsDim; d++) {
                if (Math.abs(real(t, d) - mean(t, d)) <= z * std(t, d)) {
                    inside++;
                }
            }
        }
        return inside / ((double) steps * obsDim);
    }
}
