package org.mbpo.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLP's forward pass and gradients against an independent double-precision implementation
 * (plain loops over the same parameters), the gradients by central finite differences of it.
 */
class MlpTest {
    private static final int[] DIMS = {3, 6, 5, 2};

    static double loss(double[][] out, double[][] c) {
        double s = 0;
        for (int k = 0; k < out.length; k++) {
            for (int b = 0; b < out[k].length; b++) {
                s += c[k][b] * out[k][b];
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0}, batch {1} of capacity {2}")
    @CsvSource({"RELU, 7, 7", "RELU, 5, 8", "SWISH, 7, 7", "SWISH, 4, 9", "TANH, 6, 6", "IDENTITY, 3, 5"})
    void gradientsMatchFiniteDifferencesOfADoubleReference(Activation act, int batch, int capacity) {
        SplittableRandom rng = new SplittableRandom(11);
        Mlp net = new Mlp(DIMS, act, rng);
        Workspace ws = net.workspace(capacity);
        double[][] x = new double[DIMS[0]][batch];
        double[][] c = new double[DIMS[DIMS.length - 1]][batch];
        for (int i = 0; i < DIMS[0]; i++) {
            for (int b = 0; b < batch; b++) {
                x[i][b] = (float) rng.nextDouble(-2, 2);
                ws.input()[i * capacity + b] = (float) x[i][b];
            }
        }
        for (int k = 0; k < c.length; k++) {
            for (int b = 0; b < batch; b++) {
                c[k][b] = (float) rng.nextDouble(-1, 1);
                ws.outputGrad()[k * capacity + b] = (float) c[k][b];
            }
        }
        double[] p = ReferenceMlp.parameters(net);
        double[] minAbsPre = {Double.POSITIVE_INFINITY};
        double[][] expected = ReferenceMlp.forward(DIMS, act, p, x, minAbsPre);
        assertTrue(act != Activation.RELU || minAbsPre[0] > 1e-3, "test point too close to a ReLU kink: " + minAbsPre[0]);

        net.forward(ws, batch);
        for (int k = 0; k < expected.length; k++) {
            for (int b = 0; b < batch; b++) {
                assertEquals(expected[k][b], ws.output()[k * capacity + b], 1e-5 * (1 + Math.abs(expected[k][b])), "output " + k + "," + b);
            }
        }
        // outputGrad was written before forward: forward must not touch it.
        net.backward(ws, batch, true, 0, DIMS[0]);

        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double up = loss(ReferenceMlp.forward(DIMS, act, p, x), c);
            p[i] = keep - h;
            double down = loss(ReferenceMlp.forward(DIMS, act, p, x), c);
            p[i] = keep;
            double fd = (up - down) / (2 * h);
            assertEquals(fd, net.gradients()[i], 1e-4 + 1e-4 * Math.abs(fd), "parameter " + i);
        }
        for (int i = 0; i < DIMS[0]; i++) {
            for (int b = 0; b < batch; b++) {
                double keep = x[i][b];
                x[i][b] = keep + h;
                double up = loss(ReferenceMlp.forward(DIMS, act, p, x), c);
                x[i][b] = keep - h;
                double down = loss(ReferenceMlp.forward(DIMS, act, p, x), c);
                x[i][b] = keep;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, ws.inputGrad()[i * capacity + b], 1e-4 + 1e-4 * Math.abs(fd), "input " + i + "," + b);
            }
        }
    }

    @Test
    void inputGradientsOfSomeRowsLeaveTheOthersAlone() {
        Mlp net = new Mlp(DIMS, Activation.RELU, new SplittableRandom(3));
        Workspace all = net.workspace(4);
        Workspace some = net.workspace(4);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < all.input().length; i++) {
            all.input()[i] = some.input()[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < all.outputGrad().length; i++) {
            all.outputGrad()[i] = some.outputGrad()[i] = (float) rng.nextDouble(-1, 1);
        }
        net.forward(all, 4);
        net.backward(all, 4, false, 0, 3);
        net.forward(some, 4);
        net.backward(some, 4, false, 1, 2);
        for (int i = 0; i < 4; i++) {
            assertEquals(0f, some.inputGrad()[i], "row 0 was not asked for");
        }
        for (int i = 4; i < 12; i++) {
            assertEquals(all.inputGrad()[i], some.inputGrad()[i], "rows 1-2 are the same product");
        }
    }

