package org.mbpo.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products on {@link NativeArray}s through the OpenBLAS that ND4J's CPU backend ships
 * ({@code org.bytedeco:openblas}), called directly: {@code Nd4j.gemm} on preallocated arrays adds
 * 10–40 µs of checks per call, against a 256×256×256 product of about 230 µs, and a SAC update has
 * about 40 products. Matrices are row-major with explicit leading dimensions, as in CBLAS.
 */
public final class Blas {
    private Blas() {
    }

    /**
     * {@code C = alpha · op(A) · op(B) + beta · C}, with {@code op(A)} of shape {@code [m, k]} and
     * {@code op(B)} of shape {@code [k, n]}; each operand starts at its offset and has its leading
     * dimension (row stride). Writes into {@code c} in place (its native copy).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            NativeArray a, int aOffset, int lda,
                            NativeArray b, int bOffset, int ldb,
                            float beta, NativeArray c, int cOffset, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a.pointer(0, aOffset), lda, b.pointer(1, bOffset), ldb, beta, c.pointer(2, cOffset), ldc);
    }

    /** The number of threads BLAS uses. */
    public static int threads() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /** Sets the number of threads BLAS uses (a process-wide setting). */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
