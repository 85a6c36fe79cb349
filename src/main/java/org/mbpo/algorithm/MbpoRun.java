package org.mbpo.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import org.mbpo.agent.ActionScale;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacLearner;
import org.mbpo.agent.TrainingEnvironment;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
import org.mbpo.env.ModelFunctions;
import org.mbpo.expansion.ValueExpansion;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.random.Rng;
import org.mbpo.run.CheckpointException;
import org.mbpo.run.RunDirectory;
import org.mbpo.run.RunTotals;
import org.mbpo.run.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything an MBPO run holds from one step to the next, and so everything a checkpoint saves
 * ({@link MbpoCheckpoint}): the SAC learner (the agent π, the real environment with its episode in
 * progress, the exploration generator), the model trainer (the ensemble p_θ and its optimiser), D_env and
 * D_model, the other generators, the counters and the progress rows so far. {@link Mbpo#train} advances it
 * one epoch at a time; its {@link RunDirectory} writes it after every epoch.
 *
 * <p>Randomness: the seed feeds one {@link Rng}, split in this order into the agent's generator (initial
 * weights, update noise), the model trainer's seed (initial weights, holdout splits, bootstraps, minibatch
 * order), the training environment's episode seeds, the evaluation seeds, the exploration generator (uniform
 * actions, then π's sampled actions in the real environment), the agent-batch generator (mixed real/model
 * batches) and the rollout generator (start states, π's actions in the model, elite choice and model noise; with
 * value expansion, which makes no rollouts into D_model, the imagined steps' actions, elite choice and noise).
 * Each has a saveable state, so a resumed run draws exactly the numbers the uninterrupted run would.
 *
 * <p>With value expansion ({@link MbpoSettings#expansion}: MVE, STEVE) the run also holds the expansion, which makes
 * the critics' targets from the last model trained. It needs no checkpoint of its own: its generator is the rollout
 * generator, and the model it uses is trained again at the start of every epoch (step 0 of an epoch is a model
 * training step) before any update, from the checkpointed trainer and D_env.
 */
public final class MbpoRun implements TrainingRun {
    /** The real buffer's capacity at most (the reference's replay pool holds 10⁶ transitions). */
    static final int MAX_REAL_CAPACITY = 1_000_000;

    final MbpoSettings settings;
    final long seed;
    final String envId;
    final int obsDim;
    final int actDim;
    final ModelFunctions functions;
    final Env evalEnv;
    final ActionScale scale;
    /** π with the real environment and the exploration generator: collect and update. */
    final SacLearner learner;
    final Sac agent;
    final EnsembleTrainer modelTrainer;
    final Rng evalSeeds;
    final Rng batches;
    final Rng rollouts;
    /** The critics' targets from the model (MVE, STEVE), or null for SAC's own (MBPO). */
    final ValueExpansion expansion;
    /** D_env. */
    ReplayBuffer real;
    /** D_model; null until the first rollout (and always when real_ratio = 1). */
    ReplayBuffer model;
    /** Epochs finished. */
    int epochsDone;
    /** SAC updates so far. */
    long updates;
    /** One row per finished epoch. */
    final List<EpochRow> rows = new ArrayList<>();
    /** Seconds trained and the session, over every session. */
    final RunTotals totals = new RunTotals();

    private MbpoRun(MbpoSettings settings, long seed, Supplier<Env> envs, ModelFunctions functions, int threads) {
        this.settings = settings;
        this.seed = seed;
        this.functions = functions;
        Env env = envs.get();
        this.evalEnv = envs.get();
        this.envId = env.spec().id();
        if (!envId.equals(settings.mbpo().envId())) {
            env.close();
            evalEnv.close();
            throw new IllegalArgumentException("the settings are for " + settings.mbpo().envId() + ", the environment is " + envId);
        }
        this.obsDim = env.spec().observationDim();
        this.actDim = env.spec().actionDim();
        this.scale = new ActionScale(env.actionSpace());
        Rng root = new Rng(seed);
        this.agent = new Sac(obsDim, actDim, settings.sac(), root.split());
        agent.setTwoThreads(threads == 2);
        this.modelTrainer = new EnsembleTrainer(settings.model(), obsDim, actDim, root.nextLong(), threads);
        TrainingEnvironment environment = TrainingEnvironment.seededEpisodes(env, root.split());
        this.evalSeeds = root.split();
        this.learner = new SacLearner(agent, environment, root.split());
        this.batches = root.split();
        this.rollouts = root.split();
        this.expansion = settings.expansion().on() ? ValueExpansion.of(settings.expansion(), functions, rollouts) : null;
        MbpoConfig c = settings.mbpo();
        long total = c.initialSteps() + c.totalSteps();
        this.real = new ReplayBuffer((int) Math.min(MAX_REAL_CAPACITY, total), obsDim, actDim);
    }

    /**
     * A new run.
     *
     * @param envs      makes the environment {@code settings.mbpo().envId()} names (called twice: training and evaluation)
     * @param functions its batched termination function, for rollouts in the model
     * @param threads   1, or 2 for the model's and SAC's two-thread paths (the numbers do not depend on it)
     */
    public static MbpoRun start(MbpoSettings settings, long seed, Supplier<Env> envs, ModelFunctions functions, int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("threads must be 1 or 2, got " + threads);
        }
        return new MbpoRun(settings, seed, envs, functions, threads);
    }

    /**
     * What an MBPO run directory's {@code config.json} says.
     *
     * @param env      the environment id
     * @param seed     the seed
     * @param settings every setting
     * @param threads  the threads it ran with (results do not depend on them)
     */
    public record Config(String env, long seed, MbpoSettings settings, int threads) {

        /** The {@code algo} of runs of the MBPO loop: MBPO, and SAC with value expansion. */
        public static final List<String> ALGORITHMS = List.of("mbpo", "mve", "steve");

        /**
         * Reads {@code dir}'s {@code config.json} (as {@link RunDirectory#create} wrote it for a run of the MBPO loop).
         *
         * @throws CheckpointException (one line) if it is missing, unreadable, or not a run of {@link #ALGORITHMS}
         */
        public static Config read(Path dir) {
            JsonNode c = RunDirectory.readConfig(dir);
            Path file = dir.resolve(RunDirectory.CONFIG);
            String algo = c.get("algo").asText();
            if (!ALGORITHMS.contains(algo)) {
                throw new CheckpointException(file + ": a run of '" + algo + "', not of " + String.join(", ", ALGORITHMS));
            }
            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            for (String name : List.of("mbpo", "sac", "model")) {
                sections.put(name, RunDirectory.section(dir, c, name));
            }
            if (c.has("expansion")) {
                sections.put("expansion", RunDirectory.section(dir, c, "expansion"));
            }
            MbpoSettings settings;
            try {
                settings = MbpoSettings.fromDescription(sections);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": " + e.getMessage());
            }
            if (!settings.algorithm().equals(algo)) {
                throw new CheckpointException(file + ": algo '" + algo + "' but the settings are of '" + settings.algorithm() + "'");
            }
            return new Config(c.get("env").asText(), c.get("seed").asLong(), settings, c.path("threads").asInt(1));
        }
    }

    public MbpoSettings settings() {
        return settings;
    }

    /** Epochs finished. */
    public int epochsDone() {
        return epochsDone;
    }

    /** The progress rows of the finished epochs. */
    public List<EpochRow> rows() {
        return List.copyOf(rows);
    }

    /** The agent (to act with after training; it keeps learning if the run goes on). */
    public Sac agent() {
        return agent;
    }

    /** D_model, or null before the first rollout. */
    ReplayBuffer modelBuffer() {
        return model;
    }

    // ---- TrainingRun -------------------------------------------------------------------------------------

    /** "mbpo", or "mve" or "steve" for value expansion ({@link MbpoSettings#algorithm}). */
    @Override
    public String algorithm() {
        return settings.algorithm();
    }

    @Override
    public String envId() {
        return envId;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Map<String, Object> settingsDescription() {
        return settings.describe();
    }

    @Override
    public Map<String, Object> configExtras() {
        return Map.of("target_entropy_used", settings.sac().targetEntropy(actDim));
    }

    /** {@link EpochRow#HEADER}, then value expansion's columns ({@link ValueExpansion#columns}) if it is on. */
    @Override
    public String progressHeader() {
        return expansion == null ? EpochRow.HEADER : EpochRow.header(expansion.columns());
    }

    /** Real environment steps so far. */
    @Override
    public long realSteps() {
        return real.added();
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public RunTotals totals() {
        return totals;
    }

    @Override
    public void writeCheckpoint(Path file) throws IOException {
        MbpoCheckpoint.write(this, file);
    }

    @Override
    public void restoreCheckpoint(Path file) {
        MbpoCheckpoint.restore(file, this);
    }

    @Override
    public void close() {
        learner.close();
        evalEnv.close();
    }
}
