package org.mbpo.model;

import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ensemble's loss and analytic gradient against an independent double-precision implementation
 * of the same loss (plain loops, {@link Math#exp}, {@link Math#log1p}) and its central finite
 * differences. Sizes are chosen so that the vector loops and their scalar remainders both run, and the
 * head's outputs fall on both sides of the log-variance bounds.
 */
class GaussianEnsembleGradientTest {
    static final int E = 2, IN = 3, OUT = 2, LAYERS = 2, HIDDEN = 20, ROWS = 37;

    @Test
    void lossAndGradientMatchFiniteDifferencesOfAnIndependentDoubleImplementation() {
        SplittableRandom rng = new SplittableRandom(11);
        GaussianEnsemble net = GaussianEnsemble.initialise(E, IN, OUT, LAYERS, HIDDEN, 0.5, -10, rng);
        // Non-zero biases, a wide output layer and tight bounds: raw log-variances land above maxLv, between, and below minLv.
        for (int l = 0; l <= LAYERS; l++) {
            for (int i = 0; i < E * net.fanOut[l]; i++) {
                net.params.set(net.biasStart[l] + i, (float) (0.3 * rng.nextGaussian()));
            }
        }
        for (int e = 0; e < E; e++) {
            int w = net.weights(LAYERS, e);
            for (int i = 0; i < HIDDEN * 2 * OUT; i++) {
                net.params.set(w + i, net.params.get(w + i) * 12f);
            }
        }
        net.params.set(net.maxLogVarOffset, 0.4f);
        net.params.set(net.maxLogVarOffset + 1, -0.2f);
        net.params.set(net.minLogVarOffset, -0.6f);
        net.params.set(net.minLogVarOffset + 1, -0.9f);
        net.parametersChanged();

        float[][] x = new float[E][ROWS * IN];
        float[][] y = new float[E][ROWS * OUT];
        for (int e = 0; e < E; e++) {
            for (int i = 0; i < x[e].length; i++) {
                x[e][i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < y[e].length; i++) {
                y[e][i] = (float) (1.5 * rng.nextGaussian());
            }
        }

        Workspace ws = net.workspace(64, true);
        NativeArray grad = NativeArray.allocate(net.size);
        double[] boundGrad = new double[2 * OUT];
        float[] memberBound = new float[2 * OUT];
        double[] sums = new double[3];
        double lossFloat = 0;
        for (int e = 0; e < E; e++) {
            ws.input(0).put(0, x[e], 0, ROWS * IN);
            for (int r = 0; r < ROWS; r++) {
                for (int j = 0; j < OUT; j++) {
                    ws.targets().set(j * ROWS + r, y[e][r * OUT + j]);
                }
            }
            net.lossGradient(e, ws, ROWS, grad, memberBound, sums);
            lossFloat += (sums[0] + sums[1]) / (ROWS * OUT);
            for (int k = 0; k < 2 * OUT; k++) {
                boundGrad[k] += memberBound[k];
            }
        }
        for (int k = 0; k < 2 * OUT; k++) {
            grad.set(net.maxLogVarOffset + k, (float) boundGrad[k]);
        }

        double[] p = new double[net.size];
        for (int i = 0; i < p.length; i++) {
            p[i] = net.params.get(i);
        }
        double lossDouble = referenceLoss(net, p, x, y);
        assertEquals(lossDouble, lossFloat, 1e-5 * Math.abs(lossDouble), "float loss vs double reference");

        int[] regimes = headRegimes(net, p, x);
        assertTrue(regimes[0] > 0 && regimes[1] > 0 && regimes[2] > 0,
                "raw log-variances above maxLv, between the bounds and below minLv: " + java.util.Arrays.toString(regimes));

        double h = 1e-4;
        double worst = 0;
        String worstAt = "";
        for (int k = 0; k < net.size; k++) {
            double keep = p[k];
            p[k] = keep + h;
            double up = referenceLoss(net, p, x, y);
            p[k] = keep - h;
            double down = referenceLoss(net, p, x, y);
            p[k] = keep;
            double numeric = (up - down) / (2 * h);
            double analytic = grad.get(k);
            double err = Math.abs(analytic - numeric) / (1e-3 + Math.abs(numeric));
            if (err > worst) {
                worst = err;
                worstAt = "parameter " + k + ": analytic " + analytic + ", finite difference " + numeric;
            }
        }
        // Measured: 1.3e-5 (float rounding in the analytic gradient); a wrong factor or sign gives O(1).
        assertTrue(worst < 5e-4, "worst relative gradient error " + worst + " at " + worstAt);
    }

    /** Counts head outputs whose raw log-variance is above maxLv, between the bounds, and below minLv. */
    private static int[] headRegimes(GaussianEnsemble net, double[] p, float[][] x) {
        int[] counts = new int[3];
        for (int e = 0; e < E; e++) {
            for (int r = 0; r < ROWS; r++) {
                double[] out = forward(net, p, e, x[e], r);
                for (int j = 0; j < OUT; j++) {
                    double raw = out[OUT + j];
                    double max = p[net.maxLogVarOffset + j];
                    double min = p[net.minLogVarOffset + j];
                    counts[raw > max ? 0 : raw < min ? 2 : 1]++;
                }
            }
        }
        return counts;
    }

    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    /** Member e's raw head output [2·out] for row r, in double precision. */
    static double[] forward(GaussianEnsemble net, double[] p, int e, float[] x, int r) {
        double[] a = new double[IN];
        for (int i = 0; i < IN; i++) {
            a[i] = x[r * IN + i];
        }
        for (int l = 0; l <= LAYERS; l++) {
            int fi = net.fanIn[l];
            int fo = net.fanOut[l];
            int w = net.weights(l, e);
            int b = net.biases(l, e);
            double[] z = new double[fo];
            for (int j = 0; j < fo; j++) {
                double s = p[b + j];
                for (int i = 0; i < fi; i++) {
                    s += a[i] * p[w + i * fo + j];
                }
                z[j] = l < LAYERS ? s / (1 + Math.exp(-s)) : s;
            }
            a = z;
        }
        return a;
    }

    /** Σ_e mean_{rows,dims}[(μ − y)² e^−lv + lv], double precision. */
    static double referenceLoss(GaussianEnsemble net, double[] p, float[][] x, float[][] y) {
        double total = 0;
        for (int e = 0; e < E; e++) {
            double sum = 0;
            for (int r = 0; r < ROWS; r++) {
                double[] out = forward(net, p, e, x[e], r);
                for (int j = 0; j < OUT; j++) {
                    double max = p[net.maxLogVarOffset + j];
                    double min = p[net.minLogVarOffset + j];
                    double lv = min + softplus(max - softplus(max - out[OUT + j]) - min);
                    double d = out[j] - y[e][r * OUT + j];
                    sum += d * d * Math.exp(-lv) + lv;
                }
            }
            total += sum / (ROWS * OUT);
        }
        return total;
    }
}
