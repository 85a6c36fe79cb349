package org.mbpo.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one BLAS entry: its thread setting holds after ND4J starts and works, and its products are BLAS's. */
class BlasTest {

    @Test
    void theStartUpThreadCountHoldsWhateverNd4jDoesAfterwards() {
        int atStart = Blas.threads();
        assertEquals(Blas.STARTUP_THREADS, atStart, "OpenBLAS threads once Blas is loaded");
        // ND4J allocations and an ND4J product of its own (which would run on OpenBLAS too) leave it alone.
        INDArray a = Nd4j.rand(DataType.FLOAT, 64, 64);
        a.mmul(a);
        NativeArray.allocate(100);
        assertEquals(atStart, Blas.threads(), "OpenBLAS threads after ND4J's work");
    }

    @Test
    void aProductAtOffsetsMatchesTheSumsWrittenOut() {
        // C[2, 2] (at offset 1 of c) = A[2, 3] (at offset 2 of a, row stride 3) · Bᵀ, B[2, 3] (row stride 4), plus 0.5 C.
        NativeArray a = NativeArray.allocate(8);
        NativeArray b = NativeArray.allocate(8);
        NativeArray c = NativeArray.allocate(5);
        for (int i = 0; i < 8; i++) {
            a.set(i, i + 1);
            b.set(i, 2 - i);
        }
        for (int i = 0; i < 5; i++) {
            c.set(i, 10);
        }
        Blas.gemm(false, true, 2, 2, 3, 2f, a, 2, 3, b, 0, 4, 0.5f, c, 1, 2);
        for (int r = 0; r < 2; r++) {
            for (int col = 0; col < 2; col++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a.get(2 + r * 3 + k) * b.get(col * 4 + k);
                }
                assertEquals(2 * s + 5, c.get(1 + r * 2 + col), 1e-5, "C[" + r + "][" + col + "]");
            }
        }
        assertEquals(10f, c.get(0), 0f, "before the offset, untouched");
    }
}
