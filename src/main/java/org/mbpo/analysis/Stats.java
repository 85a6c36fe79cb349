package org.mbpo.analysis;

/** Means and standard deviations of small samples (NaN where undefined). */
public final class Stats {
    private Stats() {
    }

    /** The mean; NaN for no values. */
    public static double mean(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** The population standard deviation (divisor n); NaN for no values. */
    public static double std(double[] xs) {
        return Math.sqrt(sumSquares(xs) / xs.length);
    }

    /** The sample standard deviation (divisor n − 1); NaN for fewer than two values. */
    public static double sampleStd(double[] xs) {
        return xs.length < 2 ? Double.NaN : Math.sqrt(sumSquares(xs) / (xs.length - 1));
    }

    private static double sumSquares(double[] xs) {
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return s;
    }
}
