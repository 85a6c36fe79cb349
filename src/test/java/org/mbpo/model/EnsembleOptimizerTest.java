package org.mbpo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbpo.nn.Adam;
import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Workers;

/** The trainer's optimizer: two steps against TensorFlow's update written out in double precision, a decay per layer. */
class EnsembleOptimizerTest {

    @Test
    void twoStepsMatchTheFormulaWithPerLayerDecayAndThePaddedBiasesFollow() {
        GaussianEnsemble net = GaussianEnsemble.initialise(2, 3, 2, 2, 5, 0.5, -10, new SplittableRandom(1));
        double[] decays = {0.5, 0.25, 0.125};
        EnsembleConfig config = new EnsembleConfig(2, 1, 2, 5, new LayerDecays(decays), 0.01, 0.9, 0.999, 1e-8, 32,
                0.2, 5000, 0.01, 5, 0, 0, 0.5, -10, 0.01);
        Adam adam = EnsembleTrainer.optimizer(net, config);
        int n = net.size;
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double[] decay = new double[n];
        for (int l = 0; l <= 2; l++) {
            for (int i = net.weightStart[l]; i < net.biasStart[l]; i++) {
                decay[i] = decays[l];
            }
        }
        for (int i = 0; i < n; i++) {
            p[i] = net.params.get(i);
        }
        SplittableRandom rng = new SplittableRandom(2);
        NativeArray grad = NativeArray.allocate(n);
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < n; i++) {
                grad.set(i, (float) rng.nextGaussian());
            }
            adam.stepInPlace(net.params, grad, Workers.shared(1));
            net.parametersChanged();
            double lrT = 0.01 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < n; i++) {
                double g = grad.get(i) + decay[i] * p[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(p[i], net.params.get(i), 1e-6 * (1 + Math.abs(p[i])), "parameter " + i);
        }
        assertEquals(net.params.get(net.biases(0, 1) + 3), net.paddedBiases.get(net.paddedBias(0, 1) + 3), 0f,
                "padded biases follow the update");
    }
}
