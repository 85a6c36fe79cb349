package org.mbpo.algorithm;

import org.mbpo.agent.LearnerStats;
import org.mbpo.agent.PolicyEvaluation;
import org.mbpo.agent.SacLearner;
import org.mbpo.agent.TrainingDiverged;
import org.mbpo.analysis.Stats;
import org.mbpo.data.BatchSampler;
import org.mbpo.run.ProgressBar;
import org.mbpo.run.RunDirectory;
import org.mbpo.run.TimingRow;
import org.mbpo.stop.StopRequest;

/**
 * Model-free SAC training (Haarnoja et al. 2018a, Algorithm 1), the baseline MBPO is compared with: each
 * environment step collects one transition into D_env, then takes {@code updatesPerStep} SAC updates on
 * uniform replay batches ({@link SacLearner#step}); every {@code evalEvery} steps (and at the last) the
 * deterministic policy is evaluated and the run directory written, checkpoint included. Uniform random
 * actions come first, for {@code learningStarts} steps, and updates start after them (CleanRL's
 * {@code global_step > learning_starts}).
 *
 * <p>Threads: OpenBLAS runs single-threaded; {@code threads = 2} runs the twin critics' work on two threads
 * (identical results).
 */
public final class SacTraining {
    private SacTraining() {
    }

    /** Trains {@code run} to its last step; see {@link #train(SacRun, RunDirectory, ProgressBar, long)}. */
    public static SacRun train(SacRun run, RunDirectory dir, ProgressBar bar) {
        return train(run, dir, bar, run.config.steps());
    }

    /**
     * Runs SAC from where {@code run} stands (a new run, or one restored from a checkpoint) until step
     * {@code untilStep} (at most the settings' {@code steps}; an evaluation there ends a segment only where one
     * falls). Mutates {@code run}.
     *
     * @param dir the run directory (progress, timing, curve and a checkpoint after every evaluation), or null
     * @param bar progress display, or null
     * @return {@code run}
     * @throws TrainingDiverged if a loss or parameter becomes NaN or infinite (the evaluations before it are written)
     * @throws org.mbpo.stop.StoppedException at the next step (SIGINT, SIGTERM) or after the next evaluation and its
     *                                        checkpoint (SIGUSR1) once a stop is requested ({@link StopRequest}); the
     *                                        evaluations so far and their checkpoint are written
     */
    public static SacRun train(SacRun run, RunDirectory dir, ProgressBar bar, long untilStep) {
        SacRunConfig c = run.config;
        long last = Math.min(untilStep, c.steps());
        SacLearner learner = run.learner;
        LearnerStats stats = learner.stats();
        BatchSampler uniform = run.real.uniform(run.replay);
        long segmentStart = System.nanoTime();
        long envNanos = 0;
        long agentNanos = 0;
        for (long step = run.steps + 1; step <= last; step++) {
            StopRequest.pollStep();
            // Collect one transition, then train on uniform replay batches (random actions until learning starts).
            long t0 = System.nanoTime();
            learner.collect(run.real, step <= c.learningStarts());
            long t1 = System.nanoTime();
            if (step > c.learningStarts()) {
                learner.update(uniform, c.updatesPerStep(), step);
                run.updates += c.updatesPerStep();
            }
            envNanos += t1 - t0;
            agentNanos += System.nanoTime() - t1;
            run.steps = step;

            // Evaluate: deterministic episodes, a progress row, the curve, a checkpoint.
            if (step % c.evalEvery() == 0 || step == c.steps()) {
                long e0 = System.nanoTime();
                String badNet = run.agent.firstNonFiniteNetwork();
                if (badNet != null) {
                    throw new TrainingDiverged(step, badNet, "a parameter of " + badNet + " is NaN or infinite at step " + step);
                }
                double[] eval = PolicyEvaluation.returns(run.evalEnv, run.agent, run.scale, c.evalEpisodes());
                double evalSeconds = (System.nanoTime() - e0) / 1e9;
                SacRow row = new SacRow(step, learner.environment().episodes(), stats.trainReturn(), Stats.mean(eval), Stats.std(eval),
                        run.updates, stats.q1Loss(), stats.q2Loss(), stats.actorLoss(), stats.alphaLoss(), run.agent.alpha(),
                        stats.entropy());
                run.rows.add(row);
                double segment = (System.nanoTime() - segmentStart) / 1e9;
                TimingRow timing = new TimingRow(run.rows.size(), step, run.totals.session(), run.totals.trainedSeconds() + segment,
                        segment,
                        envNanos / 1e9, 0, 0, agentNanos / 1e9, evalSeconds, 0, stats.updates(), 0, 0);
                stats.reset();
                if (dir != null) {
                    dir.evaluated(run, timing);
                } else {
                    run.totals.addTrainedSeconds(segment);
                }
                if (bar != null) {
                    bar.evaluated(step, row.evalReturn());
                }
                segmentStart = System.nanoTime();
                envNanos = agentNanos = 0;
                if (step < c.steps()) {
                    StopRequest.pollCheckpointed();
                }
            }
            if (bar != null) {
                bar.step(step);
            }
        }
        return run;
    }
}
