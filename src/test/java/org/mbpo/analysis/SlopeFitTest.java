package org.mbpo.analysis;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlopeFitTest {

    @Test
    void exactLineIsRecovered() {
        SlopeFit f = SlopeFit.of(new double[] {0, 1, 2, 3}, new double[] {0.5, 2.5, 4.5, 6.5}, 0.95);
        assertEquals(2.0, f.slope(), 1e-12);
        assertEquals(0.5, f.intercept(), 1e-12);
        assertEquals(0.0, f.slopeHalfWidth(), 1e-9);
        assertEquals(1.0, f.rSquared(), 1e-12);
    }

    @Test
    void noisySyntheticDataWithAKnownSlope() {
        // y = 0.02 + 1.7 x + N(0, 0.05²); 95% intervals should cover 1.7 in about 95% of repetitions.
        SplittableRandom rng = new SplittableRandom(11);
        int covered = 0;
        int reps = 200;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[40];
            double[] y = new double[40];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() * 0.3;
                y[i] = 0.02 + 1.7 * x[i] + 0.05 * GaussianShift.gaussian(rng);
            }
            SlopeFit f = SlopeFit.of(x, y, 0.95);
            if (f.slopeLow() <= 1.7 && 1.7 <= f.slopeHigh()) {
                covered++;
            }
        }
        // Binomial(200, 0.95): mean 190, sd 3.1; accept 180..200 (about 3 sd below the mean).
        assertTrue(covered >= 180, "95% intervals covered the true slope " + covered + " times in " + reps);
    }

    @Test
    void theSmallestShiftsGiveTheSlopeAtZeroOfACurve() {
        // y = 0.1 + 2 x + 30 x², x = 0, 0.01, …, 0.19: the slope at 0 is 2, the slope of a line through all
        // points is 2 + 30 · 0.19 = 7.7 (the secant of the parabola over [0, 0.19]).
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[19 - i] = 0.01 * i;   // unsorted input: the method sorts by x
            y[19 - i] = 0.1 + 2 * x[19 - i] + 30 * x[19 - i] * x[19 - i];
        }
        SlopeFit all = SlopeFit.of(x, y, 0.95);
        assertEquals(7.7, all.slope(), 1e-9, "least squares slope of a parabola over a symmetric grid equals the secant");
        SlopeFit near = SlopeFit.ofSmallest(x, y, 0.25, 0.95);
        // 5 points x = 0 … 0.04: the secant over [0, 0.04] has slope 2 + 30 · 0.04 = 3.2
        assertEquals(5, near.points());
        assertEquals(3.2, near.slope(), 1e-9, "slope of the 5 smallest shifts");
        assertEquals(3, SlopeFit.ofSmallest(x, y, 0.01, 0.95).points(), "never fewer than 3 points");
        assertThrows(IllegalArgumentException.class, () -> SlopeFit.ofSmallest(x, y, 0, 0.95));
    }

    @Test
    void tooFewPoints() {
        assertThrows(IllegalArgumentException.class, () -> SlopeFit.of(new double[] {1, 2}, new double[] {1, 2}, 0.95));
    }
}
