package org.mbpo.experiment;

/**
 * The settings of the model-error-against-policy-shift experiment ({@link ShiftExperiment}; the paper's
 * Figure 1, Sec. 4.2) around SAC's and the model's own settings ({@link org.mbpo.agent.SacConfig},
 * {@link org.mbpo.model.EnsembleConfig}). Every field can be overridden by name with
 * {@link org.mbpo.config.Overrides}.
 *
 * @param sizes            the data-set sizes: models are trained on the first N transitions of π_D (1000,4000,16000)
 * @param pretrainSteps    SAC steps that make π_D, the data-collecting policy, from scratch (2000: on Pendulum-v1 a
 *                         policy that does not yet swing up, so later policies reach states its data lacks)
 * @param learningStarts   uniform random steps before SAC's first update (1000)
 * @param updatesPerStep   SAC updates per environment step (1)
 * @param shiftSteps       SAC steps after π_D that make the policies whose shift is measured (8000)
 * @param checkpoints      policies measured along those steps, spaced geometrically from {@code firstCheckpoint} to
 *                         {@code shiftSteps} (many small shifts for the slope at ε_π = 0); π_D itself is measured too (12)
 * @param firstCheckpoint  SAC steps after π_D of the first measured policy (25)
 * @param evalTransitions  fresh real transitions of each measured policy, the data of its ε_m′ (2000)
 * @param shiftStates      states of π_D over which the shift is averaged (1000; at most evalTransitions)
 * @param mcSamples        Monte Carlo draws per state for the TV between policies (200)
 * @param returnEpisodes   real episodes of each policy (deterministic actions) its returns are measured along (5)
 * @param returnHorizon    H: each policy's real and model returns over H steps from every {@code H/2}-th state of
 *                         those episodes ({@link org.mbpo.analysis.ModelReturn#branched}); 0 for whole episodes (20)
 * @param fitFraction      the fraction of policies, smallest shifts first, that the slope at ε_π = 0 is fitted to (0.5)
 * @param confidence       confidence level of the slope intervals (0.95)
 * @param gamma            discount of Theorem 2's constant for the rollout length it favours (0.99)
 * @param kMax             the largest rollout length considered (1000)
 * @param threads          threads for model training and prediction (1)
 */
public record ShiftConfig(Sizes sizes, int pretrainSteps, int learningStarts, int updatesPerStep, int shiftSteps,
                          int checkpoints, int firstCheckpoint, int evalTransitions, int shiftStates, int mcSamples, int returnEpisodes,
                          int returnHorizon, double fitFraction, double confidence, double gamma, int kMax, int threads) {

    public ShiftConfig {
        require(pretrainSteps >= 1, "pretrain_steps", pretrainSteps, "at least 1");
        require(learningStarts >= 0 && learningStarts <= pretrainSteps, "learning_starts", learningStarts,
                "between 0 and pretrain_steps (" + pretrainSteps + ")");
        require(updatesPerStep >= 1, "updates_per_step", updatesPerStep, "at least 1");
        require(checkpoints >= 2, "checkpoints", checkpoints, "at least 2 (a slope needs 3 policies with π_D)");
        require(firstCheckpoint >= 1, "first_checkpoint", firstCheckpoint, "at least 1");
        require(shiftSteps >= firstCheckpoint + checkpoints - 1, "shift_steps", shiftSteps,
                "at least first_checkpoint + checkpoints − 1 (" + (firstCheckpoint + checkpoints - 1) + ")");
        require(evalTransitions >= 10, "eval_transitions", evalTransitions, "at least 10");
        require(shiftStates >= 1 && shiftStates <= evalTransitions, "shift_states", shiftStates,
                "between 1 and eval_transitions (" + evalTransitions + ")");
        require(mcSamples >= 1, "mc_samples", mcSamples, "at least 1");
        require(returnEpisodes >= 1, "return_episodes", returnEpisodes, "at least 1");
        require(returnHorizon >= 0, "return_horizon", returnHorizon, "at least 0 (0: whole episodes)");
        require(fitFraction > 0 && fitFraction <= 1, "fit_fraction", fitFraction, "in (0, 1]");
        require(confidence > 0 && confidence < 1, "confidence", confidence, "in (0, 1)");
        require(gamma > 0 && gamma < 1, "gamma", gamma, "in (0, 1)");
        require(kMax >= 1, "k_max", kMax, "at least 1");
        require(threads == 1 || threads == 2, "threads", threads, "1 or 2");
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " must be " + expected);
        }
    }

    /**
     * The SAC steps after π_D of measured policy {@code i} (1 … checkpoints): geometric from
     * {@code firstCheckpoint} to {@code shiftSteps}, rounded, and strictly increasing.
     */
    public long checkpointStep(int i) {
        if (i < 1 || i > checkpoints) {
            throw new IllegalArgumentException("checkpoint " + i + " of " + checkpoints);
        }
        long previous = 0;
        long step = 0;
        for (int j = 1; j <= i; j++) {
            double ratio = checkpoints == 1 ? 1 : (j - 1) / (double) (checkpoints - 1);
            step = Math.max(previous + 1, Math.round(firstCheckpoint * Math.pow((double) shiftSteps / firstCheckpoint, ratio)));
            previous = step;
        }
        return Math.min(step, shiftSteps - (checkpoints - i));
    }

    /** The stride between branch points of the returns: H/2 (1 at least). */
    public int returnStride() {
        return Math.max(1, returnHorizon / 2);
    }

    /** The defaults (sized for Pendulum-v1: about 15 minutes on two shared cores). */
    public static ShiftConfig defaults() {
        return new ShiftConfig(Sizes.parse("1000,4000,16000"), 2000, 1000, 1, 8000, 12, 25, 2000, 1000, 200, 5, 20, 0.5, 0.95,
                0.99, 1000, 1);
    }
}
