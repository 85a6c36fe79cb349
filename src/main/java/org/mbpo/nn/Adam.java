package org.mbpo.nn;

/**
 * Adam (Kingma and Ba 2015) in PyTorch's form ({@code torch.optim.Adam}, no AMSGrad): with
 * {@code g ← g + λ θ} on weights (coupled L2 weight decay),
 * <pre>
 *   m ← β1 m + (1 - β1) g,   v ← β2 v + (1 - β2) g²,
 *   θ ← θ - (lr / (1 - β1^t)) · m / (sqrt(v) / sqrt(1 - β2^t) + ε).
 * </pre>
 * Its state (m, v, t) is for one parameter vector; weight decay applies to the ranges
 * {@link #decayRange} marks (an {@link Mlp}'s weights, not its biases). Not thread-safe.
 */
public final class Adam {
    private final AdamConfig config;
    private final float[] m;
    private final float[] v;
    /** Consecutive ranges [segmentStart[i], segmentStart[i+1]) covering the vector, with their weight decay. */
    private final int[] segmentStart;
    private final float[] segmentDecay;
    private long t;

    /** Adam for a plain vector of {@code size} parameters, with no weight decay. */
    public Adam(int size, AdamConfig config) {
        if (config.weightDecay() != 0) {
            throw new IllegalArgumentException("weight decay needs to know which parameters are weights: use Adam(Mlp, config)");
        }
        this.config = config;
        this.m = new float[size];
        this.v = new float[size];
        this.segmentStart = new int[] {0, size};
        this.segmentDecay = new float[] {0f};
    }

    /** Adam for {@code net}'s parameters; weight decay (if any) applies to its weights, not its biases. */
    public Adam(Mlp net, AdamConfig config) {
        this(net, config, uniform(net.layers(), config.weightDecay()));
    }

    /**
     * Adam for {@code net}'s parameters with a weight decay per layer (MBPO's model decays its layers
     * by 2.5e-5, 5e-5, 7.5e-5, 7.5e-5 and 1e-4); {@code config.weightDecay()} is not used.
     */
    public Adam(Mlp net, AdamConfig config, double[] layerWeightDecay) {
        if (layerWeightDecay.length != net.layers()) {
            throw new IllegalArgumentException("expected " + net.layers() + " weight decays, got " + layerWeightDecay.length);
        }
        this.config = config;
        int size = net.parameterCount();
        this.m = new float[size];
        this.v = new float[size];
        int layers = net.layers();
        this.segmentStart = new int[2 * layers + 1];
        this.segmentDecay = new float[2 * layers];
        for (int l = 0; l < layers; l++) {
            segmentStart[2 * l] = net.weightOffset(l);
            segmentStart[2 * l + 1] = net.biasOffset(l);
            if (!(layerWeightDecay[l] >= 0)) {
                throw new IllegalArgumentException("weight decay must be non-negative, got " + layerWeightDecay[l]);
            }
            segmentDecay[2 * l] = (float) layerWeightDecay[l];
        }
        segmentStart[2 * layers] = size;
    }

    private static double[] uniform(int n, double value) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, value);
        return d;
    }

    /** The number of steps taken. */
    public long steps() {
        return t;
    }

    public AdamConfig config() {
        return config;
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
        return new State(t, m.clone(), v.clone());
    }

    /**
     * Puts the optimizer back into {@code state} (as {@link #state()} returned it); mutates it.
     *
     * @throws IllegalArgumentException if the state is for a vector of another length
     */
    public void restoreState(State state) {
        if (state.m().length != m.length || state.v().length != v.length || state.steps() < 0) {
            throw new IllegalArgumentException("Adam state for " + state.m().length + " parameters, this optimizer has " + m.length);
        }
        System.arraycopy(state.m(), 0, m, 0, m.length);
        System.arraycopy(state.v(), 0, v, 0, v.length);
        t = state.steps();
    }

    /** One step: updates {@code params} in place from {@code grads} (same length as this optimizer's state). */
    public void stepInPlace(float[] params, float[] grads) {
        if (params.length != m.length || grads.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " parameters and gradients, got " + params.length + " and " + grads.length);
        }
        t++;
        float stepSize = (float) (config.learningRate() / (1 - Math.pow(config.beta1(), t)));
        float invRootBc2 = (float) (1 / Math.sqrt(1 - Math.pow(config.beta2(), t)));
        for (int s = 0; s < segmentDecay.length; s++) {
            step(params, grads, segmentStart[s], segmentStart[s + 1], segmentDecay[s], stepSize, invRootBc2);
        }
    }

    private void step(float[] p, float[] g, int from, int to, float wd, float stepSize, float invRootBc2) {
        float[] m = this.m;
        float[] v = this.v;
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
}
