package org.mbpo.agent;

/**
 * Soft Actor-Critic's settings, with the defaults of Haarnoja et al. (2018b, "Soft Actor-Critic
 * Algorithms and Applications", Table 1), which MBPO uses. Every field can be overridden by name
 * with {@link org.mbpo.config.Overrides}.
 *
 * @param hiddenLayers    hidden layers of the actor and of each critic (2)
 * @param hiddenWidth     units per hidden layer (256)
 * @param gamma           discount γ (0.99)
 * @param tau             target smoothing coefficient τ: θ̄ ← (1 - τ) θ̄ + τ θ (0.005)
 * @param learningRate    Adam's step size for the actor, the critics and the temperature (3e-4)
 * @param batchSize       transitions per update (256)
 * @param initialAlpha    the temperature α before any update (1.0, as SB3 and CleanRL start: log α = 0)
 * @param autoAlpha       whether α is learned to reach the target entropy (true; the paper's Sec. 5)
 * @param targetEntropy   the entropy target H̄ for α (NaN means −|A|, the paper's heuristic; MBPO's presets set their own)
 * @param logStdMin       lower clamp of the policy's log standard deviation (−20, as SB3 and Spinning Up)
 * @param logStdMax       upper clamp of the policy's log standard deviation (2)
 */
public record SacConfig(int hiddenLayers, int hiddenWidth, double gamma, double tau, double learningRate,
                        int batchSize, double initialAlpha, boolean autoAlpha, double targetEntropy,
                        double logStdMin, double logStdMax) {

    public SacConfig {
        require(hiddenLayers >= 1, "hidden_layers", hiddenLayers, "at least 1");
        require(hiddenWidth >= 1, "hidden_width", hiddenWidth, "at least 1");
        require(gamma >= 0 && gamma < 1, "gamma", gamma, "in [0, 1) (at 1 the values of a task that never terminates are infinite)");
        require(tau > 0 && tau <= 1, "tau", tau, "in (0, 1]");
        require(learningRate > 0 && !Double.isInfinite(learningRate), "learning_rate", learningRate, "positive");
        require(batchSize >= 1, "batch_size", batchSize, "at least 1");
        require(initialAlpha > 0 && !Double.isInfinite(initialAlpha), "initial_alpha", initialAlpha, "positive");
        require(!Double.isInfinite(targetEntropy), "target_entropy", targetEntropy, "finite (or NaN for -|A|)");
        require(logStdMin < logStdMax, "log_std_min", logStdMin, "below log_std_max = " + logStdMax);
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " must be " + expected);
        }
    }

    /** The paper's settings: 2 × 256 ReLU, γ 0.99, τ 0.005, lr 3e-4, batch 256, learned α with H̄ = −|A|. */
    public static SacConfig defaults() {
        return new SacConfig(2, 256, 0.99, 0.005, 3e-4, 256, 1.0, true, Double.NaN, -20, 2);
    }

    /** The entropy target for an action space of {@code actDim} dimensions. */
    public double targetEntropy(int actDim) {
        return Double.isNaN(targetEntropy) ? -actDim : targetEntropy;
    }

    /** This config with another batch size. */
    public SacConfig withBatchSize(int size) {
        return new SacConfig(hiddenLayers, hiddenWidth, gamma, tau, learningRate, size, initialAlpha, autoAlpha,
                targetEntropy, logStdMin, logStdMax);
    }

    /** This config with other hidden layers. */
    public SacConfig withHidden(int layers, int width) {
        return new SacConfig(layers, width, gamma, tau, learningRate, batchSize, initialAlpha, autoAlpha,
                targetEntropy, logStdMin, logStdMax);
    }
}
