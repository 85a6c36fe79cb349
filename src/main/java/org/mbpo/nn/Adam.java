package org.mbpo.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015), the library's one optimizer, in either of the two forms its callers need
 * ({@link AdamConfig.Form}): PyTorch's for SAC's networks, on the Java copy of their parameters;
 * TensorFlow's for MBPO's dynamics model, on native memory, in chunks on {@link Workers}, as the reference
 * implementation's optimizer does. Both add an L2 term to the gradient ({@code g ← g + λ θ}, coupled weight
 * decay, not AdamW's decoupled decay), with {@code λ} per <em>segment</em> of the parameter vector
 * (consecutive ranges: a network's weights get their layer's decay, its biases none).
 *
 * <p>Its state (m, v, t) is for one parameter vector and persists across calls (the model keeps its moments
 * from one training to the next, as the reference does). Not thread-safe.
 */
public final class Adam {
    /** Floats per piece of work in the TensorFlow form's parallel step. */
    private static final int CHUNK = 1 << 15;

    private final AdamConfig config;
    private final int size;
    /** The moments: with a Java copy for the PyTorch form (its loop runs on Java arrays), native only for TensorFlow's. */
    private final NativeArray m;
    private final NativeArray v;
    /** Consecutive segments [segmentStart[i], segmentStart[i+1]) covering the vector, with their decay. */
    private final int[] segmentStart;
    private final float[] segmentDecay;
    /** The TensorFlow form's pieces of work: {offset, length, segment}. */
    private final List<int[]> pieces = new ArrayList<>();
    private long t;

    /**
     * Adam for a vector of {@code size} parameters in segments: segment i is
     * {@code [segmentStart[i], segmentStart[i + 1])} (the last ends at {@code size}) with L2 decay
     * {@code segmentDecay[i]}. {@code config.weightDecay()} is not used.
     *
     * @throws IllegalArgumentException if the segments do not start at 0 and increase within the vector,
     *                                  or a decay is negative
     */
    public Adam(int size, AdamConfig config, int[] segmentStart, float[] segmentDecay) {
        if (segmentStart.length != segmentDecay.length || segmentStart.length == 0 || segmentStart[0] != 0) {
            throw new IllegalArgumentException("segments must start at 0, one decay each: " + Arrays.toString(segmentStart));
        }
        this.config = config;
        this.size = size;
        this.segmentStart = Arrays.copyOf(segmentStart, segmentStart.length + 1);
        this.segmentStart[segmentStart.length] = size;
        this.segmentDecay = segmentDecay.clone();
        for (int s = 0; s < segmentDecay.length; s++) {
            if (this.segmentStart[s + 1] < this.segmentStart[s]) {
                throw new IllegalArgumentException("segments must increase within [0, " + size + "]: " + Arrays.toString(segmentStart));
            }
            if (!(segmentDecay[s] >= 0)) {
                throw new IllegalArgumentException("weight decay must be non-negative, got " + segmentDecay[s]);
            }
            for (int off = this.segmentStart[s]; off < this.segmentStart[s + 1]; off += CHUNK) {
                pieces.add(new int[] {off, Math.min(CHUNK, this.segmentStart[s + 1] - off), s});
            }
        }
        boolean onJavaArrays = config.form() == AdamConfig.Form.PYTORCH;
        this.m = onJavaArrays ? NativeArray.mirrored(size) : NativeArray.allocate(size);
        this.v = onJavaArrays ? NativeArray.mirrored(size) : NativeArray.allocate(size);
    }

    /** Adam for a plain vector of {@code size} parameters, with no weight decay. */
    public Adam(int size, AdamConfig config) {
        this(size, config, new int[] {0}, new float[] {0f});
        if (config.weightDecay() != 0) {
            throw new IllegalArgumentException("weight decay needs to know which parameters are weights: use Adam(Mlp, config)");
        }
    }

    /** Adam for {@code net}'s parameters; weight decay (if any) applies to its weights, not its biases. */
    public Adam(Mlp net, AdamConfig config) {
        this(net, config, uniform(net.layers(), config.weightDecay()));
    }

    /** Adam for {@code net}'s parameters with a weight decay per layer; {@code config.weightDecay()} is not used. */
    public Adam(Mlp net, AdamConfig config, double[] layerWeightDecay) {
        this(net.parameterCount(), config, mlpSegments(net, layerWeightDecay), mlpDecays(net, layerWeightDecay));
    }

    private static int[] mlpSegments(Mlp net, double[] layerWeightDecay) {
        if (layerWeightDecay.length != net.layers()) {
            throw new IllegalArgumentException("expected " + net.layers() + " weight decays, got " + layerWeightDecay.length);
        }
        int[] start = new int[2 * net.layers()];
        for (int l = 0; l < net.layers(); l++) {
            start[2 * l] = net.weightOffset(l);
            start[2 * l + 1] = net.biasOffset(l);
        }
        return start;
    }

