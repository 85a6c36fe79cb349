package org.mbpo.run;

/**
 * A training run's clock over all its sessions: the seconds spent in finished segments (checkpoints included)
 * and which session (process) runs it now, 1 for a new run and one more per resume. Mutable.
 */
public final class RunTotals {
    private double trainedSeconds;
    private int session = 1;

    /** Seconds of training in finished segments, over every session. */
    public double trainedSeconds() {
        return trainedSeconds;
    }

    /** The session running now. */
    public int session() {
        return session;
    }

    /** Adds a finished segment's seconds; mutates the totals. */
    public void addTrainedSeconds(double seconds) {
        trainedSeconds += seconds;
    }

    /** Continues a checkpoint's totals in a new session; mutates the totals. */
    public void resumeFrom(double savedSeconds, int savedSession) {
        trainedSeconds = savedSeconds;
        session = savedSession + 1;
    }
}
