package org.mbpo.experiment;

import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.agent.SacLosses;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Env;
import org.mbpo.env.Step;
import org.mbpo.random.Rng;
import org.mbpo.train.ActionScale;
import org.mbpo.train.TrainingDiverged;


/**
 * SAC's collect-then-update loop (Haarnoja et al. 2018a, Algorithm 1), one environment step at a time,
 * for experiments that stop the policy at chosen steps to measure it: the same loop as
 * {@link org.mbpo.train.SacTrainer} without its evaluations and run directory. The first
 * {@code learningStarts} steps take uniform random actions and no updates.
 *
 * <p>Randomness: {@code rng} is split into the agent's generator, the exploration generator, the replay
 * generator and the environment's seed, in that order. Mutable; not thread-safe.
 */
public final class SacLearner implements AutoCloseable {
    private final Env env;
    private final Sac agent;
    private final ActionScale scale;
    private final ReplayBuffer buffer;
    private final TransitionBatch batch;
    private final Rng exploration;
    private final Rng replay;
    private final int learningStarts;
    private final int updatesPerStep;
    private final double[] a;
    private final double[] envAction;
    private double[] obs;
    private long steps;

    /**
     * @param env            the environment to learn in (owned: closed by {@link #close})
     * @param bufferCapacity transitions the replay buffer holds
     */
    public SacLearner(Env env, SacConfig config, int learningStarts, int updatesPerStep, int bufferCapacity,
                      Rng rng) {
        this.env = env;
        int obsDim = env.spec().observationDim();
        int actDim = env.spec().actionDim();
        this.agent = new Sac(obsDim, actDim, config, rng.split());
        this.exploration = rng.split();
        this.replay = rng.split();
        this.scale = new ActionScale(env.actionSpace());
        this.buffer = new ReplayBuffer(bufferCapacity, obsDim, actDim);
        this.batch = TransitionBatch.allocate(config.batchSize(), obsDim, actDim);
        this.learningStarts = learningStarts;
        this.updatesPerStep = updatesPerStep;
        this.a = new double[actDim];
        this.envAction = new double[actDim];
        this.obs = env.reset(rng.nextLong());
    }

    /** The agent (its policy is the current one). */
    public Sac agent() {
        return agent;
    }

    /** The replay buffer of the real transitions so far (all of them, in order, while it has room). */
    public ReplayBuffer buffer() {
        return buffer;
    }

    /** Environment steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Takes {@code n} environment steps, each followed by {@code updatesPerStep} SAC updates once past
     * {@code learningStarts}. Mutates the agent, the buffer and the environment.
     *
     * @throws TrainingDiverged if a loss becomes NaN or infinite
     */
    public void stepInPlace(long n) {
        for (long i = 0; i < n; i++) {
            steps++;
            if (steps <= learningStarts) {
                for (int j = 0; j < a.length; j++) {
                    a[j] = exploration.nextDouble(-1, 1);
                }
            } else {
                agent.act(obs, false, exploration, a);
            }
            scale.toEnv(a, envAction);
            Step s = env.step(envAction);
            buffer.add(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated());
            obs = s.done() ? env.reset() : s.observation();
            if (steps > learningStarts) {
                for (int u = 0; u < updatesPerStep; u++) {
                    buffer.sampleInto(batch, replay);
                    SacLosses losses = agent.update(batch);
                    String bad = losses.firstNonFinite();
                    if (bad != null) {
                        throw new TrainingDiverged(steps, bad, "the " + bad + " loss is NaN or infinite at step " + steps);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        agent.close();
        env.close();
    }
}
