package org.mbpo.theory;

/** Validation of probability tables, reporting the first offending field and index. */
final class Check {
    /** Rows of a probability table must sum to one within this tolerance. */
    static final double SUM_TOLERANCE = 1e-9;

    private Check() {
    }

    /** A probability vector: finite, non-negative entries summing to one within {@link #SUM_TOLERANCE}. */
    static void distribution(String field, double[] p, int expectedLength) {
        if (p == null) {
            throw new InvalidInstanceException(field, "missing");
        }
        if (p.length != expectedLength) {
            throw new InvalidInstanceException(field, "has " + p.length + " entries, expected " + expectedLength);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isFinite(p[i])) {
                throw new InvalidInstanceException(field + "[" + i + "]", p[i] + " is not a finite number");
            }
            if (p[i] < 0) {
                throw new InvalidInstanceException(field + "[" + i + "]", p[i] + " is negative");
            }
            sum += p[i];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new InvalidInstanceException(field, "row sums to " + sum + ", must sum to 1 within " + SUM_TOLERANCE);
        }
    }

    /** A conditional distribution table {@code [rows][n]}, each row a distribution. */
    static void conditional(String field, double[][] p, int rows, int n) {
        if (p == null) {
            throw new InvalidInstanceException(field, "missing");
        }
        if (p.length != rows) {
            throw new InvalidInstanceException(field, "has " + p.length + " rows, expected " + rows);
        }
        for (int i = 0; i < rows; i++) {
            distribution(field + "[" + i + "]", p[i], n);
        }
    }

    /** Dynamics {@code [S][A][S]}, each {@code [s][a]} row a distribution over next states. */
    static void dynamics(String field, double[][][] p, int states, int actions) {
        if (p == null) {
            throw new InvalidInstanceException(field, "missing");
        }
        if (p.length != states) {
            throw new InvalidInstanceException(field, "has " + p.length + " states, expected " + states);
        }
        for (int s = 0; s < states; s++) {
            if (p[s] == null || p[s].length != actions) {
                throw new InvalidInstanceException(field + "[" + s + "]",
                        "has " + (p[s] == null ? 0 : p[s].length) + " actions, expected " + actions);
            }
            for (int a = 0; a < actions; a++) {
                distribution(field + "[" + s + "][" + a + "]", p[s][a], states);
            }
        }
    }

    static double[] copy(double[] x) {
        return x.clone();
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    static double[][][] copy(double[][][] x) {
        double[][][] c = new double[x.length][][];
        for (int i = 0; i < x.length; i++) {
            c[i] = copy(x[i]);
        }
        return c;
    }
}
