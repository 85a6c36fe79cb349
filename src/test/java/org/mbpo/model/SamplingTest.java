package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link EnsembleModel#sample}: one elite per row, its Gaussian, the delta added, independent of threads. */
class SamplingTest {

    /** An untrained 6-member ensemble with 3 elites and variances near e^−28: samples sit on member means. */
    static EnsembleModel nearlyDeterministic() {
        EnsembleConfig c = new EnsembleConfig(6, 3, 2, 16, new LayerDecays(new double[] {0, 0, 0}), 1e-3, 0.9, 0.999, 1e-8,
                32, 0.2, 5000, 0.01, 5, 0, 0, -28, -30, 0.01);
        EnsembleModel m = new EnsembleTrainer(c, 2, 1, 3, 1).untrainedModel();
        assertArrayEquals(new int[] {0, 1, 2}, m.elites());
        return m;
    }

    @Test
    void eachRowGetsOneEliteChosenUniformly() {
        EnsembleModel m = nearlyDeterministic();
        int rows = 12_000;
        float[] obs = new float[rows * 2];
        float[] act = new float[rows];
        for (int r = 0; r < rows; r++) {
            obs[2 * r] = 0.5f;
            obs[2 * r + 1] = -1f;
            act[r] = 0.25f;
        }
        EnsemblePrediction p = m.predict(obs, act, 1);
        EnsembleModel.Sample s = m.sample(obs, act, rows, new SplittableRandom(8));
        int[] count = new int[6];
        for (int r = 0; r < rows; r++) {
            int match = -1;
            for (int e = 0; e < 6; e++) {
                if (Math.abs(s.rewards()[r] - p.mean(e, 0, 0)) < 1e-4
                        && Math.abs(s.nextObservations()[2 * r] - p.mean(e, 0, 1)) < 1e-4
                        && Math.abs(s.nextObservations()[2 * r + 1] - p.mean(e, 0, 2)) < 1e-4) {
                    match = e;
                }
            }
            assertTrue(match >= 0, "row " + r + " is one member's mean (next = obs + Δ)");
            count[match]++;
        }
        assertEquals(0, count[3] + count[4] + count[5], "non-elites are never used");
        for (int e = 0; e < 3; e++) {
            // Binomial(12000, 1/3): standard deviation 52; ±300 is about 6 standard deviations.
            assertEquals(4000, count[e], 300, "rows drawn from elite " + e);
        }
    }

    @Test
    void samplesFollowTheChosenMembersGaussian() {
        EnsembleConfig c = new EnsembleConfig(2, 1, 2, 16, new LayerDecays(new double[] {0, 0, 0}), 1e-3, 0.9, 0.999, 1e-8,
                32, 0.2, 5000, 0.01, 5, 0, 0, 0.5, -10, 0.01);
        EnsembleModel m = new EnsembleTrainer(c, 1, 1, 4, 2).untrainedModel();
        int rows = 40_000;
        float[] obs = new float[rows];
        float[] act = new float[rows];
        java.util.Arrays.fill(obs, 2f);
        java.util.Arrays.fill(act, -0.5f);
        EnsemblePrediction p = m.predict(obs, act, 1);
        EnsembleModel.Sample s = m.sample(obs, act, rows, new SplittableRandom(9));
        int e = m.elites()[0];
        for (int d = 0; d < 2; d++) {
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                double v = d == 0 ? s.rewards()[r] : s.nextObservations()[r];
                sum += v;
                sq += v * v;
            }
            double mean = sum / rows;
            double var = sq / rows - mean * mean;
            double sd = Math.sqrt(p.variance(e, 0, d));
            assertEquals(p.mean(e, 0, d), mean, 5 * sd / Math.sqrt(rows), "sample mean of output " + d);
            assertEquals(1.0, var / p.variance(e, 0, d), 0.05, "sample variance / predicted variance of output " + d);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        EnsembleModel m = new EnsembleTrainer(TestData.small(0), 3, 2, 6, 1).untrainedModel();
        TransitionBatch d = TestData.smooth(3000, 3, 2, 1);
        EnsembleModel.Sample one = m.withThreads(1).sample(d.observations(), d.actions(), 3000, new SplittableRandom(5));
        EnsembleModel.Sample two = m.withThreads(2).sample(d.observations(), d.actions(), 3000, new SplittableRandom(5));
        assertArrayEquals(one.nextObservations(), two.nextObservations());
        assertArrayEquals(one.rewards(), two.rewards());
    }

    @Test
    void aleatoricAndEpistemicVarianceFollowTheirDefinitions() {
        // Two elites (0 and 2) of three members, one row, dim 1: means 1, 9 (and 100, not an elite); variances 4, 2.
        EnsemblePrediction p = new EnsemblePrediction(3, 1, 1, new float[] {1, 100, 9}, new float[] {4, 50, 2}, new int[] {0, 2});
        assertArrayEquals(new double[] {5}, p.eliteMean(), 0);
        assertArrayEquals(new double[] {3}, p.aleatoricVariance(), 0);
        assertArrayEquals(new double[] {16}, p.epistemicVariance(), 0, "((1−5)² + (9−5)²) / 2");
    }
}
