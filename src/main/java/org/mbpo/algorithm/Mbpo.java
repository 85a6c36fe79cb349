package org.mbpo.algorithm;

import org.mbpo.agent.ActionScale;
import org.mbpo.agent.CriticTargets;
import org.mbpo.agent.PolicyEvaluation;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacLearner;
import org.mbpo.agent.TrainingDiverged;
import org.mbpo.data.BatchSampler;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Env;
import org.mbpo.env.ModelFunctions;
import org.mbpo.expansion.ValueExpansion;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.model.ModelEnv;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Profile.Part;
import org.mbpo.random.Rng;
import org.mbpo.run.ProgressBar;
import org.mbpo.run.RunDirectory;
import org.mbpo.stop.StopRequest;

/**
 * Model-Based Policy Optimization (Janner et al. 2019, Algorithm 2), with the reference
 * implementation's schedule of work (github.com/jannerm/mbpo, {@code mbpo/algorithms/mbpo.py}):
 * <pre>
 *   fill D_env with initialSteps steps of a uniform random policy
 *   for each epoch:
 *     for each of epochLength real steps t:
 *       if t mod modelTrainFreq = 0:
 *         train the model p_θ on all of D_env                          (line 3)
 *         k ← the rollout schedule at this epoch; resize D_model to hold retainEpochs epochs of rollouts
 *         M = rolloutBatchSize branched rollouts of k steps of π in p_θ, from states of D_env, into D_model
 *                                                                      (lines 6–8)
 *       one step of π in the real environment, into D_env              (line 5)
 *       G SAC updates on batches of realRatio·B transitions from D_env and the rest from D_model
 *                                                                      (lines 9–10)
 *     evaluate π; write the epoch's progress row; checkpoint
 * </pre>
 * {@link #train} is that loop, one method read top to bottom; the helpers are named after the steps:
 * {@link #trainModel}, {@link #rolloutModel}, {@link #updateAgent}.
 *
 * <p>The same loop runs the comparison of the paper's Sec. 6 (Janner et al. ask whether MBPO's gain comes from
 * generating data, or could be had from the same model sharpening the critics' targets): with value expansion on
 * ({@link MbpoSettings#expansion}: MVE, Feinberg et al. 2018; STEVE, Buckman et al. 2018; {@code --algo mve|steve}) the
 * model is trained on the same data on the same schedule, but no rollouts go into D_model: the G SAC updates per step
 * train on real batches (real_ratio 1), and the model makes their critics' targets ({@link #expandWithModel},
 * {@link org.mbpo.expansion.ValueExpansion}).
 *
 * <p>Where this follows the reference rather than the paper's listing: the model is trained and the
 * rollouts made every {@code modelTrainFreq} steps, not once per epoch; the model is not trained at
 * all when {@code realRatio = 1} (SAC on real data alone); π's actions in the model are sampled, not
 * deterministic; the start states are drawn with replacement. Deviations from the reference: D_model
 * keeps its newest transitions when resized (see {@link ReplayBuffer#resizedCopy}); the reported step
 * count includes the initial exploration.
 */
public final class Mbpo {
    private Mbpo() {
    }

    /** Trains {@code run} to its last epoch; see {@link #train(MbpoRun, RunDirectory, ProgressBar, int)}. */
    public static MbpoRun train(MbpoRun run, RunDirectory dir, ProgressBar bar) {
        return train(run, dir, bar, run.settings.mbpo().epochs());
    }

