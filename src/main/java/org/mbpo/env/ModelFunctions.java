package org.mbpo.env;

/**
 * The reward and termination of an environment as pure, batched functions of a transition, for
 * rollouts in a learned model (MBPO's {@code static_fns}; mbrl-lib's {@code reward_fns} and
 * {@code termination_fns}). Each must agree with its environment's own {@link Env#step} on the
 * same transition.
 *
 * <p>Arrays are row-major: {@code obs} and {@code nextObs} are {@code [batch, obsDim]} flattened,
 * {@code action} is {@code [batch, actDim]} flattened; results are written into {@code out[0..batch)}.
 */
public interface ModelFunctions {

    /**
     * Whether {@link #reward} is available. It is not for the MuJoCo locomotion tasks: their forward
     * reward is Δx/dt, and x is left out of the observation, so the reward is not a function of
     * {@code (obs, action, nextObs)}. There MBPO learns the reward with the dynamics (the model predicts
     * it), as the reference implementation does; {@link #terminated} is always available.
     */
    default boolean hasReward() {
        return true;
    }

    /**
     * The reward of each transition, written into {@code out} ({@code [batch]}).
     *
     * @throws UnsupportedOperationException when {@link #hasReward()} is false
     */
    void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out);

    /** Whether each next state is terminal, written into {@code out} ({@code [batch]}). */
    void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out);
}
