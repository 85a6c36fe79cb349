package org.mbpo.model;

import org.mbpo.nn.NativeArray;

/**
 * The model's element-wise kernels, one element at a time. {@link VectorKernels} computes the same
 * functions with the Vector API using the same sequence of IEEE operations (fused multiply-adds
 * included), so element-wise results agree bit for bit; sums may differ in their last bits because
 * the vector code adds in a different order. Used where the {@code jdk.incubator.vector} module is
 * not available, and for the tail of each vector loop.
 *
 * <p>{@link #exp} and {@link #log1p} are polynomial approximations (Cephes {@code expf}/{@code logf}
 * coefficients, about 1.5 ulp), not {@link Math#exp}: the Vector API's own {@code EXP} may round
 * differently in the interpreter and in compiled code, which would make training depend on JIT timing.
 */
final class ScalarKernels {
    private ScalarKernels() {
    }

    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds a float to an integer, which then sits in the low mantissa bits. */
    static final float ROUND_MAGIC = 12582912f;
    static final int ROUND_MAGIC_BITS = 0x4B400000;
    static final float EXP_LO = -87f;
    static final float EXP_HI = 88f;
    static final float E0 = 1.9875691500E-4f;
    static final float E1 = 1.3981999507E-3f;
    static final float E2 = 8.3334519073E-3f;
    static final float E3 = 4.1665795894E-2f;
    static final float E4 = 1.6666665459E-1f;
    static final float E5 = 5.0000001201E-1f;
    static final float SQRT2 = 1.41421356f;
    static final float L0 = 7.0376836292E-2f;
    static final float L1 = -1.1514610310E-1f;
    static final float L2 = 1.1676998740E-1f;
    static final float L3 = -1.2420140846E-1f;
    static final float L4 = 1.4249322787E-1f;
    static final float L5 = -1.6668057665E-1f;
    static final float L6 = 2.0000714765E-1f;
    static final float L7 = -2.4999993993E-1f;
    static final float L8 = 3.3333331174E-1f;

