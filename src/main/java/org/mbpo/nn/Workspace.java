package org.mbpo.nn;

import java.util.Arrays;

/**
 * The preallocated buffers of one network's forward and backward passes over batches of up to
 * {@link #capacity()} samples, so that no pass allocates: the library's one workspace type, for both of
 * its networks. Per layer l:
 * <ul>
 *   <li>{@link #input(int) input(l)}: the layer's input (layer l + 1's input is layer l's activation);</li>
 *   <li>{@link #preActivation(int) preActivation(l)}: {@code W_l x + b_l}, before the activation;</li>
 *   <li>{@link #kept(int) kept(l)}: what the activation's derivative needs beyond those (σ(z) for swish);</li>
 *   <li>{@link #gradient(int) gradient(l)}: the loss gradient with respect to the layer's output, and, in
 *       place, its pre-activation;</li>
 * </ul>
 * and, as a network needs them, the gradient with respect to its input, regression targets, a vector of
 * ones (bias gradients as column sums) and Java scratch arrays for gathering rows.
 *
 * <p>Each network lays its workspace out its own way and documents it: {@link Mlp#workspace} feature-major
 * ({@code [features, capacity]}, bias rows of ones, Java copies for its elementwise loops), the dynamics
 * model's ensemble row-major per member ({@code [rows, width]}, native only). A workspace records the shape
 * it was made for and is refused by a network of another. Not thread-safe: one per thread and use.
 */
public final class Workspace {
    private final Object shape;
    private final int capacity;
    private final NativeArray[] inputs;
    private final NativeArray[] preActivations;
    private final NativeArray[] kept;
    private final NativeArray[] gradients;
    private final NativeArray inputGradient;
    private final NativeArray targets;
    private final NativeArray ones;
    private final float[] inScratch;
    private final float[] outScratch;
    private final float[] sums;

    private Workspace(Builder b) {
        this.shape = b.shape;
        this.capacity = b.capacity;
        this.inputs = b.inputs;
        this.preActivations = b.preActivations;
        this.kept = b.kept;
        this.gradients = b.gradients;
        this.inputGradient = b.inputGradient;
        this.targets = b.targets;
        this.ones = b.ones;
        this.inScratch = new float[b.inScratch];
        this.outScratch = new float[b.outScratch];
        this.sums = new float[b.sums];
    }

    /**
     * A builder of a workspace for a network of {@code shape} (any value with {@code equals}: the
     * network's widths, say) and batches of up to {@code capacity} samples.
     */
    public static Builder builder(Object shape, int capacity) {
        return new Builder(shape, capacity);
    }

    /** Collects a workspace's buffers; every buffer not given stays absent (its accessor throws). */
    public static final class Builder {
        private final Object shape;
        private final int capacity;
        private NativeArray[] inputs = new NativeArray[0];
        private NativeArray[] preActivations = new NativeArray[0];
        private NativeArray[] kept = new NativeArray[0];
        private NativeArray[] gradients = new NativeArray[0];
        private NativeArray inputGradient;
        private NativeArray targets;
        private NativeArray ones;
        private int inScratch;
        private int outScratch;
        private int sums;

        private Builder(Object shape, int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
            }
            this.shape = shape;
            this.capacity = capacity;
        }

        public Builder inputs(NativeArray... a) {
            inputs = a;
            return this;
        }

        public Builder preActivations(NativeArray... a) {
            preActivations = a;
            return this;
        }

        public Builder kept(NativeArray... a) {
            kept = a;
            return this;
        }

        public Builder gradients(NativeArray... a) {
            gradients = a;
            return this;
        }

        public Builder inputGradient(NativeArray a) {
            inputGradient = a;
            return this;
        }

        public Builder targets(NativeArray a) {
            targets = a;
            return this;
        }

        public Builder ones(NativeArray a) {
            ones = a;
            return this;
        }

        /** Java scratch arrays of these lengths: for inputs, for outputs, for sums. */
        public Builder scratch(int in, int out, int sumCount) {
            inScratch = in;
            outScratch = out;
            sums = sumCount;
            return this;
        }

        public Workspace build() {
            return new Workspace(this);
        }
    }

    /** The largest batch. */
    public int capacity() {
        return capacity;
    }

    /** True if this workspace was made for a network of {@code networkShape}. */
    public boolean fits(Object networkShape) {
        return shape instanceof int[] a && networkShape instanceof int[] b ? Arrays.equals(a, b) : shape.equals(networkShape);
    }

    /** Layer {@code l}'s input. */
    public NativeArray input(int l) {
        return inputs[l];
    }

    /** Layer {@code l}'s pre-activation {@code W_l x + b_l}. */
    public NativeArray preActivation(int l) {
        return preActivations[l];
    }

    /** What layer {@code l}'s activation keeps for its derivative. */
    public NativeArray kept(int l) {
        return kept[l];
    }

    /** The loss gradient at layer {@code l}'s output (then, in place, at its pre-activation). */
    public NativeArray gradient(int l) {
        return gradients[l];
    }

    /** True if this workspace has room for a backward pass. */
    public boolean hasGradients() {
        return gradients.length > 0;
    }

    /** The loss gradient with respect to the network's input. */
    public NativeArray inputGradient() {
        return present(inputGradient, "an input gradient");
    }

    /** Regression targets. */
    public NativeArray targets() {
        return present(targets, "targets");
    }

    /** {@code [capacity]} ones. */
    public NativeArray ones() {
        return present(ones, "a ones vector");
    }

    /** Java scratch for gathering inputs. */
    public float[] inScratch() {
        return inScratch;
    }

    /** Java scratch for outputs or targets. */
    public float[] outScratch() {
        return outScratch;
    }

    /** Java scratch for sums. */
    public float[] sums() {
        return sums;
    }

    private static NativeArray present(NativeArray a, String what) {
        if (a == null) {
            throw new IllegalStateException("this workspace has no " + what);
        }
        return a;
    }

    // ---- An MLP's conveniences (its buffers have Java copies) -----------------------------------------

    /** Where the caller writes an MLP's batch: {@code input()[feature * capacity() + sample]} (the Java copy). */
    public float[] input() {
        return inputs[0].host();
    }

    /** An MLP's last forward outputs, {@code output()[k * capacity() + sample]} (the Java copy). */
    public float[] output() {
        return preActivations[preActivations.length - 1].host();
    }

    /** Where the caller writes the loss gradient with respect to an MLP's outputs, laid out as {@link #output()}. */
    public float[] outputGrad() {
        return gradients[gradients.length - 1].host();
    }

    /** An MLP's last backward input gradients (for the rows asked for), laid out as {@link #input()}. */
    public float[] inputGrad() {
        return inputGradient().host();
    }
}
