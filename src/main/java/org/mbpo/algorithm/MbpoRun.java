package org.mbpo.algorithm;

import org.mbpo.agent.Sac;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Env;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.random.Rng;
import org.mbpo.train.ActionScale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an MBPO run holds from one step to the next, and so everything a checkpoint saves
 * ({@link MbpoCheckpoint}): the agent π, the model trainer (the ensemble p_θ and its optimiser), D_env
 * and D_model, the real environment with its episode in progress, the generators, the counters and
 * the progress rows so far. {@link Mbpo#train} advances it one epoch at a time.
 *
 * <p>Randomness: the seed feeds one {@link Rng}, split in this order into the agent's generator
 * (initial weights, update noise), the model trainer's seed (initial weights, holdout splits,
 * bootstraps, minibatch order), the training environment's episode seeds, the evaluation seeds, the
 * exploration generator (uniform actions, then π's sampled actions in the real environment), the
 * agent-batch generator (mixed real/model batches) and the rollout generator (start states, π's actions
 * in the model, elite choice and model noise). Each has a saveable state, so a resumed run draws
 * exactly the numbers the uninterrupted run would.
 */
public final class MbpoRun implements AutoCloseable {
    /** The real buffer's capacity at most (the reference's replay pool holds 10⁶ transitions). */
    static final int MAX_REAL_CAPACITY = 1_000_000;

    final MbpoSettings settings;
    final long seed;
    final String envId;
    final int obsDim;
    final int actDim;
    final ModelFunctions functions;
    final Env env;
    final Env evalEnv;
    final ActionScale scale;
    final TrainingEnvironment environment;
    final Sac agent;
    final EnsembleTrainer modelTrainer;
    final Rng evalSeeds;
    final Rng exploration;
    final Rng batches;
    final Rng rollouts;
    final TransitionBatch agentBatch;
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
    /** Seconds spent in the finished epochs, checkpoints included, over all sessions (for {@link TimingRow#wallSeconds()}). */
    double trainedSeconds;
    /** 1 for a new run, +1 per resume. */
    int session = 1;

    private MbpoRun(MbpoSettings settings, long seed, Supplier<Env> envs, ModelFunctions functions, int threads) {
        this.settings = settings;
        this.seed = seed;
        this.functions = functions;
        this.env = envs.get();
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
        this.environment = new TrainingEnvironment(env, root.split());
        this.evalSeeds = root.split();
        this.exploration = root.split();
        this.batches = root.split();
        this.rollouts = root.split();
        this.agentBatch = TransitionBatch.allocate(settings.sac().batchSize(), obsDim, actDim);
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

    public MbpoSettings settings() {
        return settings;
    }

    public long seed() {
        return seed;
    }

    /** Epochs finished. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Real environment steps so far. */
    public long realSteps() {
        return real.added();
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

    @Override
    public void close() {
        env.close();
        evalEnv.close();
        agent.close();
    }
}