    /** e^x for x clamped to [−87, 88]. */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(x, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(E0, r, E1);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E5);
        float y = Math.fma(p, r * r, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_MAGIC_BITS - 127)) << 23);
        return y * scale;
    }

    /** log(1 + u) for u in [0, 1] (Goldberg's correction keeps tiny u accurate). */
    static float log1p(float u) {
        float y0 = 1f + u;
        float f0 = y0 - 1f;
        boolean high = y0 > SQRT2;
        float y = high ? y0 * 0.5f : y0;
        float e = high ? 1f : 0f;
        float f = y - 1f;
        float z = f * f;
        float p = Math.fma(L0, f, L1);
        p = Math.fma(p, f, L2);
        p = Math.fma(p, f, L3);
        p = Math.fma(p, f, L4);
        p = Math.fma(p, f, L5);
        p = Math.fma(p, f, L6);
        p = Math.fma(p, f, L7);
        p = Math.fma(p, f, L8);
        float r = f * z * p;
        r = Math.fma(e, LN2_LO, r);
        r = Math.fma(z, -0.5f, r);
        float log = f + r;
        log = Math.fma(e, LN2_HI, log);
        return f0 == 0f ? u : log * (u / f0);
    }

    /** The logistic function 1 / (1 + e^−x). */
    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** log(1 + e^x), computed as max(x, 0) + log1p(e^−|x|). */
    static float softplus(float x) {
        return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
    }

    /**
     * Hidden-layer activation for training, on columns {@code [fromCol, cols)} of each of {@code rows}
     * rows: {@code z ← z + b} (the bias, {@code b = bias[bOff ..]}), {@code s = σ(z)}, {@code x = z · s}.
     */
    static void biasSwishForward(NativeArray z, NativeArray bias, int bOff, NativeArray s, NativeArray x, int rows, int cols, int fromCol) {
        for (int r = 0; r < rows; r++) {
            for (int c = fromCol; c < cols; c++) {
                int i = r * cols + c;
                float zi = z.get(i) + bias.get(bOff + c);
                float si = 1f / (1f + exp(-zi));
                z.set(i, zi);
                s.set(i, si);
                x.set(i, zi * si);
            }
        }
    }

    /** Hidden-layer activation for prediction, in place: {@code z ← (z + b) · σ(z + b)} on columns {@code [fromCol, cols)}. */
    static void biasSwishInPlace(NativeArray z, NativeArray bias, int bOff, int rows, int cols, int fromCol) {
        for (int r = 0; r < rows; r++) {
            for (int c = fromCol; c < cols; c++) {
                int i = r * cols + c;
                float zi = z.get(i) + bias.get(bOff + c);
                z.set(i, zi * (1f / (1f + exp(-zi))));
            }
        }
    }

    /** Swish's backward pass: {@code dz = dx · s · (1 + z · (1 − s))}. */
    static void swishBackward(NativeArray dx, int dxo, NativeArray z, int zo, NativeArray s, int so, NativeArray dz, int dzo, int from, int n) {
        for (int i = from; i < n; i++) {
            float si = s.get(so + i);
            float zi = z.get(zo + i);
            dz.set(dzo + i, dx.get(dxo + i) * (si * Math.fma(zi, 1f - si, 1f)));
        }
    }

    /**
     * One output dimension of the Gaussian head, for training: adds the biases, bounds the
     * log-variance, and replaces the mean and raw log-variance rows by the loss's gradients.
     * See {@link Kernels#headLoss}.
     */
    static void headLoss(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv,
                         NativeArray y, int yOff, int from, int n, float scale, float[] acc) {
        for (int i = from; i < n; i++) {
            float mean = out.get(meanOff + i) + meanBias;
            float raw = out.get(rawOff + i) + rawBias;
            float a = maxLv - raw;
            float ea = exp(-Math.abs(a));
            float da = 1f / (1f + ea);
            float sigA = a < 0f ? ea * da : da;
            float upper = maxLv - (Math.max(a, 0f) + log1p(ea));
            float c = upper - minLv;
            float ec = exp(-Math.abs(c));
            float dc = 1f / (1f + ec);
            float sigC = c < 0f ? ec * dc : dc;
            float lv = minLv + (Math.max(c, 0f) + log1p(ec));
            float inv = exp(-lv);
            float d = mean - y.get(yOff + i);
            float d2 = d * d;
            float q = d2 * inv;
            float gl = (1f - q) * scale;
            float gMean = 2f * d * inv * scale;
            float gRaw = gl * sigC * sigA;
            out.set(meanOff + i, gMean);
            out.set(rawOff + i, gRaw);
            acc[0] += q;
            acc[1] += lv;
            acc[2] += d2;
            acc[3] += gl * sigC * (1f - sigA);
            acc[4] += gl * (1f - sigC);
            acc[5] += gMean;
            acc[6] += gRaw;
        }
    }

    /** One output dimension of the Gaussian head, for prediction: mean row += bias; raw row → bounded log-variance. */
    static void headPredict(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv,
                            int from, int n) {
        for (int i = from; i < n; i++) {
            out.set(meanOff + i, out.get(meanOff + i) + meanBias);
            float raw = out.get(rawOff + i) + rawBias;
            float upper = maxLv - softplus(maxLv - raw);
            out.set(rawOff + i, minLv + softplus(upper - minLv));
        }
    }

    /** {@code x ← e^(x / 2)}: log-variance to standard deviation. */
    static void expHalfInPlace(NativeArray x, int off, int from, int n) {
        for (int i = from; i < n; i++) {
            x.set(off + i, exp(0.5f * x.get(off + i)));
        }
    }

    /** Adds Σ(mean − y)² to acc[0] and Σ(mean − y)²·e^−lv + lv to acc[1]. */
    static void errorSums(NativeArray out, int meanOff, int lvOff, NativeArray y, int yOff, int from, int n, float[] acc) {
        for (int i = from; i < n; i++) {
            float d = out.get(meanOff + i) - y.get(yOff + i);
            float lv = out.get(lvOff + i);
            acc[0] += d * d;
            acc[1] += d * d * exp(-lv) + lv;
        }
    }
}
