package org.mbpo.nn;

import java.util.Arrays;

/**
 * The preallocated activations and gradients of one {@link Mlp} for batches of up to
 * {@link #capacity()} samples, feature-major ({@code [features, capacity]}, row stride = capacity).
 * One per network and use (a training batch, single actions, a rollout chunk); nothing is
 * allocated after construction. Not thread-safe.
 */
public final class MlpWorkspace {
    private final int[] dims;
    private final int capacity;
    final NativeArray x;
    final NativeArray[] z;
    final NativeArray[] h;
    final NativeArray[] dz;
    final NativeArray dx;

    MlpWorkspace(int[] dims, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.dims = dims.clone();
        this.capacity = capacity;
        int layers = dims.length - 1;
        this.x = withOnesRow(dims[0]);
        this.z = new NativeArray[layers];
        this.h = new NativeArray[layers - 1];
        this.dz = new NativeArray[layers];
        for (int l = 0; l < layers; l++) {
            z[l] = new NativeArray(dims[l + 1] * capacity);
            dz[l] = new NativeArray(dims[l + 1] * capacity);
            if (l < layers - 1) {
                h[l] = withOnesRow(dims[l + 1]);
            }
        }
        this.dx = new NativeArray(dims[0] * capacity);
    }

    /** {@code [rows + 1, capacity]} whose last row is ones (the bias input), in both copies. */
    private NativeArray withOnesRow(int rows) {
        NativeArray a = new NativeArray((rows + 1) * capacity);
        Arrays.fill(a.host(), rows * capacity, (rows + 1) * capacity, 1f);
        a.toNative();
        return a;
    }

    /** The largest batch. */
    public int capacity() {
        return capacity;
    }

    /** Where the caller writes a batch: {@code input()[feature * capacity() + sample]}. */
    public float[] input() {
        return x.host();
    }

    /** The last forward's outputs: {@code output()[k * capacity() + sample]}. */
    public float[] output() {
        return z[z.length - 1].host();
    }

    /** Where the caller writes the loss gradient with respect to the outputs, laid out as {@link #output()}. */
    public float[] outputGrad() {
        return dz[dz.length - 1].host();
    }

    /** The last backward's input gradients (for the rows asked for), laid out as {@link #input()}. */
    public float[] inputGrad() {
        return dx.host();
    }

    boolean fits(int[] networkDims) {
        return Arrays.equals(dims, networkDims);
    }
}
