package org.mbpo.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Adam against the update rule of PyTorch's documentation, computed in double precision here. */
class AdamTest {

    @Test
    void matchesPyTorchsRuleWithWeightDecayOnWeightsOnly() {
        Mlp net = new Mlp(new int[] {4, 3, 2}, Activation.TANH, new SplittableRandom(9));
        AdamConfig cfg = new AdamConfig(1e-2, 0.9, 0.999, 1e-8, 0.1);
        Adam adam = new Adam(net, cfg);
        int n = net.parameterCount();
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        float[] pf = net.parameters().clone();
        for (int i = 0; i < n; i++) {
            p[i] = pf[i];
        }
        boolean[] weight = new boolean[n];
        for (int l = 0; l < net.layers(); l++) {
            for (int i = net.weightOffset(l); i < net.biasOffset(l); i++) {
                weight[i] = true;
            }
        }
        SplittableRandom rng = new SplittableRandom(10);
        for (int t = 1; t <= 6; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) rng.nextDouble(-1, 1);
            }
            adam.stepInPlace(pf, g);
            for (int i = 0; i < n; i++) {
                double gi = g[i] + (weight[i] ? 0.1 * p[i] : 0);
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                p[i] -= 1e-2 / (1 - Math.pow(0.9, t)) * m[i] / denom;
            }
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], pf[i], 1e-6, "step " + t + " parameter " + i + (weight[i] ? " (weight)" : " (bias)"));
            }
        }
        assertEquals(6, adam.steps());
    }

    @Test
    void perLayerWeightDecayDecaysEachLayersWeightsByItsOwnCoefficient() {
        Mlp net = new Mlp(new int[] {2, 3, 1}, Activation.RELU, new SplittableRandom(3));
        // lr tiny and β's zero: with a zero gradient, the step is lr · sign-like(λ θ) = lr · λθ / (|λθ| + ε).
        Adam adam = new Adam(net, new AdamConfig(1e-3, 0, 0, 1e-8, 0), new double[] {0.5, 0.0});
        float[] p = net.parameters().clone();
        float[] before = p.clone();
        adam.stepInPlace(p, new float[p.length]);
        for (int i = 0; i < p.length; i++) {
            boolean layer0Weight = i < net.biasOffset(0);
            double expected = layer0Weight ? before[i] - 1e-3 * Math.signum(before[i]) : before[i];
            assertEquals(expected, p[i], 1e-6, "parameter " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam(net, AdamConfig.withLearningRate(1e-3), new double[] {0.1}));
    }

    @Test
    void firstStepMovesEachParameterByTheLearningRate() {
        // With bias correction, |Δθ| = lr · |g| / (|g| + ε) ≈ lr on the first step, whatever the gradient's scale.
        Adam adam = new Adam(3, AdamConfig.withLearningRate(3e-4));
        float[] p = {1f, 1f, 1f};
        adam.stepInPlace(p, new float[] {1e-3f, -5f, 200f});
        assertEquals(1 - 3e-4, p[0], 1e-6);
        assertEquals(1 + 3e-4, p[1], 1e-6);
        assertEquals(1 - 3e-4, p[2], 1e-6);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(1e-3, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.1)));
        Adam adam = new Adam(3, AdamConfig.withLearningRate(1e-3));
        assertThrows(IllegalArgumentException.class, () -> adam.stepInPlace(new float[2], new float[2]));
    }
}
