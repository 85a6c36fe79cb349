package org.mbpo.nn;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activation#RELU} and its derivative on native memory with the Vector API, for {@link Mlp}'s hidden layers:
 * the same IEEE operations, element by element, as {@link Activation#RELU}'s loops over Java arrays, so the results
 * agree bit for bit, without copying the layer between native memory and a Java array around every matrix product.
 * Blocks are feature-major: {@code rows} rows of {@code ld} floats, of which the first {@code cols} are used. Touches
 * {@code jdk.incubator.vector} only when {@link Vectorization#ENABLED}; {@link Mlp} uses its Java arrays otherwise.
 */
final class ReluKernels {
    private ReluKernels() {
    }

    /** {@code h = max(z, 0)} over the block, in native memory. */
    static void forward(NativeArray z, NativeArray h, int rows, int cols, int ld) {
        if (cols == ld) {
            Vector.forward(z, h, 0, rows * ld);
            return;
        }
        for (int r = 0; r < rows; r++) {
            Vector.forward(z, h, r * ld, cols);
        }
    }

    /** {@code grad *= f'(z)} over the block, from {@code h = max(z, 0)}; mutates {@code grad}'s native memory. */
    static void backwardInPlace(NativeArray grad, NativeArray h, int rows, int cols, int ld) {
        if (cols == ld) {
            Vector.backward(grad, h, 0, rows * ld);
            return;
        }
        for (int r = 0; r < rows; r++) {
            Vector.backward(grad, h, r * ld, cols);
        }
    }

    /** The vector loops with a scalar remainder; loaded only when the module is present. */
    private static final class Vector {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final ByteOrder ORDER = ByteOrder.nativeOrder();

        static void forward(NativeArray z, NativeArray h, int off, int n) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                int k = (off + i) << 2;
                FloatVector.fromByteBuffer(S, z.bytes(), k, ORDER).max(0f).intoByteBuffer(h.bytes(), k, ORDER);
            }
            for (int i = off + bound; i < off + n; i++) {
                h.set(i, Math.max(z.get(i), 0f));
            }
        }

        static void backward(NativeArray grad, NativeArray h, int off, int n) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                int k = (off + i) << 2;
                FloatVector factor = FloatVector.fromByteBuffer(S, h.bytes(), k, ORDER).mul(0x1p127f).mul(0x1p127f).min(1f);
                FloatVector.fromByteBuffer(S, grad.bytes(), k, ORDER).mul(factor).intoByteBuffer(grad.bytes(), k, ORDER);
            }
            for (int i = off + bound; i < off + n; i++) {
                grad.set(i, grad.get(i) * Math.min(h.get(i) * 0x1p127f * 0x1p127f, 1f));
            }
        }
    }
}
