package org.mbpo.agent;

import org.mbpo.random.Rng;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SacActTest {
    private final Sac sac = new Sac(3, 2, SacConfig.defaults().withHidden(2, 16).withBatchSize(8), new Rng(4));

    @Test
    void batchedActionsEqualSingleActionsAcrossChunks() {
        int n = Sac.CHUNK + 37;
        SplittableRandom rng = new SplittableRandom(5);
        float[] obs = new float[n * 3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextDouble(-2, 2);
        }
        float[] batched = new float[n * 2];
        sac.actBatch(obs, n, true, null, batched);
        double[] a = new double[2];
        for (int i = 0; i < n; i += 97) {
            sac.act(new double[] {obs[3 * i], obs[3 * i + 1], obs[3 * i + 2]}, true, null, a);
            assertEquals(a[0], batched[2 * i], 1e-5, "row " + i);
            assertEquals(a[1], batched[2 * i + 1], 1e-5, "row " + i);
        }
    }

    static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    @Test
    void sampledActionsAreSeededAndSpreadAroundTheDeterministicOne() {
        float[] obs = new float[3 * 2000];
        float[] first = new float[2 * 2000];
        float[] again = new float[2 * 2000];
        sac.actBatch(obs, 2000, false, new SplittableRandom(6), first);
        sac.actBatch(obs, 2000, false, new SplittableRandom(6), again);
        float[] det = new float[2];
        sac.actBatch(obs, 1, true, null, det);
        double mean = 0;
        for (int i = 0; i < 2000; i++) {
            assertEquals(first[2 * i], again[2 * i], 0f, "same generator seed, same samples");
            assertTrue(first[2 * i] > -1 && first[2 * i] < 1);
            mean += atanh(first[2 * i]) / 2000;
        }
        assertNotEquals(first[0], first[2], "samples differ");
        // u = μ + σ ε: its mean over 2000 draws is μ = atanh(deterministic action) within 4 σ/√2000 (σ ≤ e² here).
        assertEquals(atanh(det[0]), mean, 4 * Math.exp(2) / Math.sqrt(2000), "mean of u");
    }
}
