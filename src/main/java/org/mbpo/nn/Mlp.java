package org.mbpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A multilayer perceptron with explicit forward and backward passes over preallocated native
 * arrays: {@code dims[0] → dims[1] → … → dims[L]}, the hidden activation after every layer but the
 * last, the identity after the last.
 *
 * <h2>Layout</h2>
 * Data are <em>feature-major</em>: a batch of inputs is {@code [dims[0], capacity]}, one row per
 * feature and one column per sample (the transpose of PyTorch's {@code [batch, features]}), so that
 * a bias is one number per row and concatenating inputs (an observation and an action) is stacking
 * rows. Layer {@code l} keeps its weights and bias as one row-major block {@code [dims[l] + 1,
 * dims[l+1]]} in one flat parameter vector: rows {@code 0 … dims[l]-1} are the weights {@code W^T},
 * the last row is the bias. Every layer input carries an extra row of ones, so one gemm computes
 * {@code W x + b} and one gemm computes the weight and bias gradients together.
 *
 * <p>Initialisation is PyTorch's {@code nn.Linear} default: weights and biases uniform in
 * {@code ±1/sqrt(fan_in)}.
 *
 * <p>The parameters' Java copy is the master; every method that changes it copies it to native
 * memory before returning. Not thread-safe.
 */
public final class Mlp {
    private final int[] dims;
    private final Activation hidden;
    private final int[] offsets;
    private final NativeArray params;
    private final NativeArray grads;
    /**
     * Whether the hidden activation runs on native memory ({@link ReluKernels}: ReLU with the Vector API), so that
     * hidden layers never go through their Java copies; otherwise it runs on the Java copies ({@link Activation}),
     * with a copy each way around it. Both give the same bits.
     */
    private final boolean nativeActivation;

    /**
     * A network with PyTorch's default initialisation drawn from {@code rng}.
     *
     * @param dims   layer widths, input first, output last (at least two entries, all positive)
     * @param hidden the activation after each hidden layer
     * @param rng    the generator for the initial weights
     */
    public Mlp(int[] dims, Activation hidden, RandomGenerator rng) {
        this(dims, hidden);
        float[] p = params.host();
        for (int l = 0; l < offsets.length; l++) {
            double bound = 1.0 / Math.sqrt(dims[l]);
            int n = (dims[l] + 1) * dims[l + 1];
            for (int i = 0; i < n; i++) {
                p[offsets[l] + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
        }
        params.toNative();
    }

    /** A network with zero parameters. */
    private Mlp(int[] dims, Activation hidden) {
        if (dims.length < 2) {
            throw new IllegalArgumentException("an MLP needs an input and an output width, got " + Arrays.toString(dims));
        }
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("layer widths must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
        this.hidden = hidden;
        this.offsets = new int[dims.length - 1];
        int size = 0;
        for (int l = 0; l < offsets.length; l++) {
            offsets[l] = size;
            size += (dims[l] + 1) * dims[l + 1];
        }
        this.params = NativeArray.mirrored(size);
        this.grads = NativeArray.mirrored(size);
        this.nativeActivation = hidden == Activation.RELU && Vectorization.ENABLED;
    }

    /** A network with the same widths, activation and parameters as {@code other} (a target network). */
    public static Mlp copyOf(Mlp other) {
        Mlp m = new Mlp(other.dims, other.hidden);
        m.copyParametersFrom(other);
        return m;
    }

    /** The layer widths, input first. */
    public int[] dims() {
        return dims.clone();
    }

    public int inputDim() {
        return dims[0];
    }

    public int outputDim() {
        return dims[dims.length - 1];
    }

    /** The number of layers (weight matrices). */
    public int layers() {
        return offsets.length;
    }

    public Activation hiddenActivation() {
        return hidden;
    }

    /** The number of parameters, weights and biases. */
    public int parameterCount() {
        return params.length();
    }

    /** Where layer {@code l}'s weights start in the flat parameter vector; there are {@code dims[l] · dims[l+1]} of them. */
    public int weightOffset(int layer) {
        return offsets[layer];
    }

    /** Where layer {@code l}'s bias starts in the flat parameter vector (right after its weights). */
    public int biasOffset(int layer) {
        return offsets[layer] + dims[layer] * dims[layer + 1];
    }

    /**
     * A new workspace for batches of up to {@code capacity} samples, feature-major ({@code [features,
     * capacity]}, row stride = capacity), every buffer with a Java copy: {@code input(l)} is layer l's input
     * with a last row of ones (the bias input), {@code preActivation(l)} its output before the activation (the
     * last one is the network's output), {@code gradient(l)} the loss gradient there, and
     * {@code inputGradient()} the gradient with respect to the input rows asked for.
     */
    public Workspace workspace(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        int layers = dims.length - 1;
        NativeArray[] inputs = new NativeArray[layers];
        NativeArray[] pre = new NativeArray[layers];
        NativeArray[] grad = new NativeArray[layers];
        for (int l = 0; l < layers; l++) {
            inputs[l] = withOnesRow(dims[l], capacity);
            pre[l] = NativeArray.mirrored(dims[l + 1] * capacity);
            grad[l] = NativeArray.mirrored(dims[l + 1] * capacity);
        }
        return Workspace.builder(dims, capacity).inputs(inputs).preActivations(pre).gradients(grad)
                .inputGradient(NativeArray.mirrored(dims[0] * capacity)).build();
    }

    /** {@code [rows + 1, capacity]} whose last row is ones (the bias input), in both copies. */
    private static NativeArray withOnesRow(int rows, int capacity) {
        NativeArray a = NativeArray.mirrored((rows + 1) * capacity);
        Arrays.fill(a.host(), rows * capacity, (rows + 1) * capacity, 1f);
        a.toNative();
        return a;
    }

    /**
     * Forward pass: reads the batch from {@code ws.input()} (rows {@code 0 … inputDim-1}, columns
     * {@code 0 … batch-1}) and writes {@code ws.output()} ({@code [outputDim, capacity]}, the same
     * columns). Keeps the activations in {@code ws} for {@link #backward}.
     */
    public void forward(Workspace ws, int batch) {
        check(ws, batch);
        int cap = ws.capacity();
        toNative(ws.input(0), dims[0], batch, cap);
        int last = offsets.length - 1;
        for (int l = 0; l <= last; l++) {
            int in = dims[l];
            int out = dims[l + 1];
            NativeArray z = ws.preActivation(l);
            Blas.gemm(true, false, out, batch, in + 1, 1f, params, offsets[l], out, ws.input(l), 0, cap, 0f, z, 0, cap);
            if (l == last) {
                toHost(z, out, batch, cap);
            } else if (nativeActivation) {
                ReluKernels.forward(z, ws.input(l + 1), out, batch, cap);
            } else {
                NativeArray h = ws.input(l + 1);
                toHost(z, out, batch, cap);
                hidden.forward(z.host(), h.host(), out, batch, cap);
                toNative(h, out, batch, cap);
            }
        }
    }

    /** Copies the first {@code cols} columns of the {@code rows} rows (stride {@code ld}) from the Java copy to native memory. */
    private static void toNative(NativeArray a, int rows, int cols, int ld) {
        if (cols == ld) {
            a.toNative(0, rows * ld);
            return;
        }
        for (int r = 0; r < rows; r++) {
            a.toNative(r * ld, cols);
        }
    }

    /** Copies the first {@code cols} columns of the {@code rows} rows (stride {@code ld}) from native memory to the Java copy. */
    private static void toHost(NativeArray a, int rows, int cols, int ld) {
        if (cols == ld) {
            a.toHost(0, rows * ld);
            return;
        }
        for (int r = 0; r < rows; r++) {
            a.toHost(r * ld, cols);
        }
    }

    /**
     * Backward pass from the gradient the caller wrote into {@code ws.outputGrad()} (the loss's
     * gradient with respect to the outputs of the last {@link #forward} on {@code ws}).
     *
     * @param parameterGradients whether to compute the parameter gradients ({@link #gradients()});
     *                           overwritten, not accumulated
     * @param inputFrom          the first input row whose gradient is wanted
     * @param inputCount         how many input rows' gradients to write into {@code ws.inputGrad()} (0 for none)
     */
    public void backward(Workspace ws, int batch, boolean parameterGradients, int inputFrom, int inputCount) {
        backward(ws, batch, parameterGradients, inputFrom, inputCount, null);
    }

    /**
     * {@link #backward(Workspace, int, boolean, int, int)} with the parameter gradients, with each layer's two products
     * handed to {@code pair} as task 0 (the gradient passed down to the layer below, or to the input rows asked for) and
     * task 1 (the layer's parameter gradient): {@code pair} runs both and returns, at once on two threads or one after
     * the other. They read the same layer gradient and write apart, and are the same products either way, so the
     * results are {@code backward}'s, bit for bit.
     */
    public void backward(Workspace ws, int batch, int inputFrom, int inputCount, Consumer<IntConsumer> pair) {
        backward(ws, batch, true, inputFrom, inputCount, pair);
    }

    private void backward(Workspace ws, int batch, boolean parameterGradients, int inputFrom, int inputCount, Consumer<IntConsumer> pair) {
        check(ws, batch);
        if (inputFrom < 0 || inputCount < 0 || inputFrom + inputCount > dims[0]) {
            throw new IllegalArgumentException("input rows [" + inputFrom + ", " + (inputFrom + inputCount) + ") outside [0, " + dims[0] + ")");
        }
        int cap = ws.capacity();
        int last = offsets.length - 1;
        toNative(ws.gradient(last), dims[last + 1], batch, cap);
        for (int l = last; l >= 0; l--) {
            int layer = l;
            if (pair == null) {
                if (parameterGradients) {
                    parameterGradient(ws, layer, batch);
                }
                passDown(ws, layer, batch, inputFrom, inputCount);
            } else {
                pair.accept(task -> {
                    if (task == 0) {
                        passDown(ws, layer, batch, inputFrom, inputCount);
                    } else {
                        parameterGradient(ws, layer, batch);
                    }
                });
            }
        }
        if (parameterGradients) {
            grads.toHost();
        }
    }

    /** Layer l's parameter gradient, {@code [x_l; 1] dz_lᵀ}, into {@link #gradients()}' native memory. */
    private void parameterGradient(Workspace ws, int l, int batch) {
        int cap = ws.capacity();
        Blas.gemm(false, true, dims[l] + 1, dims[l + 1], batch, 1f, ws.input(l), 0, cap, ws.gradient(l), 0, cap, 0f, grads, offsets[l], dims[l + 1]);
    }

    /** The gradient below layer l: {@code W_lᵀ dz_l} through the activation into layer l − 1's, or into the input rows asked for. */
    private void passDown(Workspace ws, int l, int batch, int inputFrom, int inputCount) {
        int cap = ws.capacity();
        int in = dims[l];
        int out = dims[l + 1];
        NativeArray dz = ws.gradient(l);
        if (l > 0) {
            NativeArray below = ws.gradient(l - 1);
            Blas.gemm(false, false, in, batch, out, 1f, params, offsets[l], out, dz, 0, cap, 0f, below, 0, cap);
            if (nativeActivation) {
                ReluKernels.backwardInPlace(below, ws.input(l), in, batch, cap);
            } else {
                toHost(below, in, batch, cap);
                hidden.backwardInPlace(below.host(), ws.preActivation(l - 1).host(), ws.input(l).host(), in, batch, cap);
                toNative(below, in, batch, cap);
            }
        } else if (inputCount > 0) {
            NativeArray dx = ws.inputGradient();
            Blas.gemm(false, false, inputCount, batch, out, 1f, params, offsets[0] + inputFrom * out, out,
                    dz, 0, cap, 0f, dx, inputFrom * cap, cap);
            dx.toHost(inputFrom * cap, inputCount * cap);
        }
    }

    private void check(Workspace ws, int batch) {
        if (!ws.fits(dims)) {
            throw new IllegalArgumentException("workspace was made for another network shape");
        }
        if (batch < 1 || batch > ws.capacity()) {
            throw new IllegalArgumentException("batch " + batch + " outside [1, " + ws.capacity() + "]");
        }
    }

    /** The parameter gradients of the last {@link #backward} with {@code parameterGradients}, the Java copy (do not modify). */
    public float[] gradients() {
        return grads.host();
    }

    /** The parameters, the Java copy (do not modify: use the methods that say they mutate). */
    public float[] parameters() {
        return params.host();
    }

    /**
     * The parameters' native copy as a flat ND4J array {@code [parameterCount]}: a view of the memory BLAS
     * reads, current after every method (they copy the Java copy there), no copy made. Read it; change the
     * parameters with the methods that say they mutate.
     */
    public INDArray parametersArray() {
        return params.array();
    }

    /** The last {@link #backward}'s parameter gradients as a flat ND4J array {@code [parameterCount]}: a view, no copy. */
    public INDArray gradientsArray() {
        return grads.array();
    }

    /**
     * Layer {@code l}'s weights {@code Wᵀ [dims[l], dims[l+1]]} (input by output, as a PyTorch {@code nn.Linear}'s
     * {@code weight.T}): a view of the native parameters, no copy.
     */
    public INDArray weightsArray(int layer) {
        return params.array().get(NDArrayIndex.interval(weightOffset(layer), biasOffset(layer)))
                .reshape(new long[] {dims[layer], dims[layer + 1]});
    }

    /** Layer {@code l}'s bias {@code [dims[l+1]]}: a view of the native parameters, no copy. */
    public INDArray biasArray(int layer) {
        return params.array().get(NDArrayIndex.interval(biasOffset(layer), biasOffset(layer) + dims[layer + 1]));
    }

    /** Replaces the parameters with {@code values} (same layout as {@link #parameters()}). */
    public void setParameters(float[] values) {
        if (values.length != params.length()) {
            throw new IllegalArgumentException("expected " + params.length() + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, params.host(), 0, values.length);
        params.toNative();
    }

    /** Copies {@code source}'s parameters into this network (same widths). */
    public void copyParametersFrom(Mlp source) {
        requireSameShape(source);
        setParameters(source.params.host());
    }

    /**
     * Polyak averaging, in place: {@code θ ← (1 - τ) θ + τ θ_source} (Haarnoja et al. 2018, Algorithm 1's
     * target update; PyTorch's {@code mul_(1 - tau).add_(p, alpha=tau)} order of operations).
     */
    public void polyakInPlace(Mlp source, float tau) {
        requireSameShape(source);
        float[] t = params.host();
        float[] s = source.params.host();
        float keep = 1f - tau;
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i] * keep + s[i] * tau;
        }
        params.toNative();
    }

    /** Applies {@code optimizer}'s step (PyTorch's form) with this network's gradients to its parameters, in place. */
    public void updateInPlace(Adam optimizer) {
        optimizer.stepInPlace(params.host(), grads.host());
        params.toNative();
    }

    /** True if no parameter is NaN or infinite. */
    public boolean parametersFinite() {
        float[] p = params.host();
        float sum = 0f;
        for (float v : p) {
            sum += v * 0f;
        }
        return sum == 0f;
    }

    private void requireSameShape(Mlp other) {
        if (!Arrays.equals(dims, other.dims)) {
            throw new IllegalArgumentException("networks differ: " + Arrays.toString(dims) + " vs " + Arrays.toString(other.dims));
        }
    }
}
