package org.mbpo.experiment;

import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.agent.SacLearner;
import org.mbpo.agent.TrainingDiverged;
import org.mbpo.agent.TrainingEnvironment;
import org.mbpo.data.BatchSampler;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
import org.mbpo.random.Rng;

/**
 * SAC on real data alone, advanced to the steps at which the experiments stop its policy to measure it: the
 * collect-and-update step of {@link SacLearner#step} on uniform batches from D_env, without SAC training's
 * evaluations and run directory. The first {@code learningStarts} steps take uniform random actions and no
 * updates.
 *
 * <p>Randomness: {@code rng} is split into the agent's generator, the exploration generator and the replay
 * generator, then gives the environment's seed, in that order. Mutable; not thread-safe.
 */
public final class SacOnRealData implements AutoCloseable {
    private final SacLearner learner;
    private final ReplayBuffer real;
    private final BatchSampler replay;
    private final int learningStarts;
    private final int updatesPerStep;
    private long steps;

    /**
     * @param env            the environment to learn in (owned: closed by {@link #close})
     * @param bufferCapacity transitions D_env holds
     */
    public SacOnRealData(Env env, SacConfig config, int learningStarts, int updatesPerStep, int bufferCapacity, Rng rng) {
        Sac agent = new Sac(env.spec().observationDim(), env.spec().actionDim(), config, rng.split());
        Rng exploration = rng.split();
        this.real = new ReplayBuffer(bufferCapacity, env.spec().observationDim(), env.spec().actionDim());
        this.replay = real.uniform(rng.split());
        this.learner = new SacLearner(agent, TrainingEnvironment.continuedEpisodes(env, rng.nextLong()), exploration);
        this.learningStarts = learningStarts;
        this.updatesPerStep = updatesPerStep;
    }

    /** The agent (its policy is the current one). */
    public Sac agent() {
        return learner.agent();
    }

    /** D_env: the real transitions so far (all of them, in order, while it has room). */
    public ReplayBuffer buffer() {
        return real;
    }

    /** Environment steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Takes {@code n} environment steps, each followed by {@code updatesPerStep} SAC updates once past
     * {@code learningStarts}. Mutates the agent, D_env and the environment.
     *
     * @throws TrainingDiverged if a loss becomes NaN or infinite
     */
    public void stepInPlace(long n) {
        for (long i = 0; i < n; i++) {
            steps++;
            learner.step(real, steps, learningStarts, updatesPerStep, replay);
        }
    }

    @Override
    public void close() {
        learner.close();
    }
}
