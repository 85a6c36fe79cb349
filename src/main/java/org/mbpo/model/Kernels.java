package org.mbpo.model;

import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Vectorization;

/**
 * The element-wise work of the ensemble (activations, the Gaussian head with its loss gradient), on
 * {@link NativeArray}s' native memory with offsets in floats; its optimizer's step is {@link org.mbpo.nn.Adam}'s
 * TensorFlow form. Calls {@link VectorKernels} when {@link Vectorization#ENABLED} (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as the {@code ./mbpo} launcher and the tests do), and
 * {@link ScalarKernels} otherwise: the same operations element by element, about ten times slower.
 */
final class Kernels {
    private Kernels() {
    }

    /** True if the vector kernels are in use. */
    static final boolean VECTOR = Vectorization.ENABLED;

    /** What computes the element-wise kernels, for benchmark reports. */
    static String description() {
        return VECTOR ? "Vector API, " + VectorKernels.lanes() + " floats per vector"
                : "scalar (start Java with --add-modules jdk.incubator.vector for the vector kernels)";
    }

    /**
     * A hidden layer's activation for training, over {@code rows} rows of {@code cols}: adds the bias
     * {@code bias[bOff .. bOff+cols)} to each row of {@code z} (kept, for the backward pass), then
     * {@code s = σ(z)} and {@code x = z · s} (swish).
     */
    static void biasSwishForward(NativeArray z, NativeArray bias, int bOff, NativeArray s, NativeArray x, int rows, int cols) {
        if (VECTOR) {
            VectorKernels.biasSwishForward(z, bias, bOff, s, x, rows, cols);
        } else {
            ScalarKernels.biasSwishForward(z, bias, bOff, s, x, rows, cols, 0);
        }
    }

    /** A hidden layer's activation for prediction, in place: {@code z ← swish(z + bias)} row by row. */
    static void biasSwishInPlace(NativeArray z, NativeArray bias, int bOff, int rows, int cols) {
        if (VECTOR) {
            VectorKernels.biasSwishInPlace(z, bias, bOff, rows, cols);
        } else {
            ScalarKernels.biasSwishInPlace(z, bias, bOff, rows, cols, 0);
        }
    }

    /** {@code dz = dx · s · (1 + z · (1 − s))} (swish's derivative, from the stored {@code z} and {@code s = σ(z)}); {@code dz} may be {@code dx}. */
    static void swishBackward(NativeArray dx, int dxo, NativeArray z, int zo, NativeArray s, int so, NativeArray dz, int dzo, int n) {
        if (VECTOR) {
            VectorKernels.swishBackward(dx, dxo, z, zo, s, so, dz, dzo, n);
        } else {
            ScalarKernels.swishBackward(dx, dxo, z, zo, s, so, dz, dzo, 0, n);
        }
    }

    /**
     * One output dimension j of the Gaussian head over {@code n} rows, for training. With
     * {@code mean = out[meanOff+i] + meanBias}, {@code raw = out[rawOff+i] + rawBias}, the bounded
     * log-variance {@code lv = minLv + softplus(maxLv − softplus(maxLv − raw) − minLv)} and
     * {@code q = (mean − y)² e^−lv}, the loss term is {@code scale · (q + lv)}. The two rows are
     * overwritten with its gradients with respect to the mean and to the raw log-variance, and
     * {@code acc} receives the sums {@code [Σq, Σlv, Σ(mean − y)², ∂/∂maxLv, ∂/∂minLv, Σ∂/∂mean, Σ∂/∂raw]}.
     */
    static void headLoss(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv,
                         NativeArray y, int yOff, int n, float scale, float[] acc) {
        if (VECTOR) {
            VectorKernels.headLoss(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, y, yOff, n, scale, acc);
        } else {
            ScalarKernels.headLoss(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, y, yOff, 0, n, scale, acc);
        }
    }

    /** One output dimension of the head, for prediction: the mean row gets its bias, the raw row becomes the bounded log-variance. */
    static void headPredict(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv, int n) {
        if (VECTOR) {
            VectorKernels.headPredict(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, n);
        } else {
            ScalarKernels.headPredict(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, 0, n);
        }
    }

    /** {@code x ← e^(x/2)} over {@code n} floats (log-variance to standard deviation). */
    static void expHalfInPlace(NativeArray x, int off, int n) {
        if (VECTOR) {
            VectorKernels.expHalfInPlace(x, off, n);
        } else {
            ScalarKernels.expHalfInPlace(x, off, 0, n);
        }
    }

    /** Adds {@code Σ(mean − y)²} to {@code acc[0]} and {@code Σ((mean − y)² e^−lv + lv)} to {@code acc[1]}. */
    static void errorSums(NativeArray out, int meanOff, int lvOff, NativeArray y, int yOff, int n, float[] acc) {
        if (VECTOR) {
            VectorKernels.errorSums(out, meanOff, lvOff, y, yOff, n, acc);
        } else {
            ScalarKernels.errorSums(out, meanOff, lvOff, y, yOff, 0, n, acc);
        }
    }
}
