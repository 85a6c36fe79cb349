package org.mbpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the public API meets ND4J: batches passed in as {@code INDArray} {@code [rows, cols]} (float or double,
 * any order) become the row-major Java arrays the library computes on, and results go back as new
 * {@code INDArray}s. Both directions copy, once per call, which is what a notebook pays for handing over a batch;
 * the training loops never come here. Buffers that already live in native memory are offered as views instead
 * ({@link NativeArray#array()}, {@link Mlp#parametersArray()}).
 */
public final class Nd4jArrays {
    private Nd4jArrays() {
    }

    /**
     * The rows of a matrix {@code [rows, cols]} with {@code cols} columns (a vector {@code [rows]} when
     * {@code cols} is 1 and it is given so).
     *
     * @throws IllegalArgumentException naming {@code what} if it has another shape
     */
    public static int rows(INDArray a, int cols, String what) {
        long[] shape = a.shape();
        if (shape.length == 2 && shape[1] == cols) {
            return Math.toIntExact(shape[0]);
        }
        if (shape.length == 1 && cols == 1) {
            return Math.toIntExact(shape[0]);
        }
        throw new IllegalArgumentException(what + " must be [rows, " + cols + "], got " + java.util.Arrays.toString(shape));
    }

    /** A copy of {@code a} {@code [rows, cols]} as a row-major float array (doubles are rounded to float). */
    public static float[] toFloats(INDArray a, int cols, String what) {
        int rows = rows(a, cols, what);
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        float[] out = f.dup('c').data().asFloat();
        if (out.length != rows * cols) {
            throw new IllegalStateException("read " + out.length + " values of " + what + ", expected " + rows * cols);
        }
        return out;
    }

    /** A new float matrix {@code [rows, cols]} with the first {@code rows · cols} values of the row-major {@code values} (a copy). */
    public static INDArray matrix(float[] values, int rows, int cols) {
        float[] exact = values.length == rows * cols ? values : java.util.Arrays.copyOf(values, rows * cols);
        return Nd4j.create(exact, new long[] {rows, cols}, 'c');
    }

    /** A new float vector {@code [n]} with the first {@code n} values (a copy). */
    public static INDArray vector(float[] values, int n) {
        return Nd4j.create(java.util.Arrays.copyOf(values, n), new long[] {n}, 'c');
    }
}
