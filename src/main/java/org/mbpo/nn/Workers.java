package org.mbpo.nn;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (failure.get() == null) {
                        task.accept(i);
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
