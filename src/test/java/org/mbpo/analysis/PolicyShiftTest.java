package org.mbpo.analysis;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyShiftTest {

    @Test
    void equalVarianceShiftsMatchTheClosedFormsStateByState() {
        // One action dimension, σ = 0.5 for both policies; π's mean is moved by δ_i at state i.
        double sigma = 0.5;
        double[] delta = {0.0, 0.2, -0.6, 1.5};
        int n = delta.length;
        float[] meanD = new float[n];
        float[] logStdD = new float[n];
        float[] mean = new float[n];
        float[] logStd = new float[n];
        double kl = 0;
        double pinsker = 0;
        double tv = 0;
        double tvMax = 0;
        for (int i = 0; i < n; i++) {
            meanD[i] = 0.1f * i;
            mean[i] = (float) (meanD[i] + delta[i]);
            logStdD[i] = (float) Math.log(sigma);
            logStd[i] = (float) Math.log(sigma);
            // by hand: KL = δ²/(2σ²), Pinsker √(KL/2) = |δ|/(2σ), TV = 2Φ(|δ|/2σ) − 1
            double klI = delta[i] * delta[i] / (2 * sigma * sigma);
            kl += klI / n;
            pinsker += Math.abs(delta[i]) / (2 * sigma) / n;
            double tvI = GaussianShift.tvEqualVariance1d(0, delta[i], sigma);
            tv += tvI / n;
            tvMax = Math.max(tvMax, tvI);
        }
        PolicyShift s = PolicyShift.measure(meanD, logStdD, mean, logStd, n, 1, 50_000, new SplittableRandom(1));
        assertEquals(n, s.states());
        assertEquals(kl, s.klMean(), 1e-6, "mean KL");
        assertEquals(pinsker, s.tvPinsker(), 1e-6, "mean Pinsker bound");
        // each state's estimate has standard error ≤ 0.5/√50000 = 0.0022; the mean of 4 at most that; 5 standard errors
        assertEquals(tv, s.tvMonteCarlo(), 0.011, "mean Monte Carlo TV");
        assertEquals(tvMax, s.tvMonteCarloMax(), 0.011, "largest per-state TV");
        assertTrue(s.tvMonteCarlo() <= s.tvPinsker() + 0.011, "Pinsker bounds the TV");
    }

    @Test
    void twoDimensionsWithDifferentScalesAddTheirKl() {
        // State 0: π_D = N((0, 0), diag(1, 1)), π = N((1, 0), diag(2², 1)).
        // KL(π_D ‖ π) = [log 2 + (1 + 1)/(2·4) − ½] + 0 = log 2 − 0.25 (by hand).
        float[] meanD = {0, 0};
        float[] logStdD = {0, 0};
        float[] mean = {1, 0};
        float[] logStd = {(float) Math.log(2), 0};
        PolicyShift s = PolicyShift.measure(meanD, logStdD, mean, logStd, 1, 2, 100, new SplittableRandom(2));
        assertEquals(Math.log(2) - 0.25, s.klMean(), 1e-6, "KL by hand");
        assertEquals(Math.sqrt((Math.log(2) - 0.25) / 2), s.tvPinsker(), 1e-6, "Pinsker by hand");
    }

    @Test
    void badShapesAreRefused() {
        float[] a = new float[2];
        assertThrows(IllegalArgumentException.class, () -> PolicyShift.measure(a, a, a, a, 3, 1, 10, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> PolicyShift.measure(a, a, a, a, 2, 1, 0, new SplittableRandom(1)));
    }
}
