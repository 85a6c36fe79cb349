package org.mbpo.algorithm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MBPO's settings for one run (Janner et al. 2019, Algorithm 2 and App. C). Presets are static
 * factories with the values of the reference implementation's per-environment configurations
 * (github.com/jannerm/mbpo, {@code examples/config/*}); every field can be overridden with
 * {@link org.mbpo.config.Overrides} ({@code --set key=value} on the command line).
 *
 * @param envId               the Gymnasium id of the environment
 * @param epochs              number of epochs (the reference's {@code n_epochs})
 * @param epochLength         real environment steps per epoch (1000; 250 for the inverted pendulums)
 * @param initialSteps        steps of a uniform random policy before learning (5000; 500 for the inverted pendulums)
 * @param modelTrainFreq      real steps between model trainings and rollouts (250; 1000 for Humanoid)
 * @param rolloutBatchSize    start states per rollout, drawn uniformly from the real buffer (100,000)
 * @param rolloutSchedule     the rollout length k against the epoch ({@link RolloutSchedule})
 * @param retainEpochs        epochs of model rollouts the model buffer keeps (1; 5 for Humanoid)
 * @param realRatio           fraction of each SAC batch drawn from real data (0.05)
 * @param agentUpdatesPerStep G, SAC updates per real step (the reference's {@code n_train_repeat}: 20; 40 for HalfCheetah)
 * @param ensembleSize        networks in the model ensemble (7)
 * @param elites              members used for rollouts, the best on holdout (5)
 * @param modelHidden         hidden width of each of the model's 4 layers (200; 400 for Humanoid)
 * @param targetEntropy       SAC's target entropy (per preset; NaN means −|A|)
 * @param evalEpisodes        deterministic evaluation episodes after every epoch
 */
public record MbpoConfig(String envId, int epochs, int epochLength, int initialSteps, int modelTrainFreq,
                         int rolloutBatchSize, RolloutSchedule rolloutSchedule, int retainEpochs, double realRatio,
                         int agentUpdatesPerStep, int ensembleSize, int elites, int modelHidden,
                         double targetEntropy, int evalEpisodes) {

    public MbpoConfig {
        require(epochs >= 1, "epochs", epochs, "at least 1");
        require(epochLength >= 1, "epoch_length", epochLength, "at least 1");
        require(initialSteps >= 0, "initial_steps", initialSteps, "at least 0");
        require(modelTrainFreq >= 1, "model_train_freq", modelTrainFreq, "at least 1");
        require(rolloutBatchSize >= 1, "rollout_batch_size", rolloutBatchSize, "at least 1");
        require(retainEpochs >= 1, "retain_epochs", retainEpochs, "at least 1");
        require(realRatio >= 0 && realRatio <= 1, "real_ratio", realRatio, "in [0, 1]");
        require(agentUpdatesPerStep >= 0, "agent_updates_per_step", agentUpdatesPerStep, "at least 0");
        require(ensembleSize >= 1, "ensemble_size", ensembleSize, "at least 1");
        require(elites >= 1 && elites <= ensembleSize, "elites", elites, "between 1 and ensemble_size (" + ensembleSize + ")");
        require(modelHidden >= 1, "model_hidden", modelHidden, "at least 1");
        require(evalEpisodes >= 0, "eval_episodes", evalEpisodes, "at least 0");
        require(!Double.isInfinite(targetEntropy), "target_entropy", targetEntropy, "finite (or NaN for -|A|)");
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " must be " + expected);
        }
    }

    /** The defaults shared by the MuJoCo presets, for {@code envId}. */
    private static MbpoConfig mujoco(String envId, int epochs, int g, RolloutSchedule schedule, double targetEntropy) {
        return new MbpoConfig(envId, epochs, 1000, 5000, 250, 100_000, schedule, 1, 0.05, g, 7, 5, 200,
                targetEntropy, 10);
    }

    /** Hopper-v4: G 20, k from 1 to 15 over epochs 20–150, 125 epochs, target entropy −1. */
    public static MbpoConfig hopper() {
        return mujoco("Hopper-v4", 125, 20, new RolloutSchedule(20, 150, 1, 15), -1);
    }

    /** Walker2d-v4: G 20, k = 1, 300 epochs, target entropy −3. */
    public static MbpoConfig walker2d() {
        return mujoco("Walker2d-v4", 300, 20, new RolloutSchedule(20, 150, 1, 1), -3);
    }

    /** HalfCheetah-v4: G 40, k = 1, 400 epochs, target entropy −3. */
    public static MbpoConfig halfCheetah() {
        return mujoco("HalfCheetah-v4", 400, 40, new RolloutSchedule(20, 150, 1, 1), -3);
    }

    /** AntTruncatedObs-v4: G 20, k from 1 to 25 over epochs 20–100, 300 epochs, target entropy −4. */
    public static MbpoConfig ant() {
        return mujoco("AntTruncatedObs-v4", 300, 20, new RolloutSchedule(20, 100, 1, 25), -4);
    }

    /**
     * HumanoidTruncatedObs-v4: G 20, k from 1 to 25 over epochs 20–300, model trained every 1000 steps,
     * rollouts retained 5 epochs, model width 400, 300 epochs, target entropy −2.
     */
    public static MbpoConfig humanoid() {
        return new MbpoConfig("HumanoidTruncatedObs-v4", 300, 1000, 5000, 1000, 100_000,
                new RolloutSchedule(20, 300, 1, 25), 5, 0.05, 20, 7, 5, 400, -2, 10);
    }

    /** InvertedPendulum-v4: epochs of 250 steps, 500 initial steps, G 10, k = 1, 80 epochs, target entropy −0.05. */
    public static MbpoConfig invertedPendulum() {
        return new MbpoConfig("InvertedPendulum-v4", 80, 250, 500, 250, 100_000,
                new RolloutSchedule(1, 15, 1, 1), 1, 0.05, 10, 7, 5, 200, -0.05, 10);
    }

    /** InvertedDoublePendulum-v4: as InvertedPendulum with G 20 and target entropy −0.5. */
    public static MbpoConfig invertedDoublePendulum() {
        return new MbpoConfig("InvertedDoublePendulum-v4", 80, 250, 500, 250, 100_000,
                new RolloutSchedule(1, 15, 1, 1), 1, 0.05, 20, 7, 5, 200, -0.5, 10);
    }

    /**
     * Pendulum-v1 (this project's design; not in the paper): one 200-step episode per epoch, 2 random
     * episodes first, a model trained every episode, smaller rollout batches (10,000) with k from 1 to 5
     * over epochs 2–10 since pendulum dynamics are smooth, G 10, 10 evaluation episodes. 30 epochs
     * (6,400 real steps with the random ones): the README's main job, sized to finish in about ten
     * minutes on two cores.
     */
    public static MbpoConfig pendulum() {
        return new MbpoConfig("Pendulum-v1", 30, 200, 400, 200, 10_000,
                new RolloutSchedule(2, 10, 1, 5), 1, 0.05, 10, 7, 5, 200, Double.NaN, 10);
    }

    /** ContinuousCartPole (this project's design): as {@link #pendulum()} with k from 1 to 10. */
    public static MbpoConfig continuousCartPole() {
        return new MbpoConfig("ContinuousCartPole", 30, 200, 400, 200, 10_000,
                new RolloutSchedule(2, 10, 1, 10), 1, 0.05, 10, 7, 5, 200, Double.NaN, 5);
    }

    private static final Map<String, Supplier<MbpoConfig>> PRESETS = presets();

    private static Map<String, Supplier<MbpoConfig>> presets() {
        Map<String, Supplier<MbpoConfig>> m = new LinkedHashMap<>();
        m.put("hopper", MbpoConfig::hopper);
        m.put("walker2d", MbpoConfig::walker2d);
        m.put("halfcheetah", MbpoConfig::halfCheetah);
        m.put("ant", MbpoConfig::ant);
        m.put("humanoid", MbpoConfig::humanoid);
        m.put("invertedpendulum", MbpoConfig::invertedPendulum);
        m.put("inverteddoublependulum", MbpoConfig::invertedDoublePendulum);
        m.put("pendulum", MbpoConfig::pendulum);
        m.put("continuouscartpole", MbpoConfig::continuousCartPole);
        return m;
    }

    /** The preset names, e.g. {@code hopper}, {@code invertedpendulum}. */
    public static Iterable<String> presetNames() {
        return PRESETS.keySet();
    }

    /**
     * The preset called {@code name} (case-insensitive; '-', '_' and a Gymnasium version suffix are
     * ignored, so {@code Hopper-v4}, {@code hopper} and {@code HalfCheetah} all work).
     */
    public static MbpoConfig preset(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("-v\\d+$", "").replace("-", "").replace("_", "")
                .replace("truncatedobs", "");
        Supplier<MbpoConfig> s = PRESETS.get(key);
        if (s == null) {
            throw new IllegalArgumentException("no MBPO preset '" + name + "'; presets: " + String.join(", ", PRESETS.keySet()));
        }
        return s.get();
    }

    /** The rollout length k at {@code epoch}. */
    public int rolloutLength(int epoch) {
        return rolloutSchedule.length(epoch);
    }

    /**
     * The model buffer's capacity at {@code epoch}: {@code retainEpochs} epochs of rollouts at the
     * current k, i.e. retain × k × rolloutBatchSize × (epochLength / modelTrainFreq) transitions
     * (the reference's {@code _reallocate_model_pool}). The buffer is resized when k changes.
     */
    public long modelBufferCapacity(int epoch) {
        double rolloutsPerEpoch = (double) rolloutBatchSize * epochLength / modelTrainFreq;
        return (long) retainEpochs * (long) (rolloutLength(epoch) * rolloutsPerEpoch);
    }

    /** Total real environment steps: epochs × epochLength. */
    public long totalSteps() {
        return (long) epochs * epochLength;
    }
}
