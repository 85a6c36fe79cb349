package org.mbpo.model;

import org.mbpo.nn.NativeArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The element-wise kernels: accuracy against {@link Math}, and the vector kernels against the scalar ones. */
class KernelsTest {

    @Test
    void expIsWithinTwoUlpOfMathExpOverItsRange() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (-87 + 175 * rng.nextDouble());
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(ScalarKernels.exp(x) - exact) / exact);
        }
        // One float ulp is 2^-23 ≈ 1.19e-7 relative at worst, 5.96e-8 at best.
        assertTrue(worst < 2.4e-7, "worst relative error of exp " + worst);
        assertEquals(1f, ScalarKernels.exp(0f), 0f, "exp(0)");
        assertEquals(Math.exp(-87), ScalarKernels.exp(-1000f), 1e-45, "exp clamps below at -87");
    }

    @Test
    void log1pSoftplusAndSigmoidAgreeWithMath() {
        SplittableRandom rng = new SplittableRandom(4);
        double worstLog = 0;
        for (int i = 0; i < 200_000; i++) {
            float u = (float) Math.pow(10, -12 * rng.nextDouble());
            double exact = Math.log1p(u);
            worstLog = Math.max(worstLog, Math.abs(ScalarKernels.log1p(u) - exact) / exact);
        }
        assertTrue(worstLog < 3e-7, "worst relative error of log1p on [1e-12, 1] " + worstLog);
        double worstSoftplus = 0;
        double worstSigmoid = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (-30 + 60 * rng.nextDouble());
            double sp = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            worstSoftplus = Math.max(worstSoftplus, Math.abs(ScalarKernels.softplus(x) - sp) / sp);
            double sg = 1 / (1 + Math.exp(-x));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(ScalarKernels.sigmoid(x) - sg) / sg);
        }
        assertTrue(worstSoftplus < 5e-7, "worst relative error of softplus on [-30, 30] " + worstSoftplus);
        assertTrue(worstSigmoid < 5e-7, "worst relative error of sigmoid on [-30, 30] " + worstSigmoid);
    }

    private static NativeArray random(int n, double scale, SplittableRandom rng) {
        NativeArray b = NativeArray.allocate(n);
        for (int i = 0; i < n; i++) {
            b.set(i, (float) (scale * rng.nextGaussian()));
        }
        return b;
    }

    private static void assertBitwiseEqual(NativeArray a, NativeArray b, String what) {
        for (int i = 0; i < a.length(); i++) {
            assertEquals(Float.floatToRawIntBits(a.get(i)), Float.floatToRawIntBits(b.get(i)),
                    what + " differs at " + i + ": vector " + a.get(i) + ", scalar " + b.get(i));
        }
    }

    @Test
    void vectorKernelsMatchScalarKernelsElementByElement() {
        assumeTrue(Kernels.VECTOR, "the Vector API module is not loaded");
        SplittableRandom rng = new SplittableRandom(5);
        int n = 16 * 37 + 11;
        // Rows of 203 columns: full vectors, a half-width vector and a scalar remainder in each row.
        int rows = 7;
        int cols = 203;
        NativeArray bias = random(cols + 5, 1, rng);
        NativeArray pre = random(rows * cols, 6, rng);
        NativeArray zv = pre.copy(), zs = pre.copy();
        NativeArray sv = NativeArray.allocate(rows * cols), xv = NativeArray.allocate(rows * cols);
        NativeArray ss = NativeArray.allocate(rows * cols), xs = NativeArray.allocate(rows * cols);
        VectorKernels.biasSwishForward(zv, bias, 5, sv, xv, rows, cols);
        ScalarKernels.biasSwishForward(zs, bias, 5, ss, xs, rows, cols, 0);
        assertBitwiseEqual(zv, zs, "pre-activation plus bias");
        assertBitwiseEqual(sv, ss, "sigmoid");
        assertBitwiseEqual(xv, xs, "swish");
        assertEquals(pre.get(cols + 3) + bias.get(5 + 3), zv.get(cols + 3), 0f, "row 1, column 3 gets bias 3");

        NativeArray inPlaceV = pre.copy(), inPlaceS = pre.copy();
        VectorKernels.biasSwishInPlace(inPlaceV, bias, 5, rows, cols);
        ScalarKernels.biasSwishInPlace(inPlaceS, bias, 5, rows, cols, 0);
        assertBitwiseEqual(inPlaceV, inPlaceS, "swish in place");
        assertBitwiseEqual(inPlaceV, xv, "swish in place vs swish for training");

        NativeArray z = random(n, 6, rng);
        NativeArray s1 = NativeArray.allocate(n);
        ScalarKernels.biasSwishForward(z.copy(), NativeArray.allocate(n), 0, s1, NativeArray.allocate(n), 1, n, 0);
        NativeArray dx = random(n, 1, rng);
        NativeArray dz1 = NativeArray.allocate(n), dz2 = NativeArray.allocate(n);
        VectorKernels.swishBackward(dx, 0, z, 0, s1, 0, dz1, 0, n);
        ScalarKernels.swishBackward(dx, 0, z, 0, s1, 0, dz2, 0, 0, n);
        assertBitwiseEqual(dz1, dz2, "swish backward");

        NativeArray head1 = random(2 * n, 4, rng), head2 = head1.copy();
        VectorKernels.headPredict(head1, 0, n, 0.1f, -0.2f, 0.5f, -3f, n);
        ScalarKernels.headPredict(head2, 0, n, 0.1f, -0.2f, 0.5f, -3f, 0, n);
        assertBitwiseEqual(head1, head2, "head prediction");

        NativeArray e1 = z.copy(), e2 = z.copy();
        VectorKernels.expHalfInPlace(e1, 0, n);
        ScalarKernels.expHalfInPlace(e2, 0, 0, n);
        assertBitwiseEqual(e1, e2, "exp(x/2)");

        NativeArray loss1 = random(2 * n, 3, rng), loss2 = loss1.copy(), y = random(n, 2, rng);
        float[] acc1 = new float[7], acc2 = new float[7];
        VectorKernels.headLoss(loss1, 0, n, 0.1f, 0.2f, 0.5f, -2f, y, 0, n, 1f / n, acc1);
        ScalarKernels.headLoss(loss2, 0, n, 0.1f, 0.2f, 0.5f, -2f, y, 0, 0, n, 1f / n, acc2);
        assertBitwiseEqual(loss1, loss2, "head gradients");
        for (int k = 0; k < 7; k++) {
            // Sums: same terms, added in a different order.
            assertEquals(acc2[k], acc1[k], 1e-5 * (1 + Math.abs(acc2[k])), "head sum " + k);
        }
        float[] err1 = new float[2], err2 = new float[2];
        VectorKernels.errorSums(head1, 0, n, y, 0, n, err1);
        ScalarKernels.errorSums(head1, 0, n, y, 0, 0, n, err2);
        assertEquals(err2[0], err1[0], 1e-5 * Math.abs(err2[0]), "squared-error sum");
        assertEquals(err2[1], err1[1], 1e-5 * Math.abs(err2[1]), "likelihood sum");
    }
}
