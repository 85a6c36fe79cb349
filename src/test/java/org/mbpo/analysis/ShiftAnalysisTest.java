package org.mbpo.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.theory.Bounds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShiftAnalysisTest {
    @TempDir
    Path dir;

    /**
     * Synthetic measurements with known slopes: for size N = 1000, 4000, 16000, tv = e · 1000/N + s_N · tv_mc + noise,
     * and mse = 10 · tv (so its slope is 10 s_N).
     */
    static List<ShiftPoint> synthetic(double e, double[] slopes, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sizes = {1000, 4000, 16000};
        List<ShiftPoint> points = new ArrayList<>();
        for (int policy = 0; policy <= 20; policy++) {
            double x = 0.02 * policy;
            for (int i = 0; i < sizes.length; i++) {
                double y = e * 1000.0 / sizes[i] + slopes[i] * x + noise * rng.nextGaussian();
                points.add(new ShiftPoint(policy, 100L * policy, sizes[i], 2 * x * x, x, x, 1.5 * x, 10 * y, -y, y, -100, -120));
            }
        }
        return points;
    }

    @Test
    void fitsRecoverTheKnownSlopesPerSize() {
        List<ShiftPoint> points = synthetic(0.3, new double[] {2, 1, 0.5}, 0.002, 1);
        List<ShiftAnalysis.Fit> fits = ShiftAnalysis.fits(points, "tv_mc", "tv", 0.5, 0.95);
        assertEquals(3, fits.size());
        double[] slopes = {2, 1, 0.5};
        for (int i = 0; i < 3; i++) {
            ShiftAnalysis.Fit f = fits.get(i);
            assertEquals(11, f.local().points(), "the 11 smallest of 21 shifts (fraction 0.5)");
            assertTrue(f.local().slopeLow() <= slopes[i] && slopes[i] <= f.local().slopeHigh(),
                    "the interval [" + f.local().slopeLow() + ", " + f.local().slopeHigh() + "] covers " + slopes[i]);
            assertEquals(slopes[i], f.all().slope(), 0.05, "slope over every policy, size " + f.size());
        }
        List<ShiftAnalysis.Fit> mse = ShiftAnalysis.fits(points, "tv_mc", "mse", 1.0, 0.95);
        assertEquals(10 * fits.get(0).all().slope(), mse.get(0).all().slope(), 1e-9, "mse = 10 tv exactly");
        assertEquals(3 * 3 * 3, ShiftAnalysis.allFits(points, 0.5, 0.95).size(), "3 shift columns × 3 error columns × 3 sizes");
    }

    @Test
    void rolloutChoicesPlugTheMeasuredValuesIntoTheorem2() {
        // ε_m = 0.003, 0.00075, 0.0001875 and slopes 0.5, 0.2, 0.05: small enough errors for Theorem 2 to favour k > 0
        List<ShiftPoint> points = synthetic(0.003, new double[] {0.5, 0.2, 0.05}, 0.0, 2);
        List<ShiftAnalysis.RolloutChoice> choices = ShiftAnalysis.rolloutChoices(points, 0.5, 0.95, 0.99, 1000);
        int previous = -1;
        for (ShiftAnalysis.RolloutChoice c : choices) {
            double epsM = 0.003 * 1000.0 / c.size();
            assertEquals(epsM, c.epsM(), 1e-9, "ε_m is the error on π_D's own data (policy 0)");
            assertEquals(0.02, c.epsPi(), 1e-12, "ε_π is the first policy's shift");
            assertEquals(Bounds.optimalRolloutLength(0.99, 1, epsM, 0.02, c.slope(), 1000).k(), c.k());
            assertTrue(c.kAtHigh() <= c.k() && c.k() <= c.kAtLow(), "a steeper slope never favours a longer rollout");
            assertTrue(c.k() >= previous, "less error and a smaller slope with more data: k does not fall");
            previous = c.k();
        }
        assertTrue(choices.get(2).k() > choices.get(0).k(), "k grows from the smallest to the largest data set: " + choices);
    }

    @Test
    void pointsSurviveTheirCsvAndBadFilesAreNamed() throws Exception {
        List<ShiftPoint> points = synthetic(0.3, new double[] {2, 1, 0.5}, 0.01, 3);
        Path file = dir.resolve("points.csv");
        ShiftPoint.writeCsv(points, file);
        List<ShiftPoint> back = ShiftPoint.readCsv(file);
        assertEquals(points.size(), back.size());
        for (int i = 0; i < points.size(); i++) {
            for (String column : ShiftPoint.HEADER.split(",")) {
                assertEquals(points.get(i).get(column), back.get(i).get(column), 1e-8 * Math.max(1, Math.abs(points.get(i).get(column))),
                        column + " of row " + i);
            }
        }
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, ShiftPoint.HEADER + "\n1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShiftPoint.readCsv(bad));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> points.get(0).get("nope"));
    }
}
