package org.mbpo.agent;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The squashed Gaussian's log-density against the change-of-variables formula and its normalisation. */
class SquashedGaussianTest {

    @Test
    void densityIsTheChangeOfVariablesOfTheGaussianAndIntegratesToOne() {
        double mu = 0.3;
        double logStd = -0.5;
        double std = Math.exp(logStd);
        float[] head = {(float) mu, (float) logStd};
        SquashedGaussian d = new SquashedGaussian(1, 1, -20, 2);
        int n = 200_000;
        double integral = 0;
        for (int i = 0; i < n; i++) {
            double a = -1 + (i + 0.5) * 2.0 / n;
            double u = 0.5 * Math.log((1 + a) / (1 - a));
            d.eps[0] = (float) ((u - (float) mu) / (float) std);
            d.evaluate(head, 0, 1);
            double uUsed = (float) mu + (float) std * d.eps[0];
            double expected = -0.5 * Math.pow((uUsed - (float) mu) / (float) std, 2) - Math.log((float) std)
                    - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - Math.tanh(uUsed) * Math.tanh(uUsed));
            if (Math.abs(a) < 0.99) {
                assertEquals(expected, d.logProb[0], 1e-4, "log-density at a = " + a);
            }
            integral += Math.exp(d.logProb[0]) * 2.0 / n;
        }
        assertEquals(1.0, integral, 1e-3, "the density of a = tanh(u) integrates to 1 over (-1, 1)");
    }

    @Test
    void logStdIsClampedAndSamplesLieInTheOpenInterval() {
        SquashedGaussian d = new SquashedGaussian(2, 3, -1, 0.5);
        // means in row 0-1, raw log-stds in rows 2-3, three columns
        float[] head = {0, 5, -5, 0, 0, 0, -3, 0.2f, 9, -3, 0.2f, 9};
        d.sample(head, 0, 3, new SplittableRandom(1));
        assertEquals(Math.exp(-1), d.std[0], 1e-6, "raw -3 clamps to -1");
        assertEquals(Math.exp(0.2), d.std[1], 1e-6, "raw 0.2 passes");
        assertEquals(Math.exp(0.5), d.std[2], 1e-6, "raw 9 clamps to 0.5");
        assertTrue(!d.inRange[0] && d.inRange[1] && !d.inRange[2]);
        for (float a : d.action) {
            assertTrue(a >= -1 && a <= 1, "tanh keeps actions in [-1, 1]: " + a);
        }
    }
}
