package org.mbpo.agent;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs a task for twin index 0 on the calling thread and for index 1 on one worker thread at the
 * same time, and returns when both are done: SAC's two critics are independent networks of equal
 * size, so their work splits evenly over two cores. The worker spins briefly after each task (the
 * next usually follows within a millisecond), then parks. Not for concurrent callers.
 */
final class TwinRunner implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;
    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int DONE = 2;

    private final Thread worker;
    private volatile Thread caller;
    private volatile IntConsumer task;
    private volatile int state = IDLE;
    private volatile Throwable failure;
    private volatile boolean closed;

    TwinRunner() {
        worker = new Thread(this::loop, "sac-twin-critic");
        worker.setDaemon(true);
        worker.start();
    }

    /** Runs {@code t.accept(0)} here and {@code t.accept(1)} on the worker; returns when both have finished. */
    void run(IntConsumer t) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        caller = Thread.currentThread();
        task = t;
        state = POSTED;
        LockSupport.unpark(worker);
        Throwable here = null;
        try {
            t.accept(0);
        } catch (Throwable e) {
            here = e;
        }
        long start = System.nanoTime();
        while (state != DONE) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        state = IDLE;
        Throwable there = failure;
        failure = null;
        if (here != null) {
            rethrow(here);
        }
        if (there != null) {
            rethrow(there);
        }
    }

    private static void rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }

    private void loop() {
        while (!closed) {
            long start = System.nanoTime();
            while (state != POSTED && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            try {
                task.accept(1);
            } catch (Throwable e) {
                failure = e;
            }
            state = DONE;
            LockSupport.unpark(caller);
        }
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(worker);
    }
}
