package org.mbpo.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rates are measured, finite and positive, leave OpenBLAS's thread count alone, and the choice follows the speed-up. */
class CpuRatesTest {

    @Test
    void aLargeProductsRateIsPositiveAndTheThreadCountIsPutBack() {
        int before = Blas.threads();
        double one = CpuRates.sgemmGflops(256, 1, 2);
        double two = CpuRates.sgemmGflops(256, 2, 2);
        assertTrue(one > 0.1 && one < 10_000, "GFLOP/s on one thread: " + one);
        assertTrue(two > 0.1 && two < 10_000, "GFLOP/s on two threads: " + two);
        assertEquals(before, Blas.threads(), "OpenBLAS's thread count after the measurement");
    }

    @Test
    void theProbeChoosesTwoThreadsOnlyWhereTheSecondAddsAThirdOfAThread() {
        CpuRates.ThreadProbe probe = CpuRates.probeThreads();
        assertTrue(probe.oneThreadMs() > 0 && probe.twoThreadsMs() > 0, probe.toString());
        assertEquals(probe.speedup() >= 1.3 ? 2 : 1, probe.threads());
        // By hand: one thread 10 ms for a batch; two threads' two batches in 10 ms is twice the work, in 20 ms the same.
        assertEquals(2.0, new CpuRates.ThreadProbe(10, 10).speedup(), 1e-12);
        assertEquals(2, new CpuRates.ThreadProbe(10, 10).threads());
        assertEquals(1.0, new CpuRates.ThreadProbe(10, 20).speedup(), 1e-12);
        assertEquals(1, new CpuRates.ThreadProbe(10, 20).threads());
        assertEquals(1, new CpuRates.ThreadProbe(10, 15.5).threads(), "1.29: below the threshold");
        assertEquals(2, new CpuRates.ThreadProbe(10, 15.3).threads(), "1.31: above it");
    }
}
