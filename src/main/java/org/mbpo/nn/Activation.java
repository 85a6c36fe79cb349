package org.mbpo.nn;

/**
 * Elementwise activations with their derivatives, as loops over Java arrays that HotSpot vectorizes.
 *
 * <p>Arrays hold feature-major blocks: {@code rows} features, each a row of {@code ld} floats of
 * which the first {@code cols} (the batch) are used. When {@code cols == ld} the block is one
 * contiguous run and is processed as such (HotSpot vectorizes a single loop far better than many
 * short ones).
 */
public enum Activation {
    /** f(z) = z. */
    IDENTITY {
        @Override
        void forward(float[] z, int from, int to, float[] h) {
            System.arraycopy(z, from, h, from, to - from);
        }

        @Override
        void backward(float[] grad, float[] z, float[] h, int from, int to) {
        }
    },
    /** f(z) = max(z, 0); f'(z) = 1 for z &gt; 0, else 0 (PyTorch's convention at 0). */
    RELU {
        @Override
        void forward(float[] z, int from, int to, float[] h) {
            for (int i = from; i < to; i++) {
                h[i] = Math.max(z[i], 0f);
            }
        }

        @Override
        void backward(float[] grad, float[] z, float[] h, int from, int to) {
            for (int i = from; i < to; i++) {
                // h >= 0; h · 2^254 is at least 2^105 for the smallest positive float, so the factor
                // is exactly 1 for h > 0 and 0 for h = 0 (NaN stays NaN). Branch-free, so it vectorizes.
                grad[i] *= Math.min(h[i] * 0x1p127f * 0x1p127f, 1f);
            }
        }
    },
    /** f(z) = tanh(z); f'(z) = 1 - tanh(z)². */
    TANH {
        @Override
        void forward(float[] z, int from, int to, float[] h) {
            for (int i = from; i < to; i++) {
                h[i] = (float) Math.tanh(z[i]);
            }
        }

        @Override
        void backward(float[] grad, float[] z, float[] h, int from, int to) {
            for (int i = from; i < to; i++) {
                grad[i] *= 1f - h[i] * h[i];
            }
        }
    },
    /** Swish (SiLU), f(z) = z σ(z); f'(z) = σ(z) (1 + z (1 - σ(z))). MBPO's model uses it. */
    SWISH {
        @Override
        void forward(float[] z, int from, int to, float[] h) {
            for (int i = from; i < to; i++) {
                float v = z[i];
                h[i] = v / (1f + (float) Math.exp(-v));
            }
        }

        @Override
        void backward(float[] grad, float[] z, float[] h, int from, int to) {
            for (int i = from; i < to; i++) {
                float v = z[i];
                float s = 1f / (1f + (float) Math.exp(-v));
                grad[i] *= s * (1f + v * (1f - s));
            }
        }
    };

    /** {@code h[i] = f(z[i])} for i in [from, to). */
    abstract void forward(float[] z, int from, int to, float[] h);

    /** {@code grad[i] *= f'(z[i])} for i in [from, to), given {@code h[i] = f(z[i])}; mutates {@code grad}. */
    abstract void backward(float[] grad, float[] z, float[] h, int from, int to);

    /** {@code h = f(z)} over a feature-major block {@code [rows, cols]} with row stride {@code ld}. */
    public void forward(float[] z, float[] h, int rows, int cols, int ld) {
        if (cols == ld) {
            forward(z, 0, rows * ld, h);
            return;
        }
        for (int r = 0; r < rows; r++) {
            forward(z, r * ld, r * ld + cols, h);
        }
    }

    /** {@code grad *= f'(z)} over a feature-major block, given {@code h = f(z)}; mutates {@code grad}. */
    public void backwardInPlace(float[] grad, float[] z, float[] h, int rows, int cols, int ld) {
        if (cols == ld) {
            backward(grad, z, h, 0, rows * ld);
            return;
        }
        for (int r = 0; r < rows; r++) {
            backward(grad, z, h, r * ld, r * ld + cols);
        }
    }
}
