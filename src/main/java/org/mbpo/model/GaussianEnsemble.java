package org.mbpo.model;

import org.mbpo.nn.Blas;
import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Profile.Part;
import org.mbpo.nn.Workspace;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * E Gaussian multilayer perceptrons computed side by side: member e maps an input {@code [in]} to a
 * mean and a log-variance {@code [out]} each, through {@code hiddenLayers} swish layers of
 * {@code hiddenUnits}. It knows nothing of observations, deltas or rewards (that is
 * {@link EnsembleModel}'s business): inputs arrive standardised, outputs leave raw.
 *
 * <p>Parameters live in one off-heap block, in this order: for each layer l, the weights
 * {@code W_l [E, in_l, out_l]} then the biases {@code b_l [E, out_l]}; then the learned log-variance
 * bounds {@code maxLogVar [out]} and {@code minLogVar [out]}, shared by the members (as in the
 * reference implementation). The output layer has {@code 2·out} units: means then raw log-variances.
 *
 * <p>The log-variance is soft-bounded (Chua et al. 2018, App. A.1; the reference's {@code bnn.py}):
 * {@code lv = minLv + softplus(maxLv − softplus(maxLv − raw) − minLv)}. The loss of member e on a batch
 * of n rows is {@code mean_{rows,dims}[(μ − y)² e^−lv] + mean_{rows,dims}[lv]}; the ensemble's loss sums
 * the members' and adds {@code Σ_l decay_l ‖W_l‖²/2} (in {@link org.mbpo.nn.Adam}'s gradient) and
 * {@code w · (Σ maxLv − Σ minLv)} (in {@link EnsembleTrainer}).
 *
 * <p>Each member is computed with its own row-major matrix products (OpenBLAS sgemm, a loop over
 * members; measured as fast as ND4J's batched matmul and without its per-op cost). The head is
 * computed transposed, {@code [2·out, rows]}, so that its per-dimension constants are scalars for the
 * vector kernels.
 *
 * <p>Mutable: {@link EnsembleTrainer} updates the parameters in place; {@link EnsembleModel} keeps a
 * private copy that it never changes.
 */
final class GaussianEnsemble {
    final int members;
    final int inputDim;
    final int outputDim;
    final int hiddenLayers;
    final int hiddenUnits;
    /** Per layer (hidden layers then the output layer): fan-in, fan-out, offset of member 0's weights and biases. */
    final int[] fanIn;
    final int[] fanOut;
    final int[] weightStart;
    final int[] biasStart;
    final int maxLogVarOffset;
    final int minLogVarOffset;
    final int size;
    final NativeArray params;
    /**
     * Row length of the hidden activations in the workspaces: {@code hiddenUnits} rounded up to a
     * multiple of 16 floats, the widest vector, so the element-wise kernels never need a remainder
     * loop. The padding columns stay 0; matrix products never read them.
     */
    final int stride;
    /** The hidden layers' biases padded to {@link #stride} with zeros, {@code [E, hiddenLayers, stride]}; see {@link #parametersChanged()}. */
    final NativeArray paddedBiases;

    private GaussianEnsemble(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits, NativeArray params) {
        if (members < 1 || inputDim < 1 || outputDim < 1 || hiddenLayers < 1 || hiddenUnits < 1) {
            throw new IllegalArgumentException("bad ensemble shape: members " + members + ", in " + inputDim + ", out "
                    + outputDim + ", layers " + hiddenLayers + " × " + hiddenUnits);
        }
        this.members = members;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.hiddenLayers = hiddenLayers;
        this.hiddenUnits = hiddenUnits;
        int layers = hiddenLayers + 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        weightStart = new int[layers];
        biasStart = new int[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            fanIn[l] = l == 0 ? inputDim : hiddenUnits;
            fanOut[l] = l == hiddenLayers ? 2 * outputDim : hiddenUnits;
            weightStart[l] = (int) offset;
            offset += (long) members * fanIn[l] * fanOut[l];
            biasStart[l] = (int) offset;
            offset += (long) members * fanOut[l];
        }
        maxLogVarOffset = (int) offset;
        minLogVarOffset = (int) (offset + outputDim);
        offset += 2L * outputDim;
        if (offset > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("ensemble too large: " + offset + " parameters");
        }
        size = (int) offset;
        if (params == null) {
            params = NativeArray.allocate(size);
        } else if (params.length() != size) {
            throw new IllegalArgumentException("parameter array has " + params.length() + " floats, the shape needs " + size);
        }
        this.params = params;
        this.stride = (hiddenUnits + 15) / 16 * 16;
        this.paddedBiases = NativeArray.allocate(members * hiddenLayers * stride);
        parametersChanged();
    }

    /** Offset of member e's padded biases of hidden layer l in {@link #paddedBiases}. */
    int paddedBias(int layer, int member) {
        return (member * hiddenLayers + layer) * stride;
    }

    /** Refreshes {@link #paddedBiases} from the parameters; call after changing them. */
    void parametersChanged() {
        for (int e = 0; e < members; e++) {
            for (int l = 0; l < hiddenLayers; l++) {
                paddedBiases.copyFrom(params, biases(l, e), paddedBias(l, e), hiddenUnits);
            }
        }
    }

    /** Row length of layer l's input in a workspace: the input size for l = 0, {@link #stride} after. */
    private int inputStride(int layer) {
        return layer == 0 ? inputDim : stride;
    }

    /** The number of parameters for this shape (for checking a saved model). */
    static int parameterCount(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits) {
        return new GaussianEnsemble(members, inputDim, outputDim, hiddenLayers, hiddenUnits, null).size;
    }

    /**
     * A freshly initialised ensemble: weights from a normal truncated at two standard deviations with
     * standard deviation {@code 1 / (2 √fanIn)}, biases 0 (the reference's {@code fc.py}), log-variance
     * bounds at {@code maxLogVar} and {@code minLogVar}.
     */
    static GaussianEnsemble initialise(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits,
                                       double maxLogVar, double minLogVar, RandomGenerator rng) {
        GaussianEnsemble net = new GaussianEnsemble(members, inputDim, outputDim, hiddenLayers, hiddenUnits, null);
        for (int l = 0; l <= hiddenLayers; l++) {
            double std = 1.0 / (2.0 * Math.sqrt(net.fanIn[l]));
            int n = members * net.fanIn[l] * net.fanOut[l];
            for (int i = 0; i < n; i++) {
                double g;
                do {
                    g = rng.nextGaussian();
                } while (Math.abs(g) > 2.0);
                net.params.set(net.weightStart[l] + i, (float) (g * std));
            }
        }
        net.params.fill(net.maxLogVarOffset, outputDim, (float) maxLogVar);
        net.params.fill(net.minLogVarOffset, outputDim, (float) minLogVar);
        net.parametersChanged();
        return net;
    }

    /** An ensemble of this shape over the given parameters (taken, not copied). */
    static GaussianEnsemble of(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits, NativeArray params) {
        return new GaussianEnsemble(members, inputDim, outputDim, hiddenLayers, hiddenUnits, params);
    }

    /** Offset of member e's weights {@code [fanIn, fanOut]} of layer l. */
    int weights(int layer, int member) {
        return weightStart[layer] + member * fanIn[layer] * fanOut[layer];
    }

    /** Offset of member e's biases {@code [fanOut]} of layer l. */
    int biases(int layer, int member) {
        return biasStart[layer] + member * fanOut[layer];
    }

    /** A deep copy. */
    GaussianEnsemble copy() {
        return new GaussianEnsemble(members, inputDim, outputDim, hiddenLayers, hiddenUnits, params.copy());
    }

    /** True if {@code other} has the same shape. */
    boolean sameShape(GaussianEnsemble other) {
        return members == other.members && inputDim == other.inputDim && outputDim == other.outputDim
                && hiddenLayers == other.hiddenLayers && hiddenUnits == other.hiddenUnits;
    }

    /** Copies member e's weights and biases (not the shared log-variance bounds) from {@code src}, which has this shape. */
    void copyMemberFrom(GaussianEnsemble src, int member) {
        for (int l = 0; l <= hiddenLayers; l++) {
            params.copyFrom(src.params, src.weights(l, member), weights(l, member), fanIn[l] * fanOut[l]);
            params.copyFrom(src.params, src.biases(l, member), biases(l, member), fanOut[l]);
        }
        parametersChanged();
    }

    /**
     * Member e's prediction for the {@code rows} standardised inputs in {@code ws.input(0)} (a workspace of
     * {@link #workspace}): leaves the means in rows {@code [0, out)} and the bounded log-variances in rows
     * {@code [out, 2·out)} of {@code ws.preActivation(hiddenLayers)}, each row {@code rows} long.
     */
    void predict(int member, Workspace ws, int rows) {
        int h = hiddenUnits;
        NativeArray in = ws.input(0);
        for (int l = 0; l < hiddenLayers; l++) {
            NativeArray z = ws.input(l + 1);
            Blas.gemm(false, false, rows, h, fanIn[l], 1f, in, 0, inputStride(l), params, weights(l, member), h, 0f, z, 0, stride);
            Kernels.biasSwishInPlace(z, paddedBiases, paddedBias(l, member), rows, stride);
            in = z;
        }
        int o = outputDim;
        NativeArray out = ws.preActivation(hiddenLayers);
        Blas.gemm(true, true, 2 * o, rows, h, 1f, params, weights(hiddenLayers, member), 2 * o, in, 0, stride, 0f, out, 0, rows);
        int b = biases(hiddenLayers, member);
        for (int j = 0; j < o; j++) {
            Kernels.headPredict(out, j * rows, (o + j) * rows, params.get(b + j), params.get(b + o + j),
                    params.get(maxLogVarOffset + j), params.get(minLogVarOffset + j), rows);
        }
    }

    /**
     * Member e's loss on the {@code rows} standardised inputs in {@code ws.input(0)} and transposed targets
     * in {@code ws.targets()} (a training workspace of {@link #workspace}), and its gradient: writes member e's weight and bias gradients into {@code grad}
     * (same layout as the parameters), and the gradients with respect to the shared bounds into
     * {@code boundGrad[0..out)} (max) and {@code boundGrad[out..2·out)} (min). Decay and the bound
     * penalty are not included. Returns {@code [Σ (μ−y)² e^−lv, Σ lv, Σ (μ−y)²]} over rows and dimensions
     * in {@code sums}.
     */
    void lossGradient(int member, Workspace ws, int rows, NativeArray grad, float[] boundGrad, double[] sums) {
        lossAndLayerGradients(member, ws, rows, grad, boundGrad, sums);
        weightGradients(member, ws, rows, grad);
    }

    /**
     * The first part of {@link #lossGradient}: the forward pass, the head's loss and gradient (the sums, the bounds' and
     * the output biases' gradients), and the backward pass through the layers' inputs, which leaves every hidden layer's
     * gradient in {@code ws.gradient(l)} (at its pre-activation) and the head's in its output. {@link #weightGradients}
     * on the same workspace then writes the weight and bias gradients: the two parts can run on different threads,
     * one after the other, and give {@link #lossGradient}'s numbers.
     */
    void lossAndLayerGradients(int member, Workspace ws, int rows, NativeArray grad, float[] boundGrad, double[] sums) {
        if (!ws.hasGradients()) {
            throw new IllegalArgumentException("a prediction workspace has no room for gradients");
        }
        int h = hiddenUnits;
        int o = outputDim;
        int outer = Profile.enter(Part.MODEL_FORWARD);
        for (int l = 0; l < hiddenLayers; l++) {
            NativeArray z = ws.preActivation(l);
            Blas.gemm(false, false, rows, h, fanIn[l], 1f, ws.input(l), 0, inputStride(l), params, weights(l, member), h, 0f, z, 0, stride);
            Kernels.biasSwishForward(z, paddedBiases, paddedBias(l, member), ws.kept(l), ws.input(l + 1), rows, stride);
        }
        int top = hiddenLayers;
        NativeArray out = ws.preActivation(top);
        Blas.gemm(true, true, 2 * o, rows, h, 1f, params, weights(top, member), 2 * o, ws.input(top), 0, stride, 0f, out, 0, rows);
        int b = biases(top, member);
        Profile.enter(Part.MODEL_LOSS);
        float scale = 1f / (rows * (float) o);
        double q = 0;
        double lv = 0;
        double se = 0;
        float[] acc = ws.sums();
        for (int j = 0; j < o; j++) {
            java.util.Arrays.fill(acc, 0f);
            Kernels.headLoss(out, j * rows, (o + j) * rows, params.get(b + j), params.get(b + o + j),
                    params.get(maxLogVarOffset + j), params.get(minLogVarOffset + j), ws.targets(), j * rows, rows, scale, acc);
            q += acc[0];
            lv += acc[1];
            se += acc[2];
            boundGrad[j] = acc[3];
            boundGrad[o + j] = acc[4];
            grad.set(b + j, acc[5]);
            grad.set(b + o + j, acc[6]);
        }
        sums[0] = q;
        sums[1] = lv;
        sums[2] = se;
        Profile.enter(Part.MODEL_BACKWARD);
        // Output layer: dX = Gᵀ · Wᵀ, with G = the head's gradient [2o, rows] (in place of its output).
        Blas.gemm(true, true, rows, h, 2 * o, 1f, out, 0, rows, params, weights(top, member), 2 * o, 0f, ws.gradient(top - 1), 0, stride);
        for (int l = hiddenLayers - 1; l >= 0; l--) {
            NativeArray d = ws.gradient(l);
            Kernels.swishBackward(d, 0, ws.preActivation(l), 0, ws.kept(l), 0, d, 0, rows * stride);
            if (l > 0) {
                Blas.gemm(false, true, rows, h, h, 1f, d, 0, stride, params, weights(l, member), h, 0f, ws.gradient(l - 1), 0, stride);
            }
        }
        Profile.exit(outer);
    }

    /**
     * The second part of {@link #lossGradient}, after {@link #lossAndLayerGradients} on {@code ws}: member e's weight
     * gradients {@code dW_l = X_lᵀ · D_l} and hidden biases' {@code Σ_rows D_l}, into {@code grad}.
     */
    void weightGradients(int member, Workspace ws, int rows, NativeArray grad) {
        int h = hiddenUnits;
        int o = outputDim;
        int top = hiddenLayers;
        int outer = Profile.enter(Part.MODEL_BACKWARD);
        Blas.gemm(true, true, h, 2 * o, rows, 1f, ws.input(top), 0, stride, ws.preActivation(top), 0, rows, 0f, grad,
                weights(top, member), 2 * o);
        for (int l = hiddenLayers - 1; l >= 0; l--) {
            NativeArray d = ws.gradient(l);
            Blas.gemm(true, false, fanIn[l], h, rows, 1f, ws.input(l), 0, inputStride(l), d, 0, stride, 0f, grad, weights(l, member), h);
            Blas.gemvTransposed(rows, h, d, 0, stride, ws.ones(), 0, 0f, grad, biases(l, member));
        }
        Profile.exit(outer);
    }

    private record Shape(int inputDim, int outputDim, int hiddenLayers, int stride, int maxRows, boolean training) {
    }

    private static final ThreadLocal<Map<Shape, Workspace>> WORKSPACES = ThreadLocal.withInitial(HashMap::new);

    /**
     * This thread's workspace for one member's passes over up to {@code maxRows} rows of this shape (with room
     * for gradients if {@code training}): made on first use and kept, never shared between threads. Models of
     * the same shape share them, since nothing in them outlives a call (the padding columns stay 0 whatever
     * the model), so that the many models of a long run do not each hold native buffers.
     */
    Workspace workspace(int maxRows, boolean training) {
        Shape shape = new Shape(inputDim, outputDim, hiddenLayers, stride, maxRows, training);
        return WORKSPACES.get().computeIfAbsent(shape, k -> newWorkspace(k, maxRows, training));
    }

    /** A new training workspace of {@link #workspace}'s layout, not shared (the trainer keeps one per member). */
    Workspace newTrainingWorkspace(int maxRows) {
        return newWorkspace(new Shape(inputDim, outputDim, hiddenLayers, stride, maxRows, true), maxRows, true);
    }

    /**
     * A member's workspace, row-major, native only: {@code input(0)} the standardised inputs {@code [rows, in]},
     * {@code input(l)} hidden layer l − 1's output {@code [rows, stride]} (l = 1 … hiddenLayers; in prediction
     * it also holds that layer's pre-activation, computed in place); for training, {@code preActivation(l)}
     * the hidden pre-activations plus biases and {@code kept(l)} their σ {@code [rows, stride]},
     * {@code gradient(l)} the gradient at hidden layer l {@code [rows, stride]} (one per layer: the weight gradients
     * read them all after the pass through the inputs), {@code targets()} the
     * transposed targets {@code [out, rows]}, {@code ones()} {@code [rows]}; {@code preActivation(hiddenLayers)}
     * is the head's output, transposed, {@code [2·out, rows]}: mean rows then log-variance rows (their gradients
     * after {@link #lossGradient}). Java scratch: inputs {@code [rows, in]}, outputs {@code [2·out, rows]}, and
     * the head's seven sums ({@link Kernels#headLoss}).
     */
    private static Workspace newWorkspace(Shape s, int maxRows, boolean training) {
        int layers = s.hiddenLayers();
        NativeArray[] inputs = new NativeArray[layers + 1];
        inputs[0] = NativeArray.allocate(maxRows * s.inputDim());
        for (int l = 1; l <= layers; l++) {
            inputs[l] = NativeArray.allocate(maxRows * s.stride());
        }
        NativeArray[] pre = new NativeArray[layers + 1];
        NativeArray[] kept = new NativeArray[training ? layers : 0];
        NativeArray[] gradients = new NativeArray[training ? layers : 0];
        for (int l = 0; l < layers; l++) {
            if (training) {
                pre[l] = NativeArray.allocate(maxRows * s.stride());
                kept[l] = NativeArray.allocate(maxRows * s.stride());
                gradients[l] = NativeArray.allocate(maxRows * s.stride());
            }
        }
        pre[layers] = NativeArray.allocate(2 * s.outputDim() * maxRows);
        NativeArray ones = NativeArray.allocate(maxRows);
        ones.fill(0, maxRows, 1f);
        return Workspace.builder(s, maxRows).inputs(inputs).preActivations(pre).kept(kept).gradients(gradients)
                .targets(NativeArray.allocate(s.outputDim() * maxRows)).ones(ones)
                .scratch(maxRows * s.inputDim(), 2 * s.outputDim() * maxRows, 7).build();
    }
}
