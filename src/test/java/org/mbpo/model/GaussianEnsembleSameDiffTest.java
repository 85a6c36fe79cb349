package org.mbpo.model;

import org.mbpo.nn.NativeArray;
import org.mbpo.nn.SameDiffCheck;
import org.mbpo.nn.SameDiffCheck.InDoubleAndFloat;
import org.mbpo.nn.SameDiffCheck.Result;
import org.mbpo.nn.SameDiffCheck.Tensor;
import org.mbpo.nn.Workspace;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.nn.SameDiffCheck.assertGradientsClose;
import static org.mbpo.nn.SameDiffCheck.assertLossClose;
import static org.mbpo.nn.SameDiffCheck.constant;
import static org.mbpo.nn.SameDiffCheck.widen;

/**
 * The probabilistic ensemble's training loss and the gradient of every parameter against the same loss
 * built in DeepLearning4J's SameDiff and differentiated by it: each member's Gaussian NLL with the soft
 * log-variance bounds (Chua et al. 2018, App. A.1), summed over members, plus the per-layer weight decay
 * {@code Σ_l decay_l ‖W_l‖²/2} and the bound penalty {@code w (Σ maxLv − Σ minLv)}.
 *
 * <p>Ours is the gradient the trainer's optimiser receives in one training step, decay and penalty
 * included (see {@link Ours#step}). The sizes put every code path to work: two swish layers (the first
 * reads the input, the second a padded hidden row: 20 units, stride 32), the output layer, 37 rows (a
 * vector loop and its scalar remainder), and raw log-variances above maxLv, between the bounds and
 * below minLv, for each of the three output dimensions' own bounds.
 *
 * <p>Our ensemble is float only: SameDiff in double and in float are both compared with our float
 * results, at a float tolerance ({@link #RTOL}).
 */
class GaussianEnsembleSameDiffTest {
    static final int E = 3;
    static final int OBS = 2;
    static final int ACT = 1;
    static final int IN = OBS + ACT;
    static final int OUT = OBS + 1;
    static final int LAYERS = 2;
    static final int HIDDEN = 20;
    static final int ROWS = 37;
    /** One coefficient per layer, all different and large enough that decay moves the gradients well beyond the tolerance. */
    static final double[] DECAYS = {0.05, 0.15, 0.1};
    static final double BOUND_WEIGHT = 0.25;
    /** Tight learned bounds, one per output dimension, so that raw log-variances fall on both sides of each. */
    static final float[] MAX_LOG_VAR = {0.4f, -0.2f, 0.1f};
    static final float[] MIN_LOG_VAR = {-0.6f, -0.9f, -1.5f};
    /**
     * Allowed error of the loss (relative) and of a gradient entry (relative to the entry plus the
     * parameter's largest gradient entry, see {@link SameDiffCheck#assertGradientsClose}), against SameDiff
     * in double and in float alike. Measured: at most 1.1e-7 against double and 1.4e-7 against float.
     */
    static final double RTOL = 1e-5;

    private final Ours ours = new Ours(new SplittableRandom(31));
    private final float[][] x = new float[E][ROWS * IN];
    private final float[][] y = new float[E][ROWS * OUT];

