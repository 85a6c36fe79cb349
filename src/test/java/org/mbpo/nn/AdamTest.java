package org.mbpo.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Adam's two forms against their update rules (PyTorch's documentation, TensorFlow's {@code AdamOptimizer}),
 * computed in double precision here.
 */
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

    @Test
    void tensorflowsFormMatchesItsRuleWithADecayPerSegmentOnAnyNumberOfWorkers() {
        // Three segments (decays 0.5, 0, 0.125), one longer than a chunk of work, so the step runs in pieces.
        int n = (1 << 15) + 1000;
        int[] start = {0, 700, 900};
        float[] decay = {0.5f, 0f, 0.125f};
        SplittableRandom rng = new SplittableRandom(2);
        float[] p0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) rng.nextGaussian();
        }
        NativeArray[] params = new NativeArray[2];
        Adam[] adams = new Adam[2];
        for (int k = 0; k < 2; k++) {
            params[k] = NativeArray.allocate(n);
            params[k].put(0, p0, 0, n);
            adams[k] = new Adam(n, AdamConfig.tensorflow(0.01, 0.9, 0.999, 1e-8), start, decay);
        }
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = p0[i];
        }
        NativeArray grad = NativeArray.allocate(n);
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < n; i++) {
                grad.set(i, (float) rng.nextGaussian());
            }
            adams[0].stepInPlace(params[0], grad, Workers.shared(1));
            adams[1].stepInPlace(params[1], grad, Workers.shared(2));
            double lrT = 0.01 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < n; i++) {
                double d = i < 700 ? 0.5 : i < 900 ? 0 : 0.125;
                double g = grad.get(i) + d * p[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(p[i], params[0].get(i), 1e-6 * (1 + Math.abs(p[i])), "parameter " + i);
            assertEquals(Float.floatToRawIntBits(params[0].get(i)), Float.floatToRawIntBits(params[1].get(i)),
                    "one worker and two give the same bits at " + i);
        }
        Adam.State state = adams[0].state();
        assertEquals(2, state.steps());
        assertEquals(m[5], state.m()[5], 1e-6, "the first moment in the saved state");
    }

    @Test
    void tensorflowsVectorLoopMatchesItsScalarLoopBitForBit() {
        assumeTrue(Vectorization.ENABLED, "the Vector API module is not loaded");
        SplittableRandom rng = new SplittableRandom(5);
        int n = 16 * 37 + 11;
        NativeArray g = random(n, 1, rng);
        NativeArray[] p = {random(n, 1, rng), null};
        NativeArray[] m = {random(n, 0.1, rng), null};
        NativeArray[] v = {NativeArray.allocate(n), NativeArray.allocate(n)};
        p[1] = p[0].copy();
        m[1] = m[0].copy();
        int from = AdamKernels.vector(p[0], g, m[0], v[0], 0, n, 1e-4f, 0.9f, 0.999f, 1e-3f, 1e-8f);
        AdamKernels.scalar(p[0], g, m[0], v[0], 0, from, n, 1e-4f, 0.9f, 0.999f, 1e-3f, 1e-8f);
        AdamKernels.scalar(p[1], g, m[1], v[1], 0, 0, n, 1e-4f, 0.9f, 0.999f, 1e-3f, 1e-8f);
        assertTrue(from > 0, "the vector loop did some of the work");
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(p[1].get(i)), Float.floatToRawIntBits(p[0].get(i)), "parameter " + i);
            assertEquals(Float.floatToRawIntBits(m[1].get(i)), Float.floatToRawIntBits(m[0].get(i)), "first moment " + i);
            assertEquals(Float.floatToRawIntBits(v[1].get(i)), Float.floatToRawIntBits(v[0].get(i)), "second moment " + i);
        }
    }

    @Test
    void eachFormRefusesTheOthersStep() {
        Adam pytorch = new Adam(3, AdamConfig.withLearningRate(1e-3));
        Adam tensorflow = new Adam(3, AdamConfig.tensorflow(1e-3, 0.9, 0.999, 1e-8), new int[] {0}, new float[] {0f});
        assertThrows(IllegalStateException.class, () -> pytorch.stepInPlace(NativeArray.allocate(3), NativeArray.allocate(3), Workers.shared(1)));
        assertThrows(IllegalStateException.class, () -> tensorflow.stepInPlace(new float[3], new float[3]));
    }

    private static NativeArray random(int n, double scale, SplittableRandom rng) {
        NativeArray b = NativeArray.allocate(n);
        for (int i = 0; i < n; i++) {
            b.set(i, (float) (scale * rng.nextGaussian()));
        }
        return b;
    }
}
