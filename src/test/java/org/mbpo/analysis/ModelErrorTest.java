package org.mbpo.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.model.EnsemblePrediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelErrorTest {

    @Test
    void errorsOfAHandMadePredictionMatchHandComputedValues() {
        // obsDim 1: outputs [reward, next obs]; two transitions; members 0 and 1, only member 1 is an elite.
        TransitionBatch real = TransitionBatch.withoutEpisodeEnds(2, 1, 1, new float[] {0, 0}, new float[] {0, 0},
                new float[] {1.0f, -1.0f}, new float[] {2.0f, 0.5f});
        // means [member][row][dim]; member 0 is wildly wrong and must be ignored.
        float[] means = {
                100, 100, 100, 100,
                1.5f, 2.0f, -1.0f, 1.5f};
        float[] variances = {
                1, 1, 1, 1,
                0.25f, 1.0f, 1.0f, 4.0f};
        EnsemblePrediction p = new EnsemblePrediction(2, 2, 2, means, variances, new int[] {1});
        ModelError e = ModelError.of(p, real);
        // errors y − μ: row 0: reward −0.5, obs 0; row 1: reward 0, obs −1.
        assertEquals((0.25 + 0 + 0 + 1) / 4, e.mse(), 1e-9, "MSE by hand");
        double log2pi = Math.log(2 * Math.PI);
        double nll = 0.5 * (0.25 / 0.25 + Math.log(0.25) + log2pi)
                + 0.5 * (0 + Math.log(1) + log2pi)
                + 0.5 * (0 + Math.log(1) + log2pi)
                + 0.5 * (1.0 / 4 + Math.log(4) + log2pi);
        assertEquals(nll / 4, e.nll(), 1e-6, "NLL by hand");
        // TV over next-obs dims: row 0 δ = 0 → 0; row 1 δ = |−1|/2 = 0.5 → 2Φ(0.25) − 1.
        double tv1 = 2 * new NormalDistribution().cumulativeProbability(0.25) - 1;
        assertEquals(tv1 / 2, e.tv(), 1e-9, "TV by hand");
        assertEquals(2, e.transitions());
    }

    @Test
    void elitesAreAveraged() {
        TransitionBatch real = TransitionBatch.withoutEpisodeEnds(1, 1, 1, new float[] {0}, new float[] {0}, new float[] {0}, new float[] {0});
        float[] means = {0, 1, 0, 3};
        float[] variances = {1, 1, 1, 1};
        ModelError e = ModelError.of(new EnsemblePrediction(2, 1, 2, means, variances, new int[] {0, 1}), real);
        assertEquals((0 + 1 + 0 + 9) / 4.0, e.mse(), 1e-9, "MSE over both elites");
        NormalDistribution z = new NormalDistribution();
        assertEquals(((2 * z.cumulativeProbability(0.5) - 1) + (2 * z.cumulativeProbability(1.5) - 1)) / 2, e.tv(), 1e-9,
                "TV per elite, averaged");
    }

    @Test
    void aPredictionForOtherRowsIsRefused() {
        TransitionBatch real = TransitionBatch.withoutEpisodeEnds(1, 1, 1, new float[] {0}, new float[] {0}, new float[] {0}, new float[] {0});
        EnsemblePrediction p = new EnsemblePrediction(1, 2, 2, new float[4], new float[4], new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> ModelError.of(p, real));
    }
}