    private static float[] mlpDecays(Mlp net, double[] layerWeightDecay) {
        float[] decay = new float[2 * net.layers()];
        for (int l = 0; l < net.layers(); l++) {
            decay[2 * l] = (float) layerWeightDecay[l];
        }
        return decay;
    }

    private static double[] uniform(int n, double value) {
        double[] d = new double[n];
        Arrays.fill(d, value);
        return d;
    }

    /** The number of steps taken. */
    public long steps() {
        return t;
    }

    public AdamConfig config() {
        return config;
    }

    /** The number of parameters. */
    public int size() {
        return size;
    }

    /**
     * Adam's state for one parameter vector: the step count and both moment estimates.
     *
     * @param steps t, the number of steps taken
     * @param m     the first moments, one per parameter
     * @param v     the second moments, one per parameter
     */
    public record State(long steps, float[] m, float[] v) {
    }

    /** A copy of the state (for a checkpoint). */
    public State state() {
        return new State(t, moments(m), moments(v));
    }

    private float[] moments(NativeArray a) {
        return config.form() == AdamConfig.Form.PYTORCH ? a.host().clone() : a.toArray(0, size);
    }

    /**
     * Puts the optimizer back into {@code state} (as {@link #state()} returned it); mutates it.
     *
     * @throws IllegalArgumentException if the state is for a vector of another length
     */
    public void restoreState(State state) {
        if (state.m().length != size || state.v().length != size || state.steps() < 0) {
            throw new IllegalArgumentException("Adam state for " + state.m().length + " parameters, this optimizer has " + size);
        }
        if (config.form() == AdamConfig.Form.PYTORCH) {
            System.arraycopy(state.m(), 0, m.host(), 0, size);
            System.arraycopy(state.v(), 0, v.host(), 0, size);
        } else {
            m.put(0, state.m(), 0, size);
            v.put(0, state.v(), 0, size);
        }
        t = state.steps();
    }

    /**
     * One step of PyTorch's form: updates {@code params} in place from {@code grads} (Java arrays of this
     * optimizer's size), exactly as {@code torch.optim.Adam} computes it in float32.
     *
     * @throws IllegalStateException if this optimizer runs TensorFlow's form
     */
    public void stepInPlace(float[] params, float[] grads) {
        if (config.form() != AdamConfig.Form.PYTORCH) {
            throw new IllegalStateException("this Adam runs TensorFlow's form on native arrays: call stepInPlace(NativeArray, NativeArray, Workers)");
        }
        if (params.length != size || grads.length != size) {
            throw new IllegalArgumentException("expected " + size + " parameters and gradients, got " + params.length + " and " + grads.length);
        }
        t++;
        float stepSize = (float) (config.learningRate() / (1 - Math.pow(config.beta1(), t)));
        float invRootBc2 = (float) (1 / Math.sqrt(1 - Math.pow(config.beta2(), t)));
        for (int s = 0; s < segmentDecay.length; s++) {
            pytorchStep(params, grads, segmentStart[s], segmentStart[s + 1], segmentDecay[s], stepSize, invRootBc2);
        }
    }

    private void pytorchStep(float[] p, float[] g, int from, int to, float wd, float stepSize, float invRootBc2) {
        float[] m = this.m.host();
        float[] v = this.v.host();
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        float eps = (float) config.epsilon();
        for (int i = from; i < to; i++) {
            float gi = g[i] + wd * p[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invRootBc2 + eps);
        }
    }

    /**
     * One step of TensorFlow's form: updates {@code params}' native memory in place from {@code grads}'
     * (this optimizer's size), in chunks of {@value #CHUNK} floats on {@code workers} (the result does not
     * depend on their number), with the Vector API where the JVM has it ({@link Vectorization}).
     *
     * @throws IllegalStateException if this optimizer runs PyTorch's form
     */
    public void stepInPlace(NativeArray params, NativeArray grads, Workers workers) {
        if (config.form() != AdamConfig.Form.TENSORFLOW) {
            throw new IllegalStateException("this Adam runs PyTorch's form on Java arrays: call stepInPlace(float[], float[])");
        }
        if (params.length() != size || grads.length() != size) {
            throw new IllegalArgumentException("expected " + size + " parameters and gradients, got " + params.length() + " and "
                    + grads.length());
        }
        t++;
        double lrT = config.learningRate() * Math.sqrt(1 - Math.pow(config.beta2(), t)) / (1 - Math.pow(config.beta1(), t));
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float lr = (float) lrT;
        float eps = (float) config.epsilon();
        workers.run(pieces.size(), i -> {
            int[] piece = pieces.get(i);
            AdamKernels.tensorflow(params, grads, m, v, piece[0], piece[1], segmentDecay[piece[2]], b1, b2, lr, eps);
        });
    }
}
