package org.mbpo.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The library's one entry to BLAS: single-precision matrix products on {@link NativeArray}s through the
 * OpenBLAS that ND4J's CPU backend ships ({@code org.bytedeco:openblas}), called directly, and the
 * process-wide OpenBLAS thread count. Matrices are row-major with explicit leading dimensions (row
 * strides), as in CBLAS; offsets are in floats. Safe to call from several threads at once (each call
 * makes its own pointers).
 *
 * <p>Why directly: {@code Nd4j.gemm} on preallocated arrays adds 10–40 µs of checks per call, against a
 * 256×256×256 product of about 230 µs, and a SAC update has about 40 products; JavaCPP's {@code float[]}
 * overloads copy the whole array on every call (a 64-row product on a 14,286-row array took 9.8 ms
 * instead of 0.04 ms).
 *
 * <p>Threads: OpenBLAS runs single-threaded unless the system property {@code mbpo.blas.threads} says
 * otherwise. The count is set once, when this class is first used, after ND4J has started (ND4J's
 * start-up sets OpenBLAS to one thread per core); the networks' own threads (the model's members, SAC's
 * twin critics) are Java threads on top of it. One OpenBLAS thread is fastest at these sizes (a 64-unit
 * training step of the model took 8 ms with one OpenBLAS thread per core and 25 ms with two Java
 * threads, against about 2 ms with one OpenBLAS thread). Only benchmarks change it ({@link #setThreads}).
 *
 * <p>OpenBLAS chooses its kernels from the CPU at load time. On some virtual machines it misreads the CPU
 * and falls back to slow generic kernels ("Prescott": 4–5× slower here); {@code OPENBLAS_CORETYPE}
 * ({@code SkylakeX} on AVX-512 machines, {@code Haswell} on AVX2) must then be set before the JVM starts.
 * The {@code ./mbpo} launcher sets it from the CPU flags when unset.
 */
public final class Blas {
    /** The thread count at start-up. */
    static final int STARTUP_THREADS = Math.max(1, Integer.getInteger("mbpo.blas.threads", 1));

    static {
        Nd4j.factory();  // starts ND4J (which sets its own OpenBLAS thread count) before ours is applied
        openblas_nolapack.blas_set_num_threads(STARTUP_THREADS);
    }

    private Blas() {
    }

    /**
     * {@code C = alpha · op(A) · op(B) + beta · C}, with {@code op(A)} of shape {@code [m, k]} and
     * {@code op(B)} of shape {@code [k, n]}; each operand starts at its offset and has its leading
     * dimension. Writes into {@code c}'s native memory in place. Does nothing if {@code m} or {@code n} is 0.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            NativeArray a, int aOffset, int lda,
                            NativeArray b, int bOffset, int ldb,
                            float beta, NativeArray c, int cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        long start = Profile.productStart();
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a.pointerAt(aOffset), lda, b.pointerAt(bOffset), ldb, beta, c.pointerAt(cOffset), ldc);
        Profile.productDone(start, 2L * m * n * k);
    }

    /**
     * {@code y[n] = a[m, n]ᵀ · x[m] + beta · y} ({@code a} row-major with leading dimension {@code lda}):
     * the column sums of {@code a} when {@code x} is all ones. Writes into {@code y} in place.
     */
    public static void gemvTransposed(int m, int n, NativeArray a, int aOffset, int lda, NativeArray x, int xOffset,
                                      float beta, NativeArray y, int yOffset) {
        if (n == 0) {
            return;
        }
        if (m == 0) {
            for (int j = 0; j < n; j++) {
                y.set(yOffset + j, beta * y.get(yOffset + j));
            }
            return;
        }
        long start = Profile.productStart();
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                m, n, 1f, a.pointerAt(aOffset), lda, x.pointerAt(xOffset), 1, beta, y.pointerAt(yOffset), 1);
        Profile.productDone(start, 2L * m * n);
    }

    /** The number of threads OpenBLAS uses. */
    public static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /**
     * Sets the number of threads OpenBLAS uses (a process-wide setting), for benchmarks that compare
     * thread counts; training runs keep the start-up setting.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        openblas_nolapack.blas_set_num_threads(threads);
    }
}
