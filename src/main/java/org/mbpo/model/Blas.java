package org.mbpo.model;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix products from OpenBLAS (the build that nd4j-native ships through JavaCPP),
 * on {@link Block}s, row-major. Offsets are in floats.
 *
 * <p>OpenBLAS chooses its kernels from the CPU at load time. On some virtual machines it misreads the
 * CPU and falls back to slow generic kernels ("Prescott": 4–5× slower here); the environment variable
 * {@code OPENBLAS_CORETYPE} (e.g. {@code SkylakeX} on AVX-512 machines, {@code Haswell} on AVX2) must
 * then be set before the JVM starts. The {@code ./mbpo} launcher sets it from the CPU flags when unset.
 */
final class Blas {
    private Blas() {
    }

    /** {@code c[m, n] = op(a) · op(b) + beta · c}, where {@code op(a)} is {@code [m, k]} and {@code op(b)} is {@code [k, n]}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     Block a, int aOff, int lda, Block b, int bOff, int ldb,
                     float beta, Block c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
    }

    /** {@code y[n] = a[m, n]ᵀ · x[m] + beta · y}: the column sums of {@code a} when {@code x} is all ones. */
    static void gemvTransposed(int m, int n, Block a, int aOff, int lda, Block x, int xOff,
                               float beta, Block y, int yOff) {
        if (n == 0) {
            return;
        }
        if (m == 0) {
            for (int j = 0; j < n; j++) {
                y.set(yOff + j, beta * y.get(yOff + j));
            }
            return;
        }
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                m, n, 1f, at(a, aOff), lda, at(x, xOff), 1, beta, at(y, yOff), 1);
    }

    /**
     * OpenBLAS threads the model wants: 1 by default (system property {@code mbpo.blas.threads}),
     * because the model runs its members on its own threads ({@link Workers}); OpenBLAS threads on top
     * of those, or on matrices this small, cost more than they give (measured: a 64-unit training step
     * took 8 ms with OpenBLAS's default of one thread per core and 25 ms with two Java threads, against
     * about 2 ms with one OpenBLAS thread).
     */
    private static volatile int wanted = Math.max(1, Integer.getInteger("mbpo.blas.threads", 1));

    /**
     * Sets OpenBLAS's thread count to the model's setting if something (ND4J's start-up does this)
     * changed it. OpenBLAS's count is process-wide; the model calls this before each training,
     * rollout step and prediction.
     */
    static void useModelThreads() {
        int n = wanted;
        if (openblas_nolapack.blas_get_num_threads() != n) {
            openblas_nolapack.blas_set_num_threads(n);
        }
    }

    /** Changes the model's OpenBLAS thread setting (for benchmarks) and applies it. */
    static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads = " + threads + " must be at least 1");
        }
        wanted = threads;
        useModelThreads();
    }

    /** OpenBLAS's current thread count. */
    static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /** A pointer to {@code block[off]}; a new object each time, so concurrent callers never share one. */
    private static FloatPointer at(Block block, int off) {
        if (off < 0 || off > block.length) {
            throw new IndexOutOfBoundsException("offset " + off + " outside a block of " + block.length);
        }
        return new FloatPointer(block.pointer).position(off);
    }
}
