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

    /** The lower end of the slope's interval. */
    public double slopeLow() {
        return slope - slopeHalfWidth;
    }

    /** The upper end of the slope's interval. */
    public double slopeHigh() {
        return slope + slopeHalfWidth;
    }
}
