package org.mbpo.nn;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads that run indexed tasks: the caller and {@code threads − 1} daemon helpers
 * take task indices in turn. Every task's result must depend only on its index (never on which thread
 * ran it or when), so that results are the same for any thread count; the model's code keeps to that.
 * One shared instance per thread count. The dynamics model runs its members on them, and
 * {@link Adam}'s TensorFlow form its chunks.
 */
public final class Workers {
    private static final ConcurrentHashMap<Integer, Workers> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final ExecutorService helpers;

    private Workers(int threads) {
        this.threads = threads;
        if (threads > 1) {
            AtomicInteger count = new AtomicInteger();
            this.helpers = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "mbpo-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.helpers = null;
        }
    }

    /** The shared workers with {@code threads} threads (the caller included). */
    public static Workers shared(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
        return SHARED.computeIfAbsent(threads, Workers::new);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task.accept(i)} for i in [0, tasks), spread over the threads; returns when all are done. */
    public void run(int tasks, IntConsumer task) {
        if (threads == 1 || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        runIndexed(tasks, (i, failure) -> task.accept(i));
    }

    /**
     * Runs {@code first.accept(i)} for i in [0, tasks), then {@code second.accept(i)} for each i once its
     * {@code first.accept(i)} has finished, spread over the threads, and returns when all are done. On one thread each
     * second part follows its own first part at once, while what the first part left (a member's activations and
     * gradients) is still in the caches. On two, each thread runs its own half of the tasks that way; an odd task out
     * is split between them, its first part on one thread before that thread's half, its second part on the other
     * after its half, so that seven members on two threads end nearly together with six of them back to back. On more,
     * the threads take the first parts in order, then the second parts.
     */
    public void runInTwoPhases(int tasks, IntConsumer first, IntConsumer second) {
        if (threads == 1 || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                first.accept(i);
                second.accept(i);
            }
            return;
        }
        if (threads == 2) {
            runInTwoHalves(tasks, first, second);
            return;
        }
        AtomicIntegerArray firstDone = new AtomicIntegerArray(tasks);
        runIndexed(2 * tasks, (i, failure) -> {
            if (i < tasks) {
                first.accept(i);
                firstDone.set(i, 1);
                return;
            }
            // Taken in order, first(i - tasks) is running or done; one that failed (or was skipped after a failure)
            // is never marked done, and the failure is recorded.
            while (firstDone.get(i - tasks) == 0 && failure.get() == null) {
                Thread.onSpinWait();
            }
            if (failure.get() == null) {
                second.accept(i - tasks);
            }
        });
    }

    /** {@link #runInTwoPhases} on two threads: each its half of the tasks back to back, an odd last task split. */
    private void runInTwoHalves(int tasks, IntConsumer first, IntConsumer second) {
        int whole = tasks - tasks % 2;
        int odd = tasks % 2 == 1 ? tasks - 1 : -1;
        AtomicInteger oddFirstDone = new AtomicInteger();
        runIndexed(2, (half, failure) -> {
            if (half == 0) {
                if (odd >= 0) {
                    first.accept(odd);
                    oddFirstDone.set(1);
                }
                backToBack(0, whole / 2, first, second, failure);
            } else {
                backToBack(whole / 2, whole, first, second, failure);
                if (odd >= 0) {
                    // The other half started with it; one that failed is never marked done, and the failure is recorded.
                    while (oddFirstDone.get() == 0 && failure.get() == null) {
                        Thread.onSpinWait();
                    }
                    if (failure.get() == null) {
                        second.accept(odd);
                    }
                }
            }
        });
    }

    /** first(i), second(i) for i in [from, to), stopping at another thread's failure. */
    private static void backToBack(int from, int to, IntConsumer first, IntConsumer second, AtomicReference<Throwable> failure) {
        for (int i = from; i < to && failure.get() == null; i++) {
            first.accept(i);
            second.accept(i);
        }
    }

    /** A piece of work by index that may look at whether another has failed. */
    private interface Indexed {
        void run(int i, AtomicReference<Throwable> failure);
    }

    /** Runs {@code task} for i in [0, tasks) on the caller and the helpers, indices taken in order; rethrows the first failure. */
    private void runIndexed(int tasks, Indexed task) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (failure.get() == null) {
                        task.run(i, failure);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        int extra = Math.min(threads - 1, tasks - 1);
        for (int h = 0; h < extra; h++) {
            helpers.execute(work);
        }
        work.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
