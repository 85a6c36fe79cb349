package org.mbpo.model;

import java.util.SplittableRandom;
import org.mbpo.data.TransitionBatch;

/** Small synthetic transition sets for the model's tests. */
final class TestData {
    private TestData() {
    }

    /** A small ensemble config: 3 members, 2 elites, 2 × 16 units, batch 32, decays 1e-4 per layer. */
    static EnsembleConfig small(int maxEpochs) {
        return new EnsembleConfig(3, 2, 2, 16, new LayerDecays(new double[] {1e-4, 1e-4, 1e-4}), 1e-3, 0.9, 0.999, 1e-8, 32,
                0.2, 5000, 0.01, 5, maxEpochs, 0, 0.5, -10, 0.01);
    }

    /**
     * {@code n} transitions of a smooth nonlinear system: next_j = obs_j + 0.3·tanh(a_(j mod actDim)) + 0.1·obs_(j+1)
     * + 0.02·ε, reward = −Σ obs² + 0.05·ε.
     */
    static TransitionBatch smooth(int n, int obsDim, int actDim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] obs = new float[n * obsDim];
        float[] act = new float[n * actDim];
        float[] rew = new float[n];
        float[] next = new float[n * obsDim];
        for (int i = 0; i < n; i++) {
            double r = 0;
            for (int j = 0; j < obsDim; j++) {
                obs[i * obsDim + j] = (float) rng.nextGaussian();
                r -= obs[i * obsDim + j] * obs[i * obsDim + j];
            }
            for (int j = 0; j < actDim; j++) {
                act[i * actDim + j] = (float) (2 * rng.nextDouble() - 1);
            }
            for (int j = 0; j < obsDim; j++) {
                next[i * obsDim + j] = (float) (obs[i * obsDim + j] + 0.3 * Math.tanh(act[i * actDim + j % actDim])
                        + 0.1 * obs[i * obsDim + (j + 1) % obsDim] + 0.02 * rng.nextGaussian());
            }
            rew[i] = (float) (r + 0.05 * rng.nextGaussian());
        }
        return TransitionBatch.withoutEpisodeEnds(n, obsDim, actDim, obs, act, rew, next);
    }
}
