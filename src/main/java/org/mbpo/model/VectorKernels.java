package org.mbpo.model;

import static org.mbpo.model.ScalarKernels.E0;
import static org.mbpo.model.ScalarKernels.E1;
import static org.mbpo.model.ScalarKernels.E2;
import static org.mbpo.model.ScalarKernels.E3;
import static org.mbpo.model.ScalarKernels.E4;
import static org.mbpo.model.ScalarKernels.E5;
import static org.mbpo.model.ScalarKernels.EXP_HI;
import static org.mbpo.model.ScalarKernels.EXP_LO;
import static org.mbpo.model.ScalarKernels.L0;
import static org.mbpo.model.ScalarKernels.L1;
import static org.mbpo.model.ScalarKernels.L2;
import static org.mbpo.model.ScalarKernels.L3;
import static org.mbpo.model.ScalarKernels.L4;
import static org.mbpo.model.ScalarKernels.L5;
import static org.mbpo.model.ScalarKernels.L6;
import static org.mbpo.model.ScalarKernels.L7;
import static org.mbpo.model.ScalarKernels.L8;
import static org.mbpo.model.ScalarKernels.LN2_HI;
import static org.mbpo.model.ScalarKernels.LN2_LO;
import static org.mbpo.model.ScalarKernels.LOG2E;
import static org.mbpo.model.ScalarKernels.ROUND_MAGIC;
import static org.mbpo.model.ScalarKernels.ROUND_MAGIC_BITS;
import static org.mbpo.model.ScalarKernels.SQRT2;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mbpo.nn.NativeArray;

/**
 * {@link ScalarKernels} with the Vector API (incubating in Java 17: needs
 * {@code --add-modules jdk.incubator.vector}), the widest vectors the CPU has. Each element goes
 * through the same IEEE operations as in {@link ScalarKernels}, so results agree bit for bit
 * element-wise; the remainder of each loop is done by {@link ScalarKernels}. Only {@link Kernels}
 * refers to this class, and only when the module is present.
 *
 * <p>Only one species (the preferred one) is used, on purpose: in Java 17, once a second float
 * species is in use anywhere in the JVM, the Vector API's shared code sees two vector classes, C2
 * inlines both, hits its node-count cut-off, and the kernels fall back to boxed vectors (measured:
 * swish 16× slower). Rows are padded to a multiple of the width instead ({@link GaussianEnsemble#stride}).
 */
final class VectorKernels {
    private VectorKernels() {
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** The vector width in floats. */
    static int lanes() {
        return L;
    }

    private static FloatVector load(NativeArray b, int i) {
        return FloatVector.fromByteBuffer(S, b.bytes(), i << 2, ORDER);
    }

    private static void store(FloatVector v, NativeArray b, int i) {
        v.intoByteBuffer(b.bytes(), i << 2, ORDER);
    }

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
    }