    /**
     * Runs MBPO from where {@code run} stands (a new run, or one restored from a checkpoint) until
     * {@code untilEpoch} epochs are finished (at most the settings' {@code epochs}). Mutates {@code run}.
     *
     * @param dir the run directory (progress, timing, curve and a checkpoint after every epoch), or
     *            null to write nothing
     * @param bar progress display, or null
     * @return {@code run}
     * @throws TrainingDiverged if a SAC loss or parameter becomes NaN or infinite (the epochs before it are written)
     * @throws org.mbpo.stop.StoppedException at the next step, or the next epoch's start, once a stop is requested
     *                                        ({@link StopRequest}; the finished epochs and their checkpoint are written)
     */
    public static MbpoRun train(MbpoRun run, RunDirectory dir, ProgressBar bar, int untilEpoch) {
        MbpoConfig c = run.settings.mbpo();
        int lastEpoch = Math.min(untilEpoch, c.epochs());
        SacLearner learner = run.learner;
        EpochStats stats = new EpochStats(learner.stats(), run.expansion);

        // Initial exploration: D_env from a uniform random policy (the reference's initial_exploration_hook).
        while (run.realSteps() < c.initialSteps()) {
            StopRequest.pollStep();
            long t0 = System.nanoTime();
            learner.collect(run.real, true);
            stats.envNanos += System.nanoTime() - t0;
        }
        for (int epoch = run.epochsDone; epoch < lastEpoch; epoch++) {
            StopRequest.pollCheckpointed();
            int k = c.rolloutLength(epoch);
            if (bar != null) {
                bar.note("k " + k);
            }
            for (int t = 0; t < c.epochLength(); t++) {
                StopRequest.pollStep();
                if (t % c.modelTrainFreq() == 0 && run.settings.usesModel()) {
                    // Train the model p_θ on all of D_env by maximum likelihood (line 3).
                    long t0 = System.nanoTime();
                    EnsembleModel model = trainModel(run.modelTrainer, run.real);
                    stats.modelTrained(model);
                    long t1 = System.nanoTime();
                    if (run.expansion != null) {
                        // Value expansion instead of lines 6–8: no D_model; the critics' targets look ahead in this model.
                        expandWithModel(run.expansion, model);
                    } else {
                        // D_model holds retainEpochs epochs of rollouts at this k; resized, keeping its newest, when k changes.
                        run.model = resizeModelBuffer(run.model, c.modelBufferCapacity(epoch), run.obsDim, run.actDim);
                        // Branched rollouts: k steps of π in the model from states of D_env, into D_model (lines 6–8).
                        long added = rolloutModel(model, run.functions, run.agent, run.real, run.model, c.rolloutBatchSize(),
                                k, run.rollouts);
                        stats.rolledOut(added, c.rolloutBatchSize());
                    }
                    stats.modelNanos += t1 - t0;
                    stats.rolloutNanos += System.nanoTime() - t1;
                }
                // One step of π in the real environment, into D_env (line 5).
                long t0 = System.nanoTime();
                learner.collect(run.real, false);
                long t1 = System.nanoTime();
                // G SAC updates on batches from D_env and D_model at realRatio (lines 9–10); with value expansion, on
                // D_env alone, the critics' targets from the model.
                run.updates += updateAgent(learner, run.real, run.model, c.realRatio(), c.agentUpdatesPerStep(), run.batches,
                        run.realSteps(), run.expansion);
                stats.envNanos += t1 - t0;
                stats.agentNanos += System.nanoTime() - t1;
                if (bar != null) {
                    bar.step(run.realSteps());
                }
            }

            // Evaluate π (deterministic episodes), then write the epoch's row, the curve and a checkpoint.
            long t0 = System.nanoTime();
            String badNetwork = run.agent.firstNonFiniteNetwork();
            if (badNetwork != null) {
                throw new TrainingDiverged(run.realSteps(), badNetwork, "a parameter of " + badNetwork
                        + " is NaN or infinite at step " + run.realSteps());
            }
            double[] returns = evaluate(run.agent, run.evalEnv, run.scale, run.evalSeeds.nextLong(), c.evalEpisodes());
            stats.evalNanos += System.nanoTime() - t0;
            run.epochsDone = epoch + 1;
            EpochRow row = stats.row(run.epochsDone, run.realSteps(), learner.environment().episodes(), returns, k,
                    run.model == null ? 0 : run.model.size(), run.updates, run.agent.alpha());
            run.rows.add(row);
            if (dir != null) {
                dir.evaluated(run, stats.timing(run, row));
            }
            if (bar != null) {
                bar.evaluated(run.realSteps(), row.evalReturn());
            }
            stats.reset();
        }
        return run;
    }

    /**
     * Trains the model on every transition in D_env (the reference's {@code _train_model}), read in
     * place: the trainer continues from its current parameters and stops early on its holdout (see
     * {@link EnsembleTrainer#train}). Mutates the trainer.
     *
     * @return the trained model, with its training's holdout errors and elites
     */
    static EnsembleModel trainModel(EnsembleTrainer trainer, ReplayBuffer real) {
        return trainer.train(real.view());
    }

