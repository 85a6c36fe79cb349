package org.mbpo.nn;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Adam}'s TensorFlow-form step on native memory, with the L2 decay in the loss (as the reference
 * implementation's optimizer runs it): {@code g = grad + decay·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * p −= lrT · m / (√v + ε)}, with fused multiply-adds. The Vector API loop and the scalar one go through the
 * same IEEE operations element by element, so they agree bit for bit; the vector one touches
 * {@code jdk.incubator.vector} only when {@link Vectorization#ENABLED} (the preferred species only: see the
 * dynamics model's kernels for why).
 */
final class AdamKernels {
    private AdamKernels() {
    }

    /** One step on {@code n} parameters from {@code off}: whole vectors where enabled, the rest one by one. */
    static void tensorflow(NativeArray p, NativeArray g, NativeArray m, NativeArray v, int off, int n, float decay,
                           float beta1, float beta2, float lrT, float eps) {
        int from = Vectorization.ENABLED ? Vector.tensorflow(p, g, m, v, off, n, decay, beta1, beta2, lrT, eps) : 0;
        scalar(p, g, m, v, off, from, n, decay, beta1, beta2, lrT, eps);
    }

    /** The step on elements {@code [from, n)} from {@code off}, one at a time. */
    static void scalar(NativeArray p, NativeArray g, NativeArray m, NativeArray v, int off, int from, int n, float decay,
                       float beta1, float beta2, float lrT, float eps) {
        for (int i = from; i < n; i++) {
            int k = off + i;
            float pk = p.get(k);
            float gk = Math.fma(decay, pk, g.get(k));
            float mk = Math.fma(beta1, m.get(k), (1f - beta1) * gk);
            float vk = Math.fma(beta2, v.get(k), (1f - beta2) * (gk * gk));
            m.set(k, mk);
            v.set(k, vk);
            p.set(k, pk - lrT * (mk / ((float) Math.sqrt(vk) + eps)));
        }
    }

    /** The step on the whole vectors of {@code [0, n)} from {@code off}; returns where the remainder starts (needs the module). */
    static int vector(NativeArray p, NativeArray g, NativeArray m, NativeArray v, int off, int n, float decay,
                      float beta1, float beta2, float lrT, float eps) {
        return Vector.tensorflow(p, g, m, v, off, n, decay, beta1, beta2, lrT, eps);
    }

    /** The vector loop; loaded only when the module is present. */
    private static final class Vector {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final ByteOrder ORDER = ByteOrder.nativeOrder();

        /** The whole vectors of the step; returns where the scalar remainder starts. */
        static int tensorflow(NativeArray p, NativeArray g, NativeArray m, NativeArray v, int off, int n, float decay,
                              float beta1, float beta2, float lrT, float eps) {
            int bound = S.loopBound(n);
            FloatVector vDecay = FloatVector.broadcast(S, decay);
            FloatVector vB1 = FloatVector.broadcast(S, beta1);
            FloatVector vB2 = FloatVector.broadcast(S, beta2);
            float c1 = 1f - beta1;
            float c2 = 1f - beta2;
            for (int i = 0; i < bound; i += S.length()) {
                int k = (off + i) << 2;
                FloatVector pk = FloatVector.fromByteBuffer(S, p.bytes(), k, ORDER);
                FloatVector gk = vDecay.fma(pk, FloatVector.fromByteBuffer(S, g.bytes(), k, ORDER));
                FloatVector mk = vB1.fma(FloatVector.fromByteBuffer(S, m.bytes(), k, ORDER), gk.mul(c1));
                FloatVector vk = vB2.fma(FloatVector.fromByteBuffer(S, v.bytes(), k, ORDER), gk.mul(gk).mul(c2));
                mk.intoByteBuffer(m.bytes(), k, ORDER);
                vk.intoByteBuffer(v.bytes(), k, ORDER);
                pk.sub(mk.div(vk.sqrt().add(eps)).mul(lrT)).intoByteBuffer(p.bytes(), k, ORDER);
            }
            return bound;
        }
    }
}