    @Test
    void aBackwardPassWhosePairsRunOnTwoThreadsGivesThePlainOnesGradientsBitForBit() throws Exception {
        int[] dims = {11, 64, 64, 6};  // wide enough that the two products of a layer overlap in time
        for (Activation act : new Activation[] {Activation.RELU, Activation.SWISH}) {
            Mlp net = new Mlp(dims, act, new SplittableRandom(5));
            Workspace ws = net.workspace(32);
            SplittableRandom rng = new SplittableRandom(6);
            for (int i = 0; i < ws.input().length; i++) {
                ws.input()[i] = (float) rng.nextDouble(-1, 1);
            }
            net.forward(ws, 32);
            float[] outGrad = new float[ws.outputGrad().length];
            for (int i = 0; i < outGrad.length; i++) {
                outGrad[i] = (float) rng.nextDouble(-1, 1);
            }
            System.arraycopy(outGrad, 0, ws.outputGrad(), 0, outGrad.length);
            net.backward(ws, 32, true, 2, 5);
            float[] plainGrads = net.gradients().clone();
            float[] plainInput = ws.inputGrad().clone();

            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                int[] pairs = {0};
                // Other gradients first, so that a product the pairs left out would show as a difference.
                Arrays.fill(ws.outputGrad(), 0.25f);
                net.backward(ws, 32, true, 2, 5);
                System.arraycopy(outGrad, 0, ws.outputGrad(), 0, outGrad.length);
                net.backward(ws, 32, 2, 5, task -> {
                    pairs[0]++;
                    var there = other.submit(() -> task.accept(1));
                    task.accept(0);
                    try {
                        there.get();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                assertEquals(3, pairs[0], act + ": one pair per layer");
            } finally {
                other.shutdown();
            }
            for (int i = 0; i < plainGrads.length; i++) {
                assertEquals(Float.floatToRawIntBits(plainGrads[i]), Float.floatToRawIntBits(net.gradients()[i]), act + ": parameter gradient " + i);
            }
            for (int i = 0; i < plainInput.length; i++) {
                assertEquals(Float.floatToRawIntBits(plainInput[i]), Float.floatToRawIntBits(ws.inputGrad()[i]), act + ": input gradient " + i);
            }
        }
    }

    @Test
    void polyakAveragingMovesTauOfTheWay() {
        Mlp source = new Mlp(DIMS, Activation.RELU, new SplittableRandom(1));
        Mlp target = new Mlp(DIMS, Activation.RELU, new SplittableRandom(2));
        float[] before = target.parameters().clone();
        target.polyakInPlace(source, 0.005f);
        for (int i = 0; i < before.length; i++) {
            double expected = 0.995 * before[i] + 0.005 * source.parameters()[i];
            assertEquals(expected, target.parameters()[i], 1e-7, "parameter " + i);
        }
        // the native copy was updated too: a forward pass agrees with a copy made from the Java values
        Mlp copy = Mlp.copyOf(target);
        Workspace a = target.workspace(2);
        Workspace b = copy.workspace(2);
        for (int i = 0; i < a.input().length; i++) {
            a.input()[i] = b.input()[i] = i * 0.1f;
        }
        target.forward(a, 2);
        copy.forward(b, 2);
        assertArrayEquals(b.output(), a.output());
    }

    @Test
    void initialisationIsPyTorchsUniformBound() {
        Mlp net = new Mlp(new int[] {16, 64, 1}, Activation.RELU, new SplittableRandom(5));
        float[] p = net.parameters();
        double max = 0;
        for (int i = net.weightOffset(0); i < net.weightOffset(1); i++) {
            max = Math.max(max, Math.abs(p[i]));
        }
        assertTrue(max <= 0.25 && max > 0.24, "layer 0 bound is 1/sqrt(16) = 0.25, max " + max);
        max = 0;
        for (int i = net.weightOffset(1); i < p.length; i++) {
            max = Math.max(max, Math.abs(p[i]));
        }
        assertTrue(max <= 0.125 && max > 0.1, "layer 1 bound is 1/sqrt(64) = 0.125, max " + max);
    }

    @Test
    void badShapesAreRejected() {
        Mlp net = new Mlp(DIMS, Activation.RELU, new SplittableRandom(1));
        Mlp other = new Mlp(new int[] {3, 4, 2}, Activation.RELU, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> net.forward(other.workspace(2), 1));
        assertThrows(IllegalArgumentException.class, () -> net.forward(net.workspace(2), 3));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(new int[] {3}, Activation.RELU, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> net.copyParametersFrom(other));
    }

    @Test
    void finitenessCheckSeesNaNAndInfinity() {
        Mlp net = new Mlp(DIMS, Activation.RELU, new SplittableRandom(1));
        assertTrue(net.parametersFinite());
        float[] p = net.parameters().clone();
        p[7] = Float.NaN;
        net.setParameters(p);
        assertTrue(!net.parametersFinite(), "NaN");
        p[7] = Float.NEGATIVE_INFINITY;
        net.setParameters(p);
        assertTrue(!net.parametersFinite(), "-Inf");
    }
}
