package org.mbpo.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk binary reading and writing of primitive arrays through {@link DataInput} and {@link DataOutput}
 * (checkpoints of replay buffers and networks): big-endian, as {@code DataOutput} writes single values,
 * in chunks of 64 KiB rather than one call per number.
 */
public final class BinaryIo {
    private static final int CHUNK_FLOATS = 1 << 14;

    private BinaryIo() {
    }

    /** Writes {@code a[from, from + n)} as floats. */
    public static void writeFloats(DataOutput out, float[] a, int from, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(n, CHUNK_FLOATS)).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i += CHUNK_FLOATS) {
            int m = Math.min(CHUNK_FLOATS, n - i);
            buf.clear();
            buf.asFloatBuffer().put(a, from + i, m);
            out.write(buf.array(), 0, 4 * m);
        }
    }

    /** Reads {@code n} floats into {@code a[from, from + n)}. */
    public static void readFloats(DataInput in, float[] a, int from, int n) throws IOException {
        byte[] bytes = new byte[4 * Math.min(n, CHUNK_FLOATS)];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i += CHUNK_FLOATS) {
            int m = Math.min(CHUNK_FLOATS, n - i);
            in.readFully(bytes, 0, 4 * m);
            buf.clear();
            buf.asFloatBuffer().get(a, from + i, m);
        }
    }

    /** Writes a length, then the floats. */
    public static void writeFloatArray(DataOutput out, float[] a) throws IOException {
        out.writeInt(a.length);
        writeFloats(out, a, 0, a.length);
    }

    /**
     * Reads what {@link #writeFloatArray} wrote.
     *
     * @throws IOException if the length is not {@code expectedLength}
     */
    public static float[] readFloatArray(DataInput in, int expectedLength) throws IOException {
        int n = in.readInt();
        if (n != expectedLength) {
            throw new IOException("an array of " + n + " floats where " + expectedLength + " were expected");
        }
        float[] a = new float[n];
        readFloats(in, a, 0, n);
        return a;
    }

    /** Writes {@code a[from, from + n)} one byte per value. */
    public static void writeBooleans(DataOutput out, boolean[] a, int from, int n) throws IOException {
        byte[] bytes = new byte[Math.min(n, 4 * CHUNK_FLOATS)];
        for (int i = 0; i < n; i += bytes.length) {
            int m = Math.min(bytes.length, n - i);
            for (int j = 0; j < m; j++) {
                bytes[j] = (byte) (a[from + i + j] ? 1 : 0);
            }
            out.write(bytes, 0, m);
        }
    }

    /**
     * Reads {@code n} values written by {@link #writeBooleans} into {@code a[from, from + n)}.
     *
     * @throws IOException if a byte is neither 0 nor 1
     */
    public static void readBooleans(DataInput in, boolean[] a, int from, int n) throws IOException {
        byte[] bytes = new byte[Math.min(n, 4 * CHUNK_FLOATS)];
        for (int i = 0; i < n; i += bytes.length) {
            int m = Math.min(bytes.length, n - i);
            in.readFully(bytes, 0, m);
            for (int j = 0; j < m; j++) {
                if (bytes[j] != 0 && bytes[j] != 1) {
                    throw new IOException("a flag byte of " + bytes[j] + ", expected 0 or 1");
                }
                a[from + i + j] = bytes[j] == 1;
            }
        }
    }

    /** Writes a length, then the doubles. */
    public static void writeDoubleArray(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    /**
     * Reads what {@link #writeDoubleArray} wrote.
     *
     * @throws IOException if the length is not {@code expectedLength}
     */
    public static double[] readDoubleArray(DataInput in, int expectedLength) throws IOException {
        int n = in.readInt();
        if (n != expectedLength) {
            throw new IOException(n + " values where " + expectedLength + " were expected");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
