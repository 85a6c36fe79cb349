package org.mbpo.run;

/**
 * A checkpoint that cannot be resumed: missing, corrupt, truncated, written by another format, or for
 * another run (settings, seed, environment, version). The message is one line that says which and
 * names the file; nothing has been written when it is thrown.
 */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
