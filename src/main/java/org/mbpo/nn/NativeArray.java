package org.mbpo.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float array kept twice: in native memory (an ND4J array), where BLAS reads and writes it, and
 * in a Java array ({@link #host()}), where elementwise kernels run. Which copy is current is the
 * caller's business; {@link #toNative} and {@link #toHost} copy between them in bulk.
 *
 * <p>Why two copies: on this project's machines a bulk copy of 65,536 floats takes about 7 µs each
 * way, while HotSpot (JDK 17) vectorizes simple loops over Java arrays (about 6 µs for a ReLU over
 * 65,536 floats) but not loops over native memory (27–40 µs through {@code Unsafe} or JavaCPP's
 * indexers), and each ND4J elementwise op costs 15–70 µs. See {@code ../shared/PERFORMANCE.md}.
 *
 * <p>Not thread-safe.
 */
public final class NativeArray {
    private final INDArray array;
    private final float[] host;
    /** One pointer per gemm operand role (A, B, C), so one array can serve two roles at two offsets. */
    private final FloatPointer[] pointers = new FloatPointer[3];

    /** A zero-filled array of {@code length} floats, in both copies. */
    public NativeArray(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, got " + length);
        }
        this.array = Nd4j.zeros(DataType.FLOAT, length);
        this.host = new float[length];
        FloatPointer base = (FloatPointer) array.data().addressPointer();
        for (int i = 0; i < pointers.length; i++) {
            pointers[i] = new FloatPointer(base);
        }
    }

    /** The number of floats. */
    public int length() {
        return host.length;
    }

    /** The Java copy, for elementwise kernels and for reading results. */
    public float[] host() {
        return host;
    }

    /** The native copy as a flat ND4J array {@code [length]} (a view of the same memory BLAS uses). */
    public INDArray array() {
        return array;
    }

    /** Copies {@code host[from, from + count)} to the native copy. */
    public void toNative(int from, int count) {
        FloatPointer p = pointers[2];
        p.position(from);
        p.put(host, from, count);
        p.position(0);
    }

    /** Copies the whole Java copy to the native copy. */
    public void toNative() {
        toNative(0, host.length);
    }

    /** Copies native {@code [from, from + count)} into {@code host[from, from + count)}. */
    public void toHost(int from, int count) {
        FloatPointer p = pointers[2];
        p.position(from);
        p.get(host, from, count);
        p.position(0);
    }

    /** Copies the whole native copy into the Java copy. */
    public void toHost() {
        toHost(0, host.length);
    }

    /** The native pointer for gemm operand {@code role} (0 = A, 1 = B, 2 = C), positioned at {@code offset}. */
    FloatPointer pointer(int role, int offset) {
        return pointers[role].position(offset);
    }
}
