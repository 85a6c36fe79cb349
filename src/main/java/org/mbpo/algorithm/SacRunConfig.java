package org.mbpo.algorithm;

/**
 * The settings of a SAC training run around the agent (the agent's own are {@link org.mbpo.agent.SacConfig}).
 * Every field can be overridden by name with {@link org.mbpo.config.Overrides}.
 *
 * @param steps          environment steps in total
 * @param learningStarts steps of uniform random actions before the first update (5000, as CleanRL's
 *                       {@code learning_starts} and MBPO's initial exploration)
 * @param updatesPerStep SAC updates per environment step once learning has started (1)
 * @param evalEvery      environment steps between evaluations (1000, MBPO's epoch length)
 * @param evalEpisodes   deterministic episodes per evaluation (10)
 * @param bufferCapacity transitions the replay buffer holds (1,000,000, as CleanRL and SB3)
 * @param threads        1, or 2 to run the twin critics' work on two threads (same results, faster
 *                       on two free cores; see {@link org.mbpo.agent.Sac#setTwoThreads})
 */
public record SacRunConfig(long steps, int learningStarts, int updatesPerStep, int evalEvery, int evalEpisodes,
                           int bufferCapacity, int threads) {

    public SacRunConfig {
        require(steps >= 1, "steps", steps, "at least 1");
        require(learningStarts >= 0, "learning_starts", learningStarts, "at least 0");
        require(updatesPerStep >= 0, "updates_per_step", updatesPerStep, "at least 0");
        require(evalEvery >= 1, "eval_every", evalEvery, "at least 1");
        require(evalEpisodes >= 1, "eval_episodes", evalEpisodes, "at least 1");
        require(bufferCapacity >= 1, "buffer_capacity", bufferCapacity, "at least 1");
        require(threads == 1 || threads == 2, "threads", threads, "1 or 2");
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " must be " + expected);
        }
    }

    /** The defaults for a run of {@code steps} environment steps. */
    public static SacRunConfig defaults(long steps) {
        return new SacRunConfig(steps, 5000, 1, 1000, 10, 1_000_000, 1);
    }
}
