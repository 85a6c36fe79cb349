package org.mbpo.cli;

import org.mbpo.nn.CpuRates;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The benchmarks' yardstick: a large single-precision matrix product ({@value #SIZE}², OpenBLAS) measured on one
 * thread and on two in the same run as the operations it is compared with, so that a hot operation's GFLOP/s can be
 * read as a fraction of what this machine's BLAS reaches on large matrices.
 *
 * @param oneThread  GFLOP/s on one OpenBLAS thread
 * @param twoThreads GFLOP/s on two
 */
record SgemmRates(double oneThread, double twoThreads) {
    static final int SIZE = 2048;

    /** Measures both rates (about a second) and prints them on one line. */
    static SgemmRates measure(PrintWriter out) {
        SgemmRates r = new SgemmRates(CpuRates.sgemmGflops(SIZE, 1, 3), CpuRates.sgemmGflops(SIZE, 2, 3));
        out.printf(Locale.ROOT, "large sgemm (%d², OpenBLAS, best of 3): %.1f GFLOP/s on 1 thread, %.1f on 2 (x%.2f)%n", SIZE,
                r.oneThread(), r.twoThreads(), r.twoThreads() / r.oneThread());
        out.flush();
        return r;
    }

    /** The rate at {@code threads} threads (1 or 2). */
    double at(int threads) {
        return threads >= 2 ? twoThreads : oneThread;
    }
}
