package org.mbpo.agent;

import org.mbpo.random.Rng;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SacDistributionTest {

    private static float[] observations(int n, int obsDim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] obs = new float[n * obsDim];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextDouble(-2, 2);
        }
        return obs;
    }

    @Test
    void tanhOfTheMeanIsTheDeterministicActionAcrossChunks() {
        Sac sac = new Sac(3, 2, SacConfig.defaults().withHidden(2, 16).withBatchSize(8), new Rng(4));
        int n = Sac.CHUNK + 51;
        float[] obs = observations(n, 3, 7);
        float[] mean = new float[2 * n];
        float[] logStd = new float[2 * n];
        sac.distribution(obs, n, mean, logStd);
        float[] det = new float[2 * n];
        sac.actBatch(obs, n, true, null, det);
        for (int i = 0; i < 2 * n; i++) {
            assertEquals(det[i], Math.tanh(mean[i]), 1e-6, "entry " + i);
            assertTrue(logStd[i] >= -20 && logStd[i] <= 2, "log σ within the clamp, entry " + i);
        }
    }

    @Test
    void sampledActionsHaveTheReportedMeanAndClampedStandardDeviation() {
        // A narrow clamp makes log σ the clamp's value or close to it; samples must then spread by exactly σ.
        SacConfig narrow = new SacConfig(2, 16, 0.99, 0.005, 3e-4, 8, 1.0, true, Double.NaN, -1.5, -1.4);
        Sac sac = new Sac(3, 2, narrow, new Rng(9));
        float[] one = observations(1, 3, 11);
        float[] mean = new float[2];
        float[] logStd = new float[2];
        sac.distribution(one, 1, mean, logStd);
        int draws = 20_000;
        float[] obs = new float[3 * draws];
        for (int i = 0; i < draws; i++) {
            System.arraycopy(one, 0, obs, 3 * i, 3);
        }
        float[] actions = new float[2 * draws];
        sac.actBatch(obs, draws, false, new SplittableRandom(12), actions);
        for (int j = 0; j < 2; j++) {
            assertTrue(logStd[j] >= -1.5f && logStd[j] <= -1.4f, "log σ " + logStd[j] + " inside the clamp [-1.5, -1.4]");
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < draws; i++) {
                double u = SacActTest.atanh(actions[2 * i + j]);
                sum += u;
                sq += u * u;
            }
            double m = sum / draws;
            double sd = Math.sqrt(sq / draws - m * m);
            double sigma = Math.exp(logStd[j]);
            // standard errors: σ/√n for the mean, σ/√(2n) for the standard deviation; 5 of each
            assertEquals(mean[j], m, 5 * sigma / Math.sqrt(draws), "mean of u = atanh(a), dimension " + j);
            assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * draws), "std of u, dimension " + j);
        }
    }
}
