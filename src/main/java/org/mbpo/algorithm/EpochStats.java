package org.mbpo.algorithm;

import org.mbpo.agent.LearnerStats;
import org.mbpo.analysis.Stats;
import org.mbpo.expansion.ValueExpansion;
import org.mbpo.model.EnsembleModel;
import org.mbpo.run.TimingRow;

import java.util.List;

/**
 * What one epoch of {@link Mbpo#train} accumulates for its progress and timing rows beyond what the SAC
 * learner's {@link LearnerStats} keep (SAC's losses, the training episodes that ended): the last model
 * training's holdout error, the rollouts' length and the time per phase; value expansion's diagnostics are the
 * expansion's own. {@link #reset()} after each epoch (it resets the learner's and the expansion's too). Mutable.
 */
final class EpochStats {
    private final LearnerStats learner;
    /** The run's value expansion, or null (MBPO). */
    private final ValueExpansion expansion;
    private double modelHoldoutMse = Double.NaN;
    private int modelTrainEpochs;
    private long rolloutTransitions;
    private long rolloutStarts;
    private long modelSteps;
    long envNanos;
    long modelNanos;
    long rolloutNanos;
    long agentNanos;
    long evalNanos;
    private long epochStart = System.nanoTime();

    EpochStats(LearnerStats learner, ValueExpansion expansion) {
        this.learner = learner;
        this.expansion = expansion;
    }

    void modelTrained(EnsembleModel model) {
        modelHoldoutMse = model.training().eliteHoldoutMse();
        modelTrainEpochs = model.training().epochs();
        modelSteps += model.training().gradientSteps();
    }

    void rolledOut(long transitions, int starts) {
        rolloutTransitions += transitions;
        rolloutStarts += starts;
    }

    /** The epoch's progress row, with value expansion's diagnostics in its last columns. */
    EpochRow row(int epoch, long step, long episodes, double[] evalReturns, int k, long modelBufferSize, long totalUpdates,
                 double alpha) {
        LearnerStats l = learner;
        return new EpochRow(epoch, step, episodes, l.trainReturn(), Stats.mean(evalReturns), Stats.std(evalReturns),
                modelHoldoutMse, modelTrainEpochs, k,
                rolloutStarts == 0 ? Double.NaN : (double) rolloutTransitions / rolloutStarts, modelBufferSize,
                totalUpdates, l.q1Loss(), l.q2Loss(), l.actorLoss(), l.alphaLoss(), alpha, l.entropy(),
                expansion == null ? List.of() : expansion.epochValues());
    }

    /** The epoch's timing row, with the checkpoint's time still 0 (the run directory fills it in). */
    TimingRow timing(MbpoRun run, EpochRow row) {
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        return new TimingRow(row.epoch(), row.step(), run.totals.session(), run.totals.trainedSeconds() + epochSeconds, epochSeconds,
                envNanos / 1e9, modelNanos / 1e9, rolloutNanos / 1e9, agentNanos / 1e9, evalNanos / 1e9, 0, learner.updates(),
                modelSteps, rolloutTransitions);
    }

    void reset() {
        learner.reset();
        if (expansion != null) {
            expansion.resetStats();
        }
        rolloutTransitions = rolloutStarts = modelSteps = 0;
        modelHoldoutMse = Double.NaN;
        modelTrainEpochs = 0;
        envNanos = modelNanos = rolloutNanos = agentNanos = evalNanos = 0;
        epochStart = System.nanoTime();
    }
}
