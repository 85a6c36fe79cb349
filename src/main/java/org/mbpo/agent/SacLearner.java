package org.mbpo.agent;

import org.mbpo.data.BatchSampler;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Profile.Part;
import org.mbpo.random.Rng;

/**
 * SAC's collect-and-update contract, the one loop body of every use of SAC here (Stable-Baselines3's
 * "collect experience" plus "train"): {@link #collect} takes one real step with the exploration policy into
 * D_env; {@link #update} takes SAC updates on batches from a {@link BatchSampler}. SAC training
 * ({@code org.mbpo.algorithm.SacTraining}) samples D_env uniformly, after {@link #step}'s uniform-random
 * start; MBPO ({@code org.mbpo.algorithm.Mbpo}) mixes D_env and D_model; the experiments' policies come from
 * {@link #step} too. D_env and the sampler are the caller's; the learner owns the agent, the real
 * environment with its episode, the exploration generator, the training batch and the {@link LearnerStats}
 * of the current progress row.
 *
 * <p>Mutable; not thread-safe.
 */
public final class SacLearner implements AutoCloseable {
    private final Sac agent;
    private final TrainingEnvironment environment;
    private final Rng exploration;
    private final TransitionBatch batch;
    private final LearnerStats stats = new LearnerStats();
    private final double[] action;

    /**
     * @param exploration the generator of uniform actions and of π's sampled actions in the real environment
     */
    public SacLearner(Sac agent, TrainingEnvironment environment, Rng exploration) {
        this.agent = agent;
        this.environment = environment;
        this.exploration = exploration;
        this.batch = TransitionBatch.allocate(agent.config().batchSize(), agent.obsDim(), agent.actDim());
        this.action = new double[agent.actDim()];
    }

    public Sac agent() {
        return agent;
    }

    public TrainingEnvironment environment() {
        return environment;
    }

    /** The exploration generator (for a checkpoint). */
    public Rng exploration() {
        return exploration;
    }

    /** The losses and training returns since the last {@link LearnerStats#reset()}. */
    public LearnerStats stats() {
        return stats;
    }

    /**
     * Collect: one real step into {@code real}, with a uniform action in [−1, 1]^|A| if {@code uniform}, else
     * one sampled from π. Mutates the environment, {@code real} and the generator.
     *
     * @return the return of the episode this step finished, or NaN if it goes on
     */
    public double collect(ReplayBuffer real, boolean uniform) {
        if (uniform) {
            for (int j = 0; j < action.length; j++) {
                action[j] = exploration.nextDouble(-1, 1);
            }
        } else {
            agent.act(environment.observation(), false, exploration, action);
        }
        double finished = environment.step(action, real);
        stats.episode(finished);
        return finished;
    }

    /**
     * Update: {@code updates} SAC updates, each on a batch {@code sampler} fills (Algorithm 1's gradient steps;
     * MBPO's Algorithm 2, lines 9–10). Mutates the agent.
     *
     * @param step the real step, for the message if a loss is not finite
     * @throws TrainingDiverged if a loss is NaN or infinite (naming the first non-finite input, if any)
     */
    public void update(BatchSampler sampler, int updates, long step) {
        update(sampler, updates, step, null);
    }

    /**
     * {@link #update(BatchSampler, int, long)} with the critics' targets made by {@code targets} (value expansion; null
     * for SAC's own): {@link Sac#update(TransitionBatch, CriticTargets)}. Mutates the agent.
     */
    public void update(BatchSampler sampler, int updates, long step, CriticTargets targets) {
        for (int u = 0; u < updates; u++) {
            int outer = Profile.enter(Part.SAC_BATCH);
            sampler.sampleInto(batch);
            Profile.exit(outer);
            SacLosses losses = agent.update(batch, targets);
            String bad = losses.firstNonFinite();
            if (bad != null) {
                String input = batch.firstNonFinite();
                throw new TrainingDiverged(step, bad, "the " + bad + " loss is NaN or infinite at step " + step
                        + (input == null ? "" : "; the batch holds a non-finite " + input));
            }
            stats.update(losses);
        }
    }

    /**
     * SAC's step (Haarnoja et al. 2018a, Algorithm 1, with CleanRL's {@code learning_starts}): real step
     * number {@code step} (from 1) with a uniform action while {@code step ≤ learningStarts}, then, once past
     * that, {@code updatesPerStep} updates on batches from {@code sampler}.
     */
    public void step(ReplayBuffer real, long step, int learningStarts, int updatesPerStep, BatchSampler sampler) {
        collect(real, step <= learningStarts);
        if (step > learningStarts) {
            update(sampler, updatesPerStep, step);
        }
    }

    /** Stops the agent's second thread, if any, and closes the environment. */
    @Override
    public void close() {
        agent.close();
        environment.env().close();
    }
}
