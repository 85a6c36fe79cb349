package org.mbpo.cli;

/**
 * An error the user can fix (bad input file, missing prerequisite). The command line prints its
 * message as one line and exits with status 2; the message says what is wrong and what to do.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
