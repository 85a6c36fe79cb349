package org.mbpo.nn;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The library's one native buffer: {@code length} floats in native memory that ND4J allocated and owns
 * ({@link #array()} is that memory as a flat {@code INDArray [length]}, a view, no copy), which OpenBLAS
 * reads and writes through a pointer ({@link Blas}) and the Vector API kernels through a byte buffer
 * ({@link #bytes()}), both over the same memory.
 *
 * <p>A buffer can also keep a Java copy ({@link #mirrored}, {@link #host()}), where elementwise loops run:
 * HotSpot (JDK 17) vectorizes simple loops over Java arrays (about 6 µs for a ReLU over 65,536 floats) but
 * not loops over native memory (27–40 µs through {@code Unsafe} or JavaCPP's indexers), and a bulk copy of
 * 65,536 floats takes about 7 µs each way (see {@code ../shared/PERFORMANCE.md}). Which copy is current is
 * then the caller's business; {@link #toNative} and {@link #toHost} copy between them in bulk. The MLPs
 * of SAC keep their arrays mirrored; the dynamics model's kernels read native memory with the Vector API and
 * keep no Java copy.
 *
 * <p>Reads and writes at distinct indices are safe from several threads (the model's members share their
 * parameters); nothing else is thread-safe.
 */
public final class NativeArray {
    private final int length;
    private final INDArray array;
    private final FloatPointer pointer;
    private final ByteBuffer bytes;
    private final FloatBuffer floats;
    private final float[] host;

    private NativeArray(int length, boolean mirrored) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be at least 0, got " + length);
        }
        this.length = length;
        this.array = Nd4j.zeros(DataType.FLOAT, Math.max(1, length));
        this.pointer = (FloatPointer) array.data().addressPointer();
        this.bytes = new BytePointer(pointer).capacity(4L * length).limit(4L * length).asByteBuffer()
                .order(ByteOrder.nativeOrder());
        this.floats = bytes.asFloatBuffer();
        this.host = mirrored ? new float[length] : null;
    }

    /** A zero-filled native array of {@code length} floats, with no Java copy. */
    public static NativeArray allocate(int length) {
        return new NativeArray(length, false);
    }

    /** A zero-filled array of {@code length} floats in native memory and in a Java copy ({@link #host()}). */
    public static NativeArray mirrored(int length) {
        return new NativeArray(length, true);
    }

    /** The number of floats. */
    public int length() {
        return length;
    }

    /** The native memory as a flat ND4J array {@code [length]} (a view: the same memory BLAS uses). */
    public INDArray array() {
        return array;
    }

    /** The native memory as bytes in the platform's order, float {@code i} at byte {@code 4 i} (for Vector API kernels). */
    public ByteBuffer bytes() {
        return bytes;
    }

    /** A new pointer to float {@code offset} of the native memory (one per call, so concurrent callers never share one). */
    FloatPointer pointerAt(int offset) {
        if (offset < 0 || offset > length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside an array of " + length);
        }
        return new FloatPointer(pointer).position(offset);
    }

    /** Native float {@code i}. */
    public float get(int i) {
        return bytes.getFloat(i << 2);
    }

    /** Sets native float {@code i} to {@code v}; mutates the array. */
    public void set(int i, float v) {
        bytes.putFloat(i << 2, v);
    }

    /** Copies {@code n} native floats from {@code src[srcOff..]} into this array at {@code off}; mutates this array. */
    public void copyFrom(NativeArray src, int srcOff, int off, int n) {
        bytes.put(off << 2, src.bytes, srcOff << 2, n << 2);
    }

    /** Copies {@code n} floats of a Java array into native memory at {@code off}; mutates this array. */
    public void put(int off, float[] src, int srcOff, int n) {
        floats.put(off, src, srcOff, n);
    }

    /** Copies {@code n} native floats from {@code off} into a Java array. */
    public void get(int off, float[] dst, int dstOff, int n) {
        floats.get(off, dst, dstOff, n);
    }

    /** Sets {@code n} native floats from {@code off} to {@code v}; mutates this array. */
    public void fill(int off, int n, float v) {
        for (int i = 0; i < n; i++) {
            bytes.putFloat((off + i) << 2, v);
        }
    }

    /** A new Java array with {@code n} native floats from {@code off}. */
    public float[] toArray(int off, int n) {
        float[] a = new float[n];
        get(off, a, 0, n);
        return a;
    }

    /** A new native array (no Java copy) with this one's native contents. */
    public NativeArray copy() {
        NativeArray c = allocate(length);
        c.copyFrom(this, 0, 0, length);
        return c;
    }

    /**
     * The Java copy, for elementwise loops and for reading results.
     *
     * @throws IllegalStateException if this array was allocated without one
     */
    public float[] host() {
        if (host == null) {
            throw new IllegalStateException("this native array has no Java copy (allocate it with NativeArray.mirrored)");
        }
        return host;
    }

    /** Copies {@code host[from, from + count)} to the native memory. */
    public void toNative(int from, int count) {
        put(from, host(), from, count);
    }

    /** Copies the whole Java copy to the native memory. */
    public void toNative() {
        toNative(0, length);
    }

    /** Copies native {@code [from, from + count)} into {@code host[from, from + count)}. */
    public void toHost(int from, int count) {
        get(from, host(), from, count);
    }

    /** Copies the whole native memory into the Java copy. */
    public void toHost() {
        toHost(0, length);
    }
}
