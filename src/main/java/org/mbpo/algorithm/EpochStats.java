package org.mbpo.algorithm;

import org.mbpo.agent.SacLosses;
import org.mbpo.model.EnsembleModel;

/**
 * What one epoch of {@link Mbpo#train} accumulates for its progress and timing rows: SAC's losses,
 * the training episodes that ended, the last model training's holdout error, the rollouts' length
 * and the time per phase. {@link #reset()} after each epoch. Mutable.
 */
final class EpochStats {
    private double q1;
    private double q2;
    private double actor;
    private double alphaLoss;
    private double entropy;
    private long updates;
    private double trainReturns;
    private long trainEpisodes;
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

    void update(SacLosses l) {
        q1 += l.q1Loss();
        q2 += l.q2Loss();
        actor += l.actorLoss();
        alphaLoss += l.alphaLoss();
        entropy += l.entropy();
        updates++;
    }

    /** Counts a finished training episode's return; NaN (no episode finished) is ignored. */
    void trainingEpisode(double episodeReturn) {
        if (!Double.isNaN(episodeReturn)) {
            trainReturns += episodeReturn;
            trainEpisodes++;
        }
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

    EpochRow row(int epoch, long step, long episodes, double[] evalReturns, int k, long modelBufferSize, long totalUpdates,
                 double alpha) {
        double n = updates == 0 ? Double.NaN : updates;
        double mean = Double.NaN;
        double std = Double.NaN;
        if (evalReturns.length > 0) {
            mean = 0;
            for (double r : evalReturns) {
                mean += r;
            }
            mean /= evalReturns.length;
            double ss = 0;
            for (double r : evalReturns) {
                ss += (r - mean) * (r - mean);
            }
            std = Math.sqrt(ss / evalReturns.length);
        }
        return new EpochRow(epoch, step, episodes, trainEpisodes == 0 ? Double.NaN : trainReturns / trainEpisodes, mean, std,
                modelHoldoutMse, modelTrainEpochs, k,
                rolloutStarts == 0 ? Double.NaN : (double) rolloutTransitions / rolloutStarts, modelBufferSize,
                totalUpdates, q1 / n, q2 / n, actor / n, alphaLoss / n, alpha, entropy / n);
    }

    /** The epoch's timing row, with the checkpoint's time still 0 (the run directory fills it in). */
    TimingRow timing(MbpoRun run, EpochRow row) {
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        return new TimingRow(row.epoch(), row.step(), run.session, run.trainedSeconds + epochSeconds, epochSeconds,
                envNanos / 1e9, modelNanos / 1e9, rolloutNanos / 1e9, agentNanos / 1e9, evalNanos / 1e9, 0, updates, modelSteps,
                rolloutTransitions);
    }

    void reset() {
        q1 = q2 = actor = alphaLoss = entropy = trainReturns = 0;
        updates = trainEpisodes = rolloutTransitions = rolloutStarts = modelSteps = 0;
        modelHoldoutMse = Double.NaN;
        modelTrainEpochs = 0;
        envNanos = modelNanos = rolloutNanos = agentNanos = evalNanos = 0;
        epochStart = System.nanoTime();
    }
}
