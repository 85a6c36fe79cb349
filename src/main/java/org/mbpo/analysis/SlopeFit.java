package org.mbpo.analysis;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The least-squares line ε_m′ ≈ ε_m + ε_π · dε_m′/dε_π through measured (policy shift, model error)
 * points, with a confidence interval on the slope: the quantity the paper's Figure 1 reports per
 * data-set size, and the input of {@link org.mbpo.theory.Bounds#optimalRolloutLength}.
 *
 * @param slope              dε_m′/dε_π
 * @param intercept          ε_m′ at ε_π = 0
 * @param slopeHalfWidth     half-width of the slope's confidence interval (t-distribution, n − 2 degrees of freedom)
 * @param interceptStdError  the intercept's standard error
 * @param points             number of points fitted
 * @param rSquared           the coefficient of determination
 * @param confidence         the confidence level of the interval, e.g. 0.95
 */
public record SlopeFit(double slope, double intercept, double slopeHalfWidth, double interceptStdError, long points,
                       double rSquared, double confidence) {

    /** Fits a line to (x, y) with a {@code confidence} interval on the slope (needs at least 3 points). */
    public static SlopeFit of(double[] x, double[] y, double confidence) {
        if (x.length != y.length || x.length < 3) {
            throw new IllegalArgumentException("need at least 3 (x, y) points of equal count, got " + x.length + " and " + y.length);
        }
        SimpleRegression r = new SimpleRegression(true);
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        return new SlopeFit(r.getSlope(), r.getIntercept(), r.getSlopeConfidenceInterval(1 - confidence),
                r.getInterceptStdErr(), r.getN(), r.getRSquare(), confidence);
    }

    /**
     * The slope near x = 0: a line fitted to the ⌈fraction · n⌉ points with the smallest x (at least 3, at
     * most all n). The paper reads dε_m′/dε_π at ε_π = 0; model error is not linear over large shifts, so
     * the line is fitted where the shift is small.
     *
     * @param fraction in (0, 1]
     */
    public static SlopeFit ofSmallest(double[] x, double[] y, double fraction, double confidence) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (x.length != y.length || x.length < 3) {
            throw new IllegalArgumentException("need at least 3 (x, y) points of equal count, got " + x.length + " and " + y.length);
        }
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        int m = Math.min(x.length, Math.max(3, (int) Math.ceil(fraction * x.length)));
        double[] xs = new double[m];
        double[] ys = new double[m];
        for (int i = 0; i < m; i++) {
            xs[i] = x[order[i]];
            ys[i] = y[order[i]];
        }
        return of(xs, ys, confidence);
    }

    /** The lower end of the slope's interval. */
    public double slopeLow() {
        return slope - slopeHalfWidth;
    }

    /** The upper end of the slope's interval. */
    public double slopeHigh() {
        return slope + slopeHalfWidth;
    }
}
