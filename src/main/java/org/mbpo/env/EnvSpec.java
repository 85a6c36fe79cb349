package org.mbpo.env;

/**
 * What identifies an environment and sizes everything built around it.
 *
 * @param id              the Gymnasium id, e.g. {@code Pendulum-v1}
 * @param observationDim  obsDim
 * @param actionDim       actDim
 * @param maxEpisodeSteps the time limit (Gymnasium's {@code max_episode_steps}); the step that reaches it is truncated
 */
public record EnvSpec(String id, int observationDim, int actionDim, int maxEpisodeSteps) {
}
