package org.mbpo.agent;

/**
 * What a {@link SacLearner} did since the last progress row, for that row: the means of SAC's losses over
 * its updates and of the returns of the training episodes that ended. NaN where there was nothing to
 * average. {@link #reset()} after each row. Mutable.
 */
public final class LearnerStats {
    private double q1;
    private double q2;
    private double actor;
    private double alphaLoss;
    private double entropy;
    private long updates;
    private double returns;
    private long episodes;

    /** Adds one update's losses. */
    void update(SacLosses l) {
        q1 += l.q1Loss();
        q2 += l.q2Loss();
        actor += l.actorLoss();
        alphaLoss += l.alphaLoss();
        entropy += l.entropy();
        updates++;
    }

    /** Counts a finished training episode's return; NaN (no episode finished) is ignored. */
    void episode(double episodeReturn) {
        if (!Double.isNaN(episodeReturn)) {
            returns += episodeReturn;
            episodes++;
        }
    }

    /** SAC updates since the last reset. */
    public long updates() {
        return updates;
    }

    /** Mean Q1 loss. */
    public double q1Loss() {
        return q1 / perUpdate();
    }

    /** Mean Q2 loss. */
    public double q2Loss() {
        return q2 / perUpdate();
    }

    /** Mean actor loss. */
    public double actorLoss() {
        return actor / perUpdate();
    }

    /** Mean temperature loss. */
    public double alphaLoss() {
        return alphaLoss / perUpdate();
    }

    /** Mean entropy estimate −log π. */
    public double entropy() {
        return entropy / perUpdate();
    }

    /** Mean return of the training episodes that ended. */
    public double trainReturn() {
        return episodes == 0 ? Double.NaN : returns / episodes;
    }

    private double perUpdate() {
        return updates == 0 ? Double.NaN : updates;
    }

    /** Starts over, for the next row. */
    public void reset() {
        q1 = q2 = actor = alphaLoss = entropy = returns = 0;
        updates = episodes = 0;
    }
}