    GaussianEnsembleSameDiffTest() {
        SplittableRandom rng = new SplittableRandom(37);
        for (int e = 0; e < E; e++) {
            for (int i = 0; i < ROWS * IN; i++) {
                x[e][i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < ROWS * OUT; i++) {
                y[e][i] = (float) (1.5 * rng.nextGaussian());
            }
        }
    }

    @InDoubleAndFloat
    void lossAndEveryGradientMatchSameDiff(DataType type) {
        List<Tensor> params = ours.parameters();
        Ours.Step step = ours.step(x, y);

        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = new HashMap<>();
        for (Tensor t : params) {
            v.put(t.name(), SameDiffCheck.variable(sd, t, type));
        }
        SDVariable maxLv = v.get("maxLogVar");
        SDVariable minLv = v.get("minLogVar");
        SDVariable nll = null;
        String[] raws = new String[E];
        for (int e = 0; e < E; e++) {
            SDVariable h = constant(sd, "x" + e, type, widen(x[e]), ROWS, IN);
            for (int l = 0; l <= LAYERS; l++) {
                SDVariable w = v.get("W" + l).get(SDIndex.point(e), SDIndex.all(), SDIndex.all());
                SDVariable b = v.get("b" + l).get(SDIndex.point(e), SDIndex.all());
                h = SameDiffCheck.dense(h, w, b);
                if (l < LAYERS) {
                    h = SameDiffCheck.swish(sd, h);
                }
            }
            SDVariable mean = h.get(SDIndex.all(), SDIndex.interval(0, OUT));
            SDVariable raw = h.get(SDIndex.all(), SDIndex.interval(OUT, 2 * OUT));
            raws[e] = raw.name();
            // lv = minLv + softplus(maxLv − softplus(maxLv − raw) − minLv)
            SDVariable upper = maxLv.sub(sd.nn().softplus(maxLv.sub(raw)));
            SDVariable lv = minLv.add(sd.nn().softplus(upper.sub(minLv)));
            SDVariable err = mean.sub(constant(sd, "y" + e, type, widen(y[e]), ROWS, OUT));
            SDVariable member = sd.math().square(err).mul(sd.math().exp(lv.neg())).add(lv).mean();
            nll = nll == null ? member : nll.add(member);
        }
        nll.rename("nll");
        SDVariable loss = nll.add(maxLv.sum().sub(minLv.sum()).mul(BOUND_WEIGHT));
        for (int l = 0; l <= LAYERS; l++) {
            loss = loss.add(sd.math().square(v.get("W" + l)).sum().mul(DECAYS[l] / 2));
        }
        loss.rename("loss");
        Result r = SameDiffCheck.run(sd, "loss", SameDiffCheck.names(params), concat("nll", raws));

        int[] regimes = new int[3];
        for (int e = 0; e < E; e++) {
            double[] raw = r.outputs().get(raws[e]);
            for (int i = 0; i < raw.length; i++) {
                int j = i % OUT;
                regimes[raw[i] > MAX_LOG_VAR[j] ? 0 : raw[i] < MIN_LOG_VAR[j] ? 2 : 1]++;
            }
        }
        assertTrue(regimes[0] > 0 && regimes[1] > 0 && regimes[2] > 0,
                "raw log-variances above maxLv, between the bounds and below minLv: " + Arrays.toString(regimes));
        assertLossClose(type + ": the members' summed NLL", step.nll(), r.outputs().get("nll")[0], RTOL);
        assertGradientsClose("SameDiff " + type + ", ensemble loss", step.gradients(), r.gradients(), RTOL);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * The one place that touches the ensemble's and the trainer's internals: a trainer with random
     * parameters, its loss, and the gradient of one training step, as tensors named {@code W<l>}
     * {@code [E, in, out]}, {@code b<l>} {@code [E, out]}, {@code maxLogVar} and {@code minLogVar}
     * {@code [OUT]}. Re-point this class, not the test, when the trainer changes.
     */
    static final class Ours {
        private final EnsembleTrainer trainer;
        private final GaussianEnsemble net;

        Ours(SplittableRandom rng) {
            EnsembleConfig config = new EnsembleConfig(E, E, LAYERS, HIDDEN, new LayerDecays(DECAYS), 1e-3, 0, 0.999, 1e-8,
                    ROWS, 0.2, 5000, 0.01, 5, 0, 0, 0.5, -10, BOUND_WEIGHT);
            trainer = new EnsembleTrainer(config, OBS, ACT, rng.nextLong(), 1);
            net = GaussianEnsemble.initialise(E, IN, OUT, LAYERS, HIDDEN, 0.5, -10, rng);
            // Non-zero biases and a wide output layer, so that raw log-variances land on all sides of the bounds.
            for (int l = 0; l <= LAYERS; l++) {
                for (int i = 0; i < E * net.fanOut[l]; i++) {
                    net.params.set(net.biasStart[l] + i, (float) (0.3 * rng.nextGaussian()));
                }
            }
            for (int i = net.weightStart[LAYERS]; i < net.biasStart[LAYERS]; i++) {
                net.params.set(i, net.params.get(i) * 12f);
            }
            for (int j = 0; j < OUT; j++) {
                net.params.set(net.maxLogVarOffset + j, MAX_LOG_VAR[j]);
                net.params.set(net.minLogVarOffset + j, MIN_LOG_VAR[j]);
            }
            net.parametersChanged();
            EnsembleTrainer.State s = trainer.state();
            trainer.restoreState(new EnsembleTrainer.State(net.params.toArray(0, net.size), new float[net.size],
                    new float[net.size], 0, s.rng(), 0));
        }

        List<Tensor> parameters() {
            return tensors(net.params.toArray(0, net.size));
        }

        private List<Tensor> tensors(float[] flat) {
            List<Tensor> t = new ArrayList<>();
            for (int l = 0; l <= LAYERS; l++) {
                t.add(SameDiffCheck.tensor("W" + l, flat, net.weightStart[l], E, net.fanIn[l], net.fanOut[l]));
                t.add(SameDiffCheck.tensor("b" + l, flat, net.biasStart[l], E, net.fanOut[l]));
            }
            t.add(SameDiffCheck.tensor("maxLogVar", flat, net.maxLogVarOffset, OUT));
            t.add(SameDiffCheck.tensor("minLogVar", flat, net.minLogVarOffset, OUT));
            return t;
        }

        /** The members' summed NLL {@code Σ_e mean[(μ − y)² e^−lv + lv]} (our code computes no value for the decay and penalty terms) and the full gradient. */
        record Step(double nll, List<Tensor> gradients) {
        }

        /**
         * Member e's rows {@code x[e] [ROWS, IN]} and targets {@code y[e] [ROWS, OUT]}: the loss from the
         * ensemble's forward pass, and the gradient of one trainer step. That gradient is read from Adam's
         * first moment after the trainer's first step with β1 = 0 from zero moments, where
         * {@code m = g + decay_l · W} exactly: the data gradient, the bound penalty's ±w and the decay, as
         * the optimiser receives them.
         */
        Step step(float[][] x, float[][] y) {
            Workspace ws = net.workspace(ROWS, true);
            NativeArray unused = NativeArray.allocate(net.size);
            double[] sums = new double[3];
            double nll = 0;
            float[] inputs = new float[E * ROWS * IN];
            float[] targets = new float[E * ROWS * OUT];
            for (int e = 0; e < E; e++) {
                System.arraycopy(x[e], 0, inputs, e * ROWS * IN, ROWS * IN);
                for (int r = 0; r < ROWS; r++) {
                    for (int j = 0; j < OUT; j++) {
                        targets[e * ROWS * OUT + j * ROWS + r] = y[e][r * OUT + j];
                    }
                }
                ws.input(0).put(0, inputs, e * ROWS * IN, ROWS * IN);
                ws.targets().put(0, targets, e * ROWS * OUT, ROWS * OUT);
                net.lossGradient(e, ws, ROWS, unused, new float[2 * OUT], sums);
                nll += (sums[0] + sums[1]) / (ROWS * OUT);
            }
            trainer.benchmarkStep(inputs, targets, ROWS);
            return new Step(nll, tensors(trainer.state().adamM()));
        }
    }
}
