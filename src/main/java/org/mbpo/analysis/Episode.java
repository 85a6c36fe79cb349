package org.mbpo.analysis;

/**
 * One real episode, recorded step by step.
 *
 * @param steps      T, the steps taken
 * @param states     the observations {@code [T + 1, obsDim]}, the first the reset observation
 * @param actions    the actions in the agent's [−1, 1] space {@code [T, actDim]}
 * @param rewards    the rewards {@code [T]}
 * @param terminated whether the last step reached a terminal state (false: truncated, or cut short)
 */
public record Episode(int steps, double[] states, float[] actions, double[] rewards, boolean terminated) {

    /** The sum of the rewards. */
    public double totalReward() {
        double s = 0;
        for (double r : rewards) {
            s += r;
        }
        return s;
    }

    /** The sum of the rewards of steps [from, from + h), stopping at the episode's end. */
    public double rewardSum(int from, int h) {
        double s = 0;
        for (int t = from; t < Math.min(steps, from + h); t++) {
            s += rewards[t];
        }
        return s;
    }
}
