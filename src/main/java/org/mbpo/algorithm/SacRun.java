package org.mbpo.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import org.mbpo.agent.ActionScale;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.agent.SacLearner;
import org.mbpo.agent.TrainingEnvironment;
import org.mbpo.config.Overrides;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
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
 * Everything a run of SAC alone holds from one step to the next, and so everything its checkpoint saves
 * ({@link SacCheckpoint}): the SAC learner (agent, real environment with its episode in progress, exploration
 * generator), D_env, the replay generator, the evaluation environment's place in its generator, the counters
 * and the progress rows so far. {@link SacTraining#train} advances it; its {@link RunDirectory} writes it after
 * every evaluation.
 *
 * <p>Randomness: the seed feeds one {@link Rng}, split in this order into the agent's generator (initial
 * weights, update noise), the exploration generator (uniform actions, then π's sampled actions), the replay
 * generator, and the seeds of the training and evaluation environments, whose episodes continue from those
 * seeds ({@link TrainingEnvironment#continuedEpisodes}). Every generator's state is saved, so a resumed run
 * draws exactly the numbers the uninterrupted run would.
 */
public final class SacRun implements TrainingRun {
    final SacConfig sac;
    final SacRunConfig config;
    final long seed;
    final String envId;
    final int obsDim;
    final int actDim;
    final Env evalEnv;
    final long evalSeed;
    final ActionScale scale;
    final SacLearner learner;
    final Sac agent;
    final Rng replay;
    /** D_env. */
    ReplayBuffer real;
    /** Environment steps so far. */
    long steps;
    /** SAC updates so far. */
    long updates;
    /** One row per evaluation. */
    final List<SacRow> rows = new ArrayList<>();
    /** Seconds trained and the session, over every session. */
    final RunTotals totals = new RunTotals();

    private SacRun(Supplier<Env> envs, SacConfig sac, SacRunConfig config, long seed) {
        this.sac = sac;
        this.config = config;
        this.seed = seed;
        Env env = envs.get();
        this.evalEnv = envs.get();
        this.envId = env.spec().id();
        this.obsDim = env.spec().observationDim();
        this.actDim = env.spec().actionDim();
        this.scale = new ActionScale(env.actionSpace());
        Rng root = new Rng(seed);
        this.agent = new Sac(obsDim, actDim, sac, root.split());
        agent.setTwoThreads(config.threads() == 2);
        Rng exploration = root.split();
        this.replay = root.split();
        long envSeed = root.nextLong();
        this.evalSeed = root.nextLong();
        this.learner = new SacLearner(agent, TrainingEnvironment.continuedEpisodes(env, envSeed), exploration);
        evalEnv.reset(evalSeed);
        this.real = new ReplayBuffer((int) Math.min(config.bufferCapacity(), config.steps()), obsDim, actDim);
    }

    /**
     * A new run on environments from {@code envs} (called twice: training and evaluation).
     *
     * @throws IllegalArgumentException if the environment's actions are unbounded
     */
    public static SacRun start(Supplier<Env> envs, SacConfig sac, SacRunConfig config, long seed) {
        return new SacRun(envs, sac, config, seed);
    }

    /**
     * What a SAC run directory's {@code config.json} says.
     *
     * @param env  the environment id
     * @param seed the seed
     * @param sac  the agent's settings
     * @param run  the run's settings (its threads, which do not change any number, as it last ran)
     */
    public record Config(String env, long seed, SacConfig sac, SacRunConfig run) {

        /**
         * Reads {@code dir}'s {@code config.json} (as {@link RunDirectory#create} wrote it for a SAC run).
         *
         * @throws CheckpointException (one line) if it is missing, unreadable, or not a SAC run's
         */
        public static Config read(Path dir) {
            JsonNode c = RunDirectory.readConfig(dir);
            Path file = dir.resolve(RunDirectory.CONFIG);
            if (!c.get("algo").asText().equals("sac")) {
                throw new CheckpointException(file + ": a run of '" + c.get("algo").asText() + "', not of 'sac'");
            }
            try {
                SacConfig sac = Overrides.applyAtOnce(SacConfig.defaults(),
                        Overrides.complete(RunDirectory.section(dir, c, "sac"), SacConfig.defaults(), "sac"));
                SacRunConfig defaults = SacRunConfig.defaults(1);
                SacRunConfig run = Overrides.applyAtOnce(defaults,
                        Overrides.complete(RunDirectory.section(dir, c, "run"), defaults, "run"));
                return new Config(c.get("env").asText(), c.get("seed").asLong(), sac, run);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": " + e.getMessage());
            }
        }
    }

    public SacConfig sacConfig() {
        return sac;
    }

    public SacRunConfig config() {
        return config;
    }

    /** The agent (to act with after training). */
    public Sac agent() {
        return agent;
    }

    /** The progress rows so far. */
    public List<SacRow> rows() {
        return List.copyOf(rows);
    }

    /**
     * The settings that decide the numbers: the agent's and the run's, the run's threads left out (they change
     * only the speed, and a resumed run may use others).
     */
    Map<String, Object> numericSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sac", Overrides.describe(sac));
        Map<String, Object> run = new LinkedHashMap<>(Overrides.describe(config));
        run.remove("threads");
        m.put("run", run);
        return m;
    }

    // ---- TrainingRun -------------------------------------------------------------------------------------

    @Override
    public String algorithm() {
        return "sac";
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sac", Overrides.describe(sac));
        m.put("run", Overrides.describe(config));
        return m;
    }

    @Override
    public Map<String, Object> configExtras() {
        return Map.of("target_entropy_used", sac.targetEntropy(actDim));
    }

    @Override
    public String progressHeader() {
        return SacRow.HEADER;
    }

    @Override
    public long realSteps() {
        return steps;
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
        SacCheckpoint.write(this, file);
    }

    @Override
    public void restoreCheckpoint(Path file) {
        SacCheckpoint.restore(file, this);
    }

    @Override
    public void close() {
        learner.close();
        evalEnv.close();
    }
}
