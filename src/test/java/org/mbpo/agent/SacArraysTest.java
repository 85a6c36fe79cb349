package org.mbpo.agent;

import org.junit.jupiter.api.Test;
import org.mbpo.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The policy on ND4J batches: the same actions and Gaussians as on Java arrays. */
class SacArraysTest {
    private final Sac sac = new Sac(3, 2, SacConfig.defaults().withHidden(2, 16).withBatchSize(8), new Rng(4));

    @Test
    void actionsAndDistributionsOnNd4jArraysAreThoseOnJavaArrays() {
        int n = 1500;  // more than one chunk of the batched forward pass
        Rng data = new Rng(9);
        float[] obs = new float[n * 3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) data.nextGaussian();
        }
        INDArray observations = Nd4j.create(obs, new long[] {n, 3}, 'c');
        float[] expected = new float[n * 2];
        sac.actBatch(obs, n, false, new Rng(2), expected);
        INDArray actions = sac.act(observations, false, new Rng(2));
        assertArrayEquals(new long[] {n, 2}, actions.shape());
        assertArrayEquals(expected, actions.ravel().toFloatVector(), "sampled actions, same generator");
        sac.actBatch(obs, n, true, null, expected);
        assertArrayEquals(expected, sac.act(observations.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE), true, null)
                .ravel().toFloatVector(), "deterministic actions from a double array");
        float[] mean = new float[n * 2];
        float[] logStd = new float[n * 2];
        sac.distribution(obs, n, mean, logStd);
        Sac.Gaussian g = sac.distribution(observations);
        assertArrayEquals(mean, g.mean().ravel().toFloatVector());
        assertArrayEquals(logStd, g.logStd().ravel().toFloatVector());
        assertEquals((float) Math.tanh(g.mean().getFloat(7, 1)), expected[7 * 2 + 1], 1e-6f, "the deterministic action is tanh μ");
        assertThrows(IllegalArgumentException.class, () -> sac.act(Nd4j.zeros(4, 2), true, null));
    }
}
