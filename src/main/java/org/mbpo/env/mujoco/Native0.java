package org.mbpo.env.mujoco;

import java.nio.charset.StandardCharsets;

/** Small helpers for C data. */
final class Native0 {
    private Native0() {
    }

    /** A NUL-terminated C string in a byte buffer. */
    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8).trim();
    }
}
