package org.mbpo.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native ReLU kernels give Activation.RELU's Java-array results bit for bit, on the used columns only. */
class ReluKernelsTest {

    @Test
    void forwardAndBackwardMatchTheJavaLoopsBitForBitAndLeaveUnusedColumnsAlone() {
        assumeTrue(Vectorization.ENABLED, "needs --add-modules jdk.incubator.vector (the tests run with it)");
        int rows = 5;
        int ld = 37;
        SplittableRandom rng = new SplittableRandom(4);
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN, 1e-30f, -3f, Float.MAX_VALUE};
        for (int cols : new int[] {37, 29, 3}) {
            float[] z = new float[rows * ld];
            float[] g = new float[rows * ld];
            for (int i = 0; i < z.length; i++) {
                z[i] = i % 9 < special.length ? special[i % 9] : (float) rng.nextGaussian();
                g[i] = (float) rng.nextGaussian();
            }
            float[] h = new float[z.length];
            Activation.RELU.forward(z, h, rows, cols, ld);
            float[] expectedGrad = g.clone();
            Activation.RELU.backwardInPlace(expectedGrad, z, h, rows, cols, ld);

            NativeArray nz = NativeArray.allocate(z.length);
            NativeArray nh = NativeArray.allocate(z.length);
            NativeArray ng = NativeArray.allocate(z.length);
            nz.put(0, z, 0, z.length);
            nh.fill(0, z.length, 7f);
            ng.put(0, g, 0, g.length);
            ReluKernels.forward(nz, nh, rows, cols, ld);
            for (int i = 0; i < z.length; i++) {
                float expected = i % ld < cols ? h[i] : 7f;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(nh.get(i)), "h[" + i + "], " + cols + " columns");
            }
            nh.put(0, h, 0, h.length);
            ReluKernels.backwardInPlace(ng, nh, rows, cols, ld);
            for (int i = 0; i < z.length; i++) {
                float expected = i % ld < cols ? expectedGrad[i] : g[i];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ng.get(i)), "grad[" + i + "], " + cols + " columns");
            }
        }
    }
}
