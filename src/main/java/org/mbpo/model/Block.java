package org.mbpo.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A float array in direct (off-heap) memory, so that OpenBLAS reads it through a pointer without a
 * copy and the Vector API reads it through a byte buffer. JavaCPP's {@code float[]} overloads copy the
 * whole array on every call (measured: a 64-row gemm on a 14,286-row array took 9.8 ms instead of
 * 0.04 ms), which is why the model keeps its numbers here and not on the Java heap.
 */
final class Block {
    /** The memory, native byte order; offsets into it are {@code 4 × index}. */
    final ByteBuffer bytes;
    /** The same memory as floats (bulk copies from and to Java arrays). */
    final FloatBuffer floats;
    /** The same memory for JavaCPP calls. */
    final FloatPointer pointer;
    /** Number of floats. */
    final int length;

    private Block(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.length = length;
        this.bytes = ByteBuffer.allocateDirect(Math.max(4, 4 * length)).order(ByteOrder.nativeOrder());
        this.floats = bytes.asFloatBuffer();
        this.pointer = new FloatPointer(floats);
    }

    /** A zero-filled block of {@code length} floats. */
    static Block allocate(int length) {
        return new Block(length);
    }

    float get(int i) {
        return bytes.getFloat(i << 2);
    }

    void set(int i, float v) {
        bytes.putFloat(i << 2, v);
    }

    /** Copies {@code n} floats from {@code src[srcOff..]} into this block at {@code off}. */
    void copyFrom(Block src, int srcOff, int off, int n) {
        bytes.put(off << 2, src.bytes, srcOff << 2, n << 2);
    }

    /** Copies {@code n} floats of a Java array into this block at {@code off}. */
    void put(int off, float[] src, int srcOff, int n) {
        floats.put(off, src, srcOff, n);
    }

    /** Copies {@code n} floats of this block at {@code off} into a Java array. */
    void get(int off, float[] dst, int dstOff, int n) {
        floats.get(off, dst, dstOff, n);
    }

    /** Sets {@code n} floats from {@code off} to {@code v}. */
    void fill(int off, int n, float v) {
        for (int i = 0; i < n; i++) {
            bytes.putFloat((off + i) << 2, v);
        }
    }

    /** A new Java array with {@code n} floats from {@code off}. */
    float[] toArray(int off, int n) {
        float[] a = new float[n];
        get(off, a, 0, n);
        return a;
    }

    /** A copy of the whole block. */
    Block copy() {
        Block b = new Block(length);
        b.copyFrom(this, 0, 0, length);
        return b;
    }
}
