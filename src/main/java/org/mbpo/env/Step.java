package org.mbpo.env;

/**
 * The result of one environment step.
 *
 * @param observation the next observation, {@code [obsDim]}
 * @param reward      the reward of this transition
 * @param terminated  the next state is terminal in the MDP (bootstrapping stops)
 * @param truncated   the episode was cut by the time limit (bootstrapping continues)
 */
public record Step(double[] observation, double reward, boolean terminated, boolean truncated) {

    /** The episode is over, either way. */
    public boolean done() {
        return terminated || truncated;
    }
}
