package org.mbpo.expansion;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buckman et al.'s inverse-variance weights over the horizons ({@link SteveTargets#weights}). */
class SteveWeightsTest {

    private static double[] weights(double... variances) {
        double[] w = new double[variances.length];
        SteveTargets.weights(variances, variances.length, w);
        return w;
    }

    @Test
    void twoHorizonsWithKnownVariancesGetTheHandComputedWeights() {
        // σ² = 1 and 4: precisions 1 and 1/4, total 5/4, so w = (1 / (5/4), (1/4) / (5/4)) = (0.8, 0.2).
        assertArrayEquals(new double[] {0.8, 0.2}, weights(1, 4), 1e-15);
        // σ² = 0.5 and 0.5: equal precisions, equal weights.
        assertArrayEquals(new double[] {0.5, 0.5}, weights(0.5, 0.5), 1e-15);
        // With means μ = (10, 20) the target is 0.8·10 + 0.2·20 = 12.
        double[] w = weights(1, 4);
        assertEquals(12, w[0] * 10 + w[1] * 20, 1e-12);
    }

    @Test
    void weightsAreNonNegativeAndSumToOne() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 1 + rng.nextInt(8);
            double[] v = new double[n];
            for (int h = 0; h < n; h++) {
                v[h] = Math.exp(rng.nextDouble(-20, 20));
            }
            double[] w = weights(v);
            double sum = 0;
            for (double x : w) {
                assertTrue(x >= 0 && x <= 1, "a weight in [0, 1]: " + x);
                sum += x;
            }
            assertEquals(1, sum, 1e-12, "weights of " + java.util.Arrays.toString(v));
        }
    }

    @Test
    void aHorizonWithZeroVarianceTakesAllTheWeight() {
        assertArrayEquals(new double[] {0, 1, 0}, weights(2, 0, 5), 0.0);
        // Two of them share it; a variance too small to invert counts as zero.
        assertArrayEquals(new double[] {0.5, 0, 0.5}, weights(0, 3, 0), 0.0);
        assertArrayEquals(new double[] {1, 0}, weights(1e-320, 1e-300), 0.0);
        // All zero (a terminal real transition: every candidate is r₀): equal weights.
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, weights(0, 0, 0, 0), 0.0);
        // An infinite variance gets nothing.
        assertArrayEquals(new double[] {1, 0}, weights(3, Double.POSITIVE_INFINITY), 0.0);
    }
}
