package org.mbpo.stop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A request to stop a long computation at its next safe point: made by a signal handler (SIGINT, SIGTERM,
 * SIGUSR1; see {@code org.mbpo.cli.Signals}), polled by the training loops, answered by the command line.
 *
 * <p>A loop polls at two kinds of safe point, one line each:
 * <ul>
 *   <li>{@link #pollStep()} between two steps, where nothing is half-written: stops at once for
 *       {@link Kind#INTERRUPT} and {@link Kind#TERMINATE} (the work since the last checkpoint is abandoned);</li>
 *   <li>{@link #pollCheckpointed()} right after the loop's results and its checkpoint are on disk (MBPO: the
 *       end of an epoch; SAC: an evaluation): stops for every kind, {@link Kind#CHECKPOINT} included, so a
 *       scheduler's warning before a time limit loses no finished work.</li>
 * </ul>
 * Both throw {@link StoppedException}, which unwinds the loop; the caller keeps what is on disk and says
 * how to resume.
 *
 * <p>Signals are requests only while something {@link #watch watches} for them (a training loop or a sweep);
 * at any other time the handler ends the process at once, as the default action would. State is global to
 * the JVM because signals are; everything else (which loop, which directory) is passed explicitly.
 */
public final class StopRequest {
    /** The exit status of a run that stopped where it can be resumed (sysexits' EX_TEMPFAIL: "try again later"). */
    public static final int RESUMABLE_STATUS = 75;

    /** What was asked for. */
    public enum Kind {
        /** SIGINT (Ctrl-C): stop at the next step; exit status 130. */
        INTERRUPT("SIGINT", 130, false),
        /** SIGTERM ({@code kill}, {@code scancel}): stop at the next step; exit status 143. */
        TERMINATE("SIGTERM", 143, false),
        /**
         * SIGUSR1 (Slurm's {@code --signal=B:USR1@SECONDS} before a time limit): finish the work up to the next
         * checkpoint, then stop; exit status {@link #RESUMABLE_STATUS} when the run can be resumed, 138 when not.
         */
        CHECKPOINT("SIGUSR1", 138, true);

        private final String signal;
        private final int status;
        private final boolean waitsForCheckpoint;

        Kind(String signal, int status, boolean waitsForCheckpoint) {
            this.signal = signal;
            this.status = status;
            this.waitsForCheckpoint = waitsForCheckpoint;
        }

        /** The signal's name, e.g. {@code SIGINT}. */
        public String signal() {
            return signal;
        }

        /** 128 + the signal's number: the status of a process the signal ended. */
        public int signalStatus() {
            return status;
        }

        /** The exit status of a run stopped by this request: {@link #RESUMABLE_STATUS} for a resumable checkpoint stop. */
        public int exitStatus(boolean resumable) {
            return this == CHECKPOINT && resumable ? RESUMABLE_STATUS : status;
        }

        /** Whether the loop goes on to its next checkpoint before stopping (else it stops at the next step). */
        public boolean waitsForCheckpoint() {
            return waitsForCheckpoint;
        }
    }

    private static final List<Consumer<Kind>> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile Kind requested;
    private static int watchers;

    private StopRequest() {
    }

    /**
     * Asks every watcher to stop ({@code org.mbpo.cli.Signals} calls this from its handler). A request to stop at
     * the next step replaces one to stop at the next checkpoint, never the other way round.
     *
     * @return false if nothing watches, or if this repeats a request to stop at the next step: the caller should
     *         end the process at once
     */
    public static boolean request(Kind kind) {
        synchronized (StopRequest.class) {
            if (watchers == 0) {
                return false;
            }
            Kind before = requested;
            if (before != null && !before.waitsForCheckpoint() && !kind.waitsForCheckpoint()) {
                return false;
            }
            if (before == null || (before.waitsForCheckpoint() && !kind.waitsForCheckpoint())) {
                requested = kind;
            }
        }
        for (Consumer<Kind> l : LISTENERS) {
            l.accept(kind);
        }
        return true;
    }

    /** The pending request, or null. */
    public static Kind requested() {
        return requested;
    }

    /** A safe point between steps: throws if a stop at the next step was requested. */
    public static void pollStep() {
        Kind k = requested;
        if (k != null && !k.waitsForCheckpoint()) {
            throw new StoppedException(k);
        }
    }

    /** A safe point right after results and a checkpoint were written: throws if any stop was requested. */
    public static void pollCheckpointed() {
        Kind k = requested;
        if (k != null) {
            throw new StoppedException(k);
        }
    }

    /**
     * Makes signals requests until the returned handle is closed (watches nest). {@code onRequest}, if not null,
     * hears every request while this watch is open (a sweep passes it on to its cells). When the last watch
     * closes, the pending request is cleared.
     */
    public static Watch watch(Consumer<Kind> onRequest) {
        synchronized (StopRequest.class) {
            watchers++;
        }
        if (onRequest != null) {
            LISTENERS.add(onRequest);
        }
        return new Watch(onRequest);
    }

    /** An open {@link #watch}. */
    public static final class Watch implements AutoCloseable {
        private final Consumer<Kind> listener;
        private boolean closed;

        private Watch(Consumer<Kind> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (listener != null) {
                LISTENERS.remove(listener);
            }
            synchronized (StopRequest.class) {
                if (--watchers == 0) {
                    requested = null;
                }
            }
        }
    }
}
