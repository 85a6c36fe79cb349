package org.mbpo.nn;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * What this machine's cores deliver, measured: the rate of a large single-precision matrix product (the
 * yardstick {@code ./mbpo bench} compares its hot operations with) and whether a second thread adds to the
 * first ({@link #probeThreads}, which chooses the training runs' thread count when none is given). Virtual
 * machines differ: on one 2-vCPU VM two threads ran a large product at twice one thread's rate, on another
 * at the same rate (two hyperthreads of one core), and a machine shared with other runs gives a second thread
 * little whatever its cores are; so this measures rather than counts cores.
 */
public final class CpuRates {
    /** The speed-up of two threads over one from which two threads are used. */
    public static final double TWO_THREADS_FROM = 1.3;

    private CpuRates() {
    }

    /**
     * GFLOP/s of {@code C = A B} for square {@code n × n} matrices with OpenBLAS on {@code threads} threads:
     * the best of {@code reps} products after one untimed one. Sets OpenBLAS's thread count for the process
     * while it runs and puts it back afterwards.
     */
    public static double sgemmGflops(int n, int threads, int reps) {
        NativeArray a = filled(n * n, 1);
        NativeArray b = filled(n * n, 2);
        NativeArray c = NativeArray.allocate(n * n);
        int before = Blas.threads();
        Blas.setThreads(threads);
        try {
            long best = Long.MAX_VALUE;
            for (int r = 0; r <= reps; r++) {
                long t = System.nanoTime();
                Blas.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                long dt = System.nanoTime() - t;
                if (r > 0) {
                    best = Math.min(best, dt);
                }
            }
            return 2.0 * n * n * (double) n / best;
        } finally {
            Blas.setThreads(before);
        }
    }

    /**
     * The measurement behind {@link #probeThreads}: the best time of a batch of {@code 256 × 256 × 256} products
     * (the size of SAC's and the model's hidden layers) on one thread, and of the same batch run on each of two
     * threads at once (as the twin critics and the model's members run), single-threaded OpenBLAS in both.
     *
     * @param oneThreadMs  one thread's batch
     * @param twoThreadsMs two threads' batches at once (the later of the two to finish)
     */
    public record ThreadProbe(double oneThreadMs, double twoThreadsMs) {
        /** Work done per unit of time by two threads relative to one: 2 when two cores are free, 1 when they are not. */
        public double speedup() {
            return 2 * oneThreadMs / twoThreadsMs;
        }

        /** 2 if the second thread adds at least {@link #TWO_THREADS_FROM} − 1 of a thread, else 1. */
        public int threads() {
            return speedup() >= TWO_THREADS_FROM ? 2 : 1;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "two threads did %.2f× one thread's work", speedup());
        }
    }

    /**
     * Measures whether two threads do more work than one here, now, in about a tenth of a second: see
     * {@link ThreadProbe}. Leaves OpenBLAS's thread count as it found it.
     */
    public static ThreadProbe probeThreads() {
        int n = 256;
        int products = 16;
        NativeArray[][] m = new NativeArray[2][];
        for (int t = 0; t < 2; t++) {
            m[t] = new NativeArray[] {filled(n * n, 3 + t), filled(n * n, 5 + t), NativeArray.allocate(n * n)};
        }
        int before = Blas.threads();
        Blas.setThreads(1);
        try {
            Runnable[] batch = new Runnable[2];
            for (int t = 0; t < 2; t++) {
                NativeArray[] x = m[t];
                batch[t] = () -> {
                    for (int i = 0; i < products; i++) {
                        Blas.gemm(false, false, n, n, n, 1f, x[0], 0, n, x[1], 0, n, 0f, x[2], 0, n);
                    }
                };
            }
            batch[0].run();
            double[] one = new double[3];
            double[] two = new double[3];
            for (int r = 0; r < one.length; r++) {
                long t0 = System.nanoTime();
                batch[0].run();
                one[r] = (System.nanoTime() - t0) / 1e6;
                two[r] = atOnce(batch[0], batch[1]);
            }
            return new ThreadProbe(Arrays.stream(one).min().orElseThrow(), Arrays.stream(two).min().orElseThrow());
        } finally {
            Blas.setThreads(before);
        }
    }

    /** Milliseconds until both tasks, started together on this thread and a new one, have finished. */
    private static double atOnce(Runnable here, Runnable there) {
        CountDownLatch start = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            there.run();
        }, "mbpo-thread-probe");
        other.setDaemon(true);
        other.start();
        long t0 = System.nanoTime();
        start.countDown();
        here.run();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the threads", e);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static NativeArray filled(int length, int seed) {
        NativeArray a = NativeArray.allocate(length);
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = ((i * 31 + seed * 17) % 97) / 97f - 0.5f;
        }
        a.put(0, v, 0, length);
        return a;
    }
}
