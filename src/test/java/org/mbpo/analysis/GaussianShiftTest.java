package org.mbpo.analysis;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianShiftTest {

    @Test
    void klMatchesTheOneDimensionalClosedFormByHand() {
        // KL(N(0, 1) || N(1, 2²)) = log 2 + (1 + 1)/(2·4) − ½ = 0.693147 + 0.25 − 0.5 = 0.443147
        double kl = GaussianShift.kl(new double[] {0}, new double[] {0}, new double[] {1}, new double[] {Math.log(2)});
        assertEquals(Math.log(2) - 0.25, kl, 1e-12);
        // Diagonal Gaussians: the KL adds over coordinates.
        double two = GaussianShift.kl(new double[] {0, 0}, new double[] {0, 0}, new double[] {1, 1},
                new double[] {Math.log(2), Math.log(2)});
        assertEquals(2 * kl, two, 1e-12);
        assertEquals(0, GaussianShift.kl(new double[] {0.3}, new double[] {-1}, new double[] {0.3}, new double[] {-1}), 1e-15);
    }

    @Test
    void monteCarloTvAgreesWithClosedFormForEqualVariances() {
        SplittableRandom rng = new SplittableRandom(3);
        for (double delta : new double[] {0.1, 0.5, 2.0}) {
            double exact = GaussianShift.tvEqualVariance1d(0, delta, 0.7);
            double mc = GaussianShift.tvMonteCarlo(new double[] {0}, new double[] {Math.log(0.7)},
                    new double[] {delta}, new double[] {Math.log(0.7)}, 200_000, rng);
            // standard error ≤ 0.5/√200000 = 0.0011; allow 5 standard errors
            assertEquals(exact, mc, 0.0056, "Δμ = " + delta);
        }
    }

    @Test
    void pinskerBoundsTheMonteCarloTv() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] mp = {0.2, -0.4};
        double[] sp = {-0.5, 0.1};
        double[] mq = {0.6, -0.1};
        double[] sq = {-0.2, -0.3};
        double tv = GaussianShift.tvMonteCarlo(mp, sp, mq, sq, 100_000, rng);
        double bound = GaussianShift.pinsker(GaussianShift.kl(mp, sp, mq, sq));
        assertTrue(tv <= bound + 0.008, "TV " + tv + " must not exceed Pinsker's bound " + bound);
        assertTrue(tv > 0.05, "the two policies do differ: TV " + tv);
    }
}
