package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ensemble on a one-dimensional stochastic function with known noise: Δobs = sin(πa) + σ(a)·ε
 * with σ(a) = 0.05 + 0.1·(a + 1), a uniform on [−1, 1] (the observation is constant), reward = 2a.
 * Where the data are dense the elites' mean and predicted standard deviation must match the truth,
 * and the disagreement between members (epistemic spread) must grow away from the data.
 *
 * <p>MBPO's defaults (4 × swish layers, decays, Adam 1e-3, batch 256, 7 members, 5 elites) with 64
 * units and a fixed 250 epochs: early stopping on holdout MSE (tested in {@link EnsembleTrainerTest})
 * can end a training once the mean is learned and before the variance is (seen with some seeds at
 * 2,000 points), and this test is about what the loss learns. Measured with seeds 5, 6, 7: worst mean
 * error 0.28σ–0.33σ, worst standard-deviation error 13%–19%.
 */
class NoisyFunctionTest {
    static final int N = 2000;
    static EnsembleModel model;

    static double truth(double a) {
        return Math.sin(Math.PI * a);
    }

    static double sigma(double a) {
        return 0.05 + 0.1 * (a + 1);
    }

    @BeforeAll
    static void train() {
        SplittableRandom rng = new SplittableRandom(21);
        float[] obs = new float[N];
        float[] act = new float[N];
        float[] rew = new float[N];
        float[] next = new float[N];
        for (int i = 0; i < N; i++) {
            double a = -1 + 2 * rng.nextDouble();
            act[i] = (float) a;
            rew[i] = (float) (2 * a);
            next[i] = (float) (truth(a) + sigma(a) * rng.nextGaussian());
        }
        EnsembleConfig config = new EnsembleConfig(7, 5, 4, 64, LayerDecays.mbpo(), 1e-3, 0.9, 0.999, 1e-8, 256, 0.2, 5000,
                0.01, Integer.MAX_VALUE, 250, 0, 0.5, -10, 0.01);
        model = new EnsembleTrainer(config, 1, 1, 5, 2).train(TransitionBatch.withoutEpisodeEnds(N, 1, 1, obs, act, rew, next));
    }

    static EnsemblePrediction at(double from, double to, int points) {
        float[] obs = new float[points];
        float[] act = new float[points];
        for (int i = 0; i < points; i++) {
            act[i] = (float) (from + (to - from) * i / (points - 1));
        }
        return model.predict(obs, act, points);
    }

    @Test
    void meanAndNoiseAreLearnedWhereDataAreDense() {
        int points = 81;
        EnsemblePrediction p = at(-0.8, 0.8, points);
        double[] mean = p.eliteMean();
        double[] aleatoric = p.aleatoricVariance();
        double worstMean = 0;
        double worstStd = 0;
        for (int i = 0; i < points; i++) {
            double a = -0.8 + 1.6 * i / (points - 1);
            worstMean = Math.max(worstMean, Math.abs(mean[i * 2 + 1] - truth(a)) / sigma(a));
            worstStd = Math.max(worstStd, Math.abs(Math.sqrt(aleatoric[i * 2 + 1]) / sigma(a) - 1));
        }
        assertTrue(worstMean < 0.5, "worst |mean − truth| / σ on [−0.8, 0.8]: " + worstMean);
        assertTrue(worstStd < 0.3, "worst |std / σ − 1| on [−0.8, 0.8]: " + worstStd);
    }

    @Test
    void epistemicSpreadGrowsAwayFromTheData() {
        double inside = meanEpistemicStd(at(-0.8, 0.8, 41));
        double near = meanEpistemicStd(at(1.5, 2.0, 41));
        double far = meanEpistemicStd(at(3.0, 4.0, 41));
        assertTrue(near > 3 * inside, "epistemic std at a ∈ [1.5, 2] (" + near + ") vs inside the data (" + inside + ")");
        assertTrue(far > near, "epistemic std at a ∈ [3, 4] (" + far + ") vs [1.5, 2] (" + near + ")");
    }

    static double meanEpistemicStd(EnsemblePrediction p) {
        double[] v = p.epistemicVariance();
        double s = 0;
        for (int i = 0; i < p.rows(); i++) {
            s += Math.sqrt(v[i * 2 + 1]);
        }
        return s / p.rows();
    }
}
