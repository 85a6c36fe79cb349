package org.mbpo.env;

import java.util.Arrays;

/**
 * A box-shaped space (Gymnasium's {@code Box}): per-coordinate bounds, possibly infinite.
 *
 * @param low  lower bounds, {@code [dim]}
 * @param high upper bounds, {@code [dim]}
 */
public record Box(double[] low, double[] high) {

    public Box {
        if (low.length != high.length) {
            throw new IllegalArgumentException("low has " + low.length + " entries, high " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("low[" + i + "] = " + low[i] + " exceeds high[" + i + "] = " + high[i]);
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** A box with the same bounds on every coordinate. */
    public static Box uniform(int dim, double low, double high) {
        double[] lo = new double[dim];
        double[] hi = new double[dim];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi);
    }

    public int dim() {
        return low.length;
    }

    /** True if every coordinate of {@code x} lies within its bounds. */
    public boolean contains(double[] x) {
        if (x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= low[i] && x[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code x} clipped into the box, a new array. */
    public double[] clip(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(low[i], Math.min(high[i], x[i]));
        }
        return y;
    }
}