    /**
     * D_model with room for {@code capacity} transitions: a new buffer the first time, the same one
     * if the capacity is unchanged, else a copy keeping the newest transitions (the reference's
     * {@code _reallocate_model_pool}).
     */
    static ReplayBuffer resizeModelBuffer(ReplayBuffer current, long capacity, int obsDim, int actDim) {
        if (capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a model buffer of " + capacity + " transitions is too large");
        }
        if (current == null) {
            return new ReplayBuffer((int) capacity, obsDim, actDim);
        }
        return current.capacity() == capacity ? current : current.resizedCopy((int) capacity);
    }

    /**
     * Branched rollouts (Algorithm 2, lines 6–8; the reference's {@code _rollout_model}):
     * {@code starts} states drawn uniformly, with replacement, from D_env; then {@code k} steps in
     * which π samples an action for every live row, the model samples the next state and reward (one
     * elite drawn per row), every row's transition goes into D_model, and the rows whose next state
     * the environment's termination function calls terminal stop. Mutates D_model and {@code rng}.
     *
     * @return the model transitions added (at most {@code starts · k})
     */
    static long rolloutModel(EnsembleModel model, ModelFunctions functions, Sac agent, ReplayBuffer real,
                             ReplayBuffer modelBuffer, int starts, int k, Rng rng) {
        TransitionBatch from = TransitionBatch.allocate(starts, real.obsDim(), real.actDim());
        real.sampleInto(from, rng);
        ModelEnv.Rollouts rollouts = new ModelEnv(model, functions).start(from.observations(), starts);
        float[] actions = new float[starts * real.actDim()];
        long added = 0;
        for (int step = 0; step < k && rollouts.size() > 0; step++) {
            int outer = Profile.enter(Part.ROLLOUT_POLICY);
            agent.actBatch(rollouts.observations(), rollouts.size(), false, rng, actions);
            Profile.enter(Part.ROLLOUT_MODEL);
            TransitionBatch s = rollouts.step(actions, rng);
            Profile.enter(Part.ROLLOUT_BUFFER);
            modelBuffer.addBatch(s);
            Profile.exit(outer);
            added += s.size();
        }
        return added;
    }

    /**
     * Value expansion's use of the model just trained (in place of the branched rollouts of lines 6–8): the critics'
     * targets of the updates that follow look H steps ahead in it. Mutates the expansion.
     */
    static void expandWithModel(ValueExpansion expansion, EnsembleModel model) {
        expansion.useModel(model);
    }

    /**
     * {@code g} SAC updates (Algorithm 2, lines 9–10) on {@link #agentBatches}, the critics' targets SAC's own or, with
     * {@code targets}, value expansion's. Mutates the agent.
     *
     * @param step    the real step, for the message if a loss is not finite
     * @param targets the critics' targets (MVE, STEVE), or null for SAC's own
     * @return {@code g}
     * @throws TrainingDiverged if a loss is NaN or infinite
     */
    static int updateAgent(SacLearner learner, ReplayBuffer real, ReplayBuffer model, double realRatio, int g, Rng rng,
                           long step, CriticTargets targets) {
        learner.update(agentBatches(real, model, realRatio, rng), g, step, targets);
        return g;
    }

    /**
     * The agent's batches (the reference's {@code _training_batch}): the first {@code ⌊realRatio · B⌋} rows from
     * D_env and the rest from D_model, or all from D_env while there is no D_model.
     */
    static BatchSampler agentBatches(ReplayBuffer real, ReplayBuffer model, double realRatio, Rng rng) {
        return model == null ? real.uniform(rng) : ReplayBuffer.mixed(real, model, realRatio, rng);
    }

    /**
     * The returns of {@code episodes} deterministic episodes of π (tanh of the mean action), the first
     * starting from {@code env.reset(seed)} and the rest continuing that generator.
     */
    static double[] evaluate(Sac agent, Env env, ActionScale scale, long seed, int episodes) {
        if (episodes == 0) {
            return new double[0];
        }
        env.reset(seed);
        return PolicyEvaluation.returns(env, agent, scale, episodes);
    }
}
