package org.mbpo.model;

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
 * the members' and adds {@code Σ_l decay_l ‖W_l‖²/2} (in {@link Adam}) and
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
    final Block params;
    /**
     * Row length of the hidden activations in the workspaces: {@code hiddenUnits} rounded up to a
     * multiple of 16 floats, the widest vector, so the element-wise kernels never need a remainder
     * loop. The padding columns stay 0; matrix products never read them.
     */
    final int stride;
    /** The hidden layers' biases padded to {@link #stride} with zeros, {@code [E, hiddenLayers, stride]}; see {@link #parametersChanged()}. */
    final Block paddedBiases;

    private GaussianEnsemble(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits, Block params) {
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
            params = Block.allocate(size);
        } else if (params.length != size) {
            throw new IllegalArgumentException("parameter block has " + params.length + " floats, the shape needs " + size);
        }
        this.params = params;
        this.stride = (hiddenUnits + 15) / 16 * 16;
        this.paddedBiases = Block.allocate(members * hiddenLayers * stride);
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
    static GaussianEnsemble of(int members, int inputDim, int outputDim, int hiddenLayers, int hiddenUnits, Block params) {
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
     * Member e's prediction for the {@code rows} standardised inputs in {@code ws.x[0]}: leaves the means
     * in rows {@code [0, out)} and the bounded log-variances in rows {@code [out, 2·out)} of
     * {@code ws.out}, each row {@code rows} long.
     */
    void predict(int member, Workspace ws, int rows) {
        int h = hiddenUnits;
        Block in = ws.x[0];
        for (int l = 0; l < hiddenLayers; l++) {
            Block z = ws.x[l + 1];
            Blas.gemm(false, false, rows, h, fanIn[l], in, 0, inputStride(l), params, weights(l, member), h, 0f, z, 0, stride);
            Kernels.biasSwishInPlace(z, paddedBiases, paddedBias(l, member), rows, stride);
            in = z;
        }
        int o = outputDim;
        Blas.gemm(true, true, 2 * o, rows, h, params, weights(hiddenLayers, member), 2 * o, in, 0, stride, 0f, ws.out, 0, rows);
        int b = biases(hiddenLayers, member);
        for (int j = 0; j < o; j++) {
            Kernels.headPredict(ws.out, j * rows, (o + j) * rows, params.get(b + j), params.get(b + o + j),
                    params.get(maxLogVarOffset + j), params.get(minLogVarOffset + j), rows);
        }
    }

    /**
     * Member e's loss on the {@code rows} standardised inputs in {@code ws.x[0]} and transposed targets
     * in {@code ws.y}, and its gradient: writes member e's weight and bias gradients into {@code grad}
     * (same layout as the parameters), and the gradients with respect to the shared bounds into
     * {@code boundGrad[0..out)} (max) and {@code boundGrad[out..2·out)} (min). Decay and the bound
     * penalty are not included. Returns {@code [Σ (μ−y)² e^−lv, Σ lv, Σ (μ−y)²]} over rows and dimensions
     * in {@code sums}.
     */
    void lossGradient(int member, Workspace ws, int rows, Block grad, float[] boundGrad, double[] sums) {
        if (!ws.training) {
            throw new IllegalArgumentException("a prediction workspace has no room for gradients");
        }
        int h = hiddenUnits;
        int o = outputDim;
        for (int l = 0; l < hiddenLayers; l++) {
            Block z = ws.z[l];
            Blas.gemm(false, false, rows, h, fanIn[l], ws.x[l], 0, inputStride(l), params, weights(l, member), h, 0f, z, 0, stride);
            Kernels.biasSwishForward(z, paddedBiases, paddedBias(l, member), ws.s[l], ws.x[l + 1], rows, stride);
        }
        int top = hiddenLayers;
        Blas.gemm(true, true, 2 * o, rows, h, params, weights(top, member), 2 * o, ws.x[top], 0, stride, 0f, ws.out, 0, rows);
        int b = biases(top, member);
        float scale = 1f / (rows * (float) o);
        double q = 0;
        double lv = 0;
        double se = 0;
        float[] acc = ws.acc;
        for (int j = 0; j < o; j++) {
            java.util.Arrays.fill(acc, 0f);
            Kernels.headLoss(ws.out, j * rows, (o + j) * rows, params.get(b + j), params.get(b + o + j),
                    params.get(maxLogVarOffset + j), params.get(minLogVarOffset + j), ws.y, j * rows, rows, scale, acc);
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
        // Output layer: dW = X_topᵀ · Gᵀ, dX = Gᵀ · Wᵀ, with G = ws.out [2o, rows].
        Blas.gemm(true, true, h, 2 * o, rows, ws.x[top], 0, stride, ws.out, 0, rows, 0f, grad, weights(top, member), 2 * o);
        Blas.gemm(true, true, rows, h, 2 * o, ws.out, 0, rows, params, weights(top, member), 2 * o, 0f, ws.dA, 0, stride);
        for (int l = hiddenLayers - 1; l >= 0; l--) {
            Kernels.swishBackward(ws.dA, 0, ws.z[l], 0, ws.s[l], 0, ws.dA, 0, rows * stride);
            Blas.gemm(true, false, fanIn[l], h, rows, ws.x[l], 0, inputStride(l), ws.dA, 0, stride, 0f, grad, weights(l, member), h);
            Blas.gemvTransposed(rows, h, ws.dA, 0, stride, ws.ones, 0, 0f, grad, biases(l, member));
            if (l > 0) {
                Blas.gemm(false, true, rows, h, h, ws.dA, 0, stride, params, weights(l, member), h, 0f, ws.dB, 0, stride);
                ws.swapGradients();
            }
        }
    }
}