    /** e^x on the preferred species (same operations as {@link ScalarKernels#exp}). */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = x.fma(c(LOG2E), c(ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(c(-LN2_HI), x);
        r = n.fma(c(-LN2_LO), r);
        FloatVector p = c(E0).fma(r, c(E1));
        p = p.fma(r, c(E2));
        p = p.fma(r, c(E3));
        p = p.fma(r, c(E4));
        p = p.fma(r, c(E5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return y.mul(bits.reinterpretAsFloats());
    }

    static FloatVector log1p(FloatVector u) {
        FloatVector y0 = u.add(1f);
        FloatVector f0 = y0.sub(1f);
        VectorMask<Float> high = y0.compare(VectorOperators.GT, SQRT2);
        FloatVector y = y0.blend(y0.mul(0.5f), high);
        FloatVector e = c(0f).blend(c(1f), high);
        FloatVector f = y.sub(1f);
        FloatVector z = f.mul(f);
        FloatVector p = c(L0).fma(f, c(L1));
        p = p.fma(f, c(L2));
        p = p.fma(f, c(L3));
        p = p.fma(f, c(L4));
        p = p.fma(f, c(L5));
        p = p.fma(f, c(L6));
        p = p.fma(f, c(L7));
        p = p.fma(f, c(L8));
        FloatVector r = f.mul(z).mul(p);
        r = e.fma(c(LN2_LO), r);
        r = z.fma(c(-0.5f), r);
        FloatVector log = f.add(r);
        log = e.fma(c(LN2_HI), log);
        FloatVector corrected = log.mul(u.div(f0));
        return corrected.blend(u, f0.compare(VectorOperators.EQ, 0f));
    }

    static FloatVector softplus(FloatVector x) {
        return x.max(0f).add(log1p(exp(x.abs().neg())));
    }

    static void biasSwishForward(NativeArray z, NativeArray bias, int bOff, NativeArray s, NativeArray x, int rows, int cols) {
        int bound = S.loopBound(cols);
        FloatVector one = c(1f);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int c = 0; c < bound; c += L) {
                FloatVector zi = load(z, row + c).add(load(bias, bOff + c));
                FloatVector si = one.div(exp(zi.neg()).add(1f));
                store(zi, z, row + c);
                store(si, s, row + c);
                store(zi.mul(si), x, row + c);
            }
        }
        if (bound < cols) {
            ScalarKernels.biasSwishForward(z, bias, bOff, s, x, rows, cols, bound);
        }
    }

    static void biasSwishInPlace(NativeArray z, NativeArray bias, int bOff, int rows, int cols) {
        int bound = S.loopBound(cols);
        FloatVector one = c(1f);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int c = 0; c < bound; c += L) {
                FloatVector zi = load(z, row + c).add(load(bias, bOff + c));
                store(zi.mul(one.div(exp(zi.neg()).add(1f))), z, row + c);
            }
        }
        if (bound < cols) {
            ScalarKernels.biasSwishInPlace(z, bias, bOff, rows, cols, bound);
        }
    }

    static void swishBackward(NativeArray dx, int dxo, NativeArray z, int zo, NativeArray s, int so, NativeArray dz, int dzo, int n) {
        int bound = S.loopBound(n);
        FloatVector one = c(1f);
        for (int i = 0; i < bound; i += L) {
            FloatVector si = load(s, so + i);
            FloatVector zi = load(z, zo + i);
            store(load(dx, dxo + i).mul(si.mul(zi.fma(one.sub(si), one))), dz, dzo + i);
        }
        ScalarKernels.swishBackward(dx, dxo, z, zo, s, so, dz, dzo, bound, n);
    }

    static void headLoss(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv,
                         NativeArray y, int yOff, int n, float scale, float[] acc) {
        int bound = S.loopBound(n);
        FloatVector one = c(1f);
        FloatVector vMax = c(maxLv);
        FloatVector vMin = c(minLv);
        FloatVector vScale = c(scale);
        FloatVector q0 = c(0f), lv0 = c(0f), d20 = c(0f), gMax0 = c(0f), gMin0 = c(0f), gm0 = c(0f), gr0 = c(0f);
        for (int i = 0; i < bound; i += L) {
            FloatVector mean = load(out, meanOff + i).add(meanBias);
            FloatVector raw = load(out, rawOff + i).add(rawBias);
            FloatVector a = vMax.sub(raw);
            FloatVector ea = exp(a.abs().neg());
            FloatVector da = one.div(one.add(ea));
            FloatVector sigA = da.blend(ea.mul(da), a.compare(VectorOperators.LT, 0f));
            FloatVector upper = vMax.sub(a.max(0f).add(log1p(ea)));
            FloatVector cc = upper.sub(vMin);
            FloatVector ec = exp(cc.abs().neg());
            FloatVector dc = one.div(one.add(ec));
            FloatVector sigC = dc.blend(ec.mul(dc), cc.compare(VectorOperators.LT, 0f));
            FloatVector lv = vMin.add(cc.max(0f).add(log1p(ec)));
            FloatVector inv = exp(lv.neg());
            FloatVector d = mean.sub(load(y, yOff + i));
            FloatVector d2 = d.mul(d);
            FloatVector q = d2.mul(inv);
            FloatVector gl = one.sub(q).mul(vScale);
            FloatVector gMean = d.mul(2f).mul(inv).mul(vScale);
            FloatVector gRaw = gl.mul(sigC).mul(sigA);
            store(gMean, out, meanOff + i);
            store(gRaw, out, rawOff + i);
            q0 = q0.add(q);
            lv0 = lv0.add(lv);
            d20 = d20.add(d2);
            gMax0 = gMax0.add(gl.mul(sigC).mul(one.sub(sigA)));
            gMin0 = gMin0.add(gl.mul(one.sub(sigC)));
            gm0 = gm0.add(gMean);
            gr0 = gr0.add(gRaw);
        }
        acc[0] += q0.reduceLanes(VectorOperators.ADD);
        acc[1] += lv0.reduceLanes(VectorOperators.ADD);
        acc[2] += d20.reduceLanes(VectorOperators.ADD);
        acc[3] += gMax0.reduceLanes(VectorOperators.ADD);
        acc[4] += gMin0.reduceLanes(VectorOperators.ADD);
        acc[5] += gm0.reduceLanes(VectorOperators.ADD);
        acc[6] += gr0.reduceLanes(VectorOperators.ADD);
        ScalarKernels.headLoss(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, y, yOff, bound, n, scale, acc);
    }

    static void headPredict(NativeArray out, int meanOff, int rawOff, float meanBias, float rawBias, float maxLv, float minLv, int n) {
        int bound = S.loopBound(n);
        FloatVector vMax = c(maxLv);
        FloatVector vMin = c(minLv);
        for (int i = 0; i < bound; i += L) {
            store(load(out, meanOff + i).add(meanBias), out, meanOff + i);
            FloatVector raw = load(out, rawOff + i).add(rawBias);
            FloatVector upper = vMax.sub(softplus(vMax.sub(raw)));
            store(vMin.add(softplus(upper.sub(vMin))), out, rawOff + i);
        }
        ScalarKernels.headPredict(out, meanOff, rawOff, meanBias, rawBias, maxLv, minLv, bound, n);
    }

    static void expHalfInPlace(NativeArray x, int off, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            store(exp(load(x, off + i).mul(0.5f)), x, off + i);
        }
        ScalarKernels.expHalfInPlace(x, off, bound, n);
    }

    static void errorSums(NativeArray out, int meanOff, int lvOff, NativeArray y, int yOff, int n, float[] acc) {
        int bound = S.loopBound(n);
        FloatVector se = c(0f), nll = c(0f);
        for (int i = 0; i < bound; i += L) {
            FloatVector d = load(out, meanOff + i).sub(load(y, yOff + i));
            FloatVector lv = load(out, lvOff + i);
            FloatVector d2 = d.mul(d);
            se = se.add(d2);
            nll = nll.add(d2.mul(exp(lv.neg())).add(lv));
        }
        acc[0] += se.reduceLanes(VectorOperators.ADD);
        acc[1] += nll.reduceLanes(VectorOperators.ADD);
        ScalarKernels.errorSums(out, meanOff, lvOff, y, yOff, bound, n, acc);
    }
}
