package org.mbpo.stop;

/** Thrown at a safe point when a {@link StopRequest} is pending: the loop stops, keeping what is on disk. */
public final class StoppedException extends RuntimeException {
    private final StopRequest.Kind kind;

    public StoppedException(StopRequest.Kind kind) {
        super("stopped by " + kind.signal(), null, false, false);
        this.kind = kind;
    }

    /** What was requested. */
    public StopRequest.Kind kind() {
        return kind;
    }
}
