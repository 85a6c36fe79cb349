package org.mbpo.model;

/**
 * Buffers for one member's forward (and backward) pass over up to {@code maxRows} rows, so that no
 * step allocates. One per thread and shape ({@link #forThread}), never shared between threads; models
 * of the same shape share them, since nothing in them outlives a call (the padding columns stay 0
 * whatever the model), so that the many models of a long run do not each hold off-heap buffers.
 */
final class Workspace {
    private record Shape(int inputDim, int outputDim, int hiddenLayers, int stride, int maxRows, boolean training) {
    }

    private static final ThreadLocal<java.util.Map<Shape, Workspace>> PER_THREAD =
            ThreadLocal.withInitial(java.util.HashMap::new);

    /** This thread's workspace for {@code net}'s shape. */
    static Workspace forThread(GaussianEnsemble net, int maxRows, boolean training) {
        Shape shape = new Shape(net.inputDim, net.outputDim, net.hiddenLayers, net.stride, maxRows, training);
        return PER_THREAD.get().computeIfAbsent(shape, k -> new Workspace(net, maxRows, training));
    }

    final int maxRows;
    final boolean training;
    /** Layer inputs: {@code x[0]} is the standardised input {@code [rows, in]}, {@code x[l]} the output of hidden layer l − 1 {@code [rows, stride]}. */
    final Block[] x;
    /** Hidden pre-activations plus biases {@code [rows, stride]} (training only). */
    final Block[] z;
    /** σ of the pre-activations {@code [rows, stride]} (training only). */
    final Block[] s;
    /** Head output, transposed: {@code [2·out, rows]}, mean rows then log-variance rows (gradients after {@code lossGradient}). */
    final Block out;
    /** Targets, transposed: {@code [out, rows]}. */
    final Block y;
    /** Gradient buffers {@code [rows, stride]} (training only). */
    Block dA;
    Block dB;
    /** {@code [maxRows]} ones, for bias gradients as column sums. */
    final Block ones;
    /** Head sums, see {@link Kernels#headLoss}. */
    final float[] acc = new float[7];
    /** Heap scratch for gathering rows: inputs {@code [rows, in]} and targets {@code [out, rows]}. */
    final float[] inScratch;
    final float[] outScratch;

    Workspace(GaussianEnsemble net, int maxRows, boolean training) {
        this.maxRows = maxRows;
        this.training = training;
        int h = net.stride;
        int layers = net.hiddenLayers;
        x = new Block[layers + 1];
        x[0] = Block.allocate(maxRows * net.inputDim);
        for (int l = 1; l <= layers; l++) {
            x[l] = Block.allocate(maxRows * h);
        }
        z = new Block[training ? layers : 0];
        s = new Block[training ? layers : 0];
        for (int l = 0; l < z.length; l++) {
            z[l] = Block.allocate(maxRows * h);
            s[l] = Block.allocate(maxRows * h);
        }
        out = Block.allocate(2 * net.outputDim * maxRows);
        y = Block.allocate(net.outputDim * maxRows);
        dA = training ? Block.allocate(maxRows * h) : null;
        dB = training ? Block.allocate(maxRows * h) : null;
        ones = Block.allocate(maxRows);
        ones.fill(0, maxRows, 1f);
        inScratch = new float[maxRows * net.inputDim];
        outScratch = new float[2 * net.outputDim * maxRows];
    }

    void swapGradients() {
        Block t = dA;
        dA = dB;
        dB = t;
    }
}
