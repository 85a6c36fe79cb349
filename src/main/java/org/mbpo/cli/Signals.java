package org.mbpo.cli;

import org.mbpo.stop.StopRequest;

import java.io.PrintStream;

/**
 * The process's handlers for SIGINT, SIGTERM and SIGUSR1 (installed by {@link Main#main}): while a training loop or
 * a sweep watches ({@link StopRequest#watch}), a signal becomes a {@link StopRequest} and the loop stops at its next
 * safe point; otherwise, or on a second SIGINT/SIGTERM, the process ends at once with the signal's status
 * (128 + its number; shutdown hooks run, as with Java's default handling).
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported without flags): Java has no public API
 * for signals. A signal that was ignored when the JVM started (a background job of a non-interactive shell
 * ignores SIGINT) stays ignored.
 */
final class Signals {
    private Signals() {
    }

    /** Installs the handlers; where a signal cannot be handled, the JVM's own handling stays. */
    @SuppressWarnings("removal")
    static void install() {
        for (StopRequest.Kind kind : StopRequest.Kind.values()) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(kind.signal().substring(3)), s -> onSignal(kind, System.err));
            } catch (IllegalArgumentException unavailable) {
                // reserved by the JVM or the OS here (e.g. -Xrs): keep the default
            }
        }
    }

    static void onSignal(StopRequest.Kind kind, PrintStream err) {
        if (!StopRequest.request(kind)) {
            if (StopRequest.requested() != null) {
                err.println("\nmbpo: stopped at once by a second " + kind.signal() + "; the files written so far are kept "
                        + "(checkpoints are replaced atomically)");
                err.flush();
            }
            System.exit(kind.signalStatus());
        }
    }
}
