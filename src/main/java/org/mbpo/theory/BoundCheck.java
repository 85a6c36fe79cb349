package org.mbpo.theory;

/**
 * One bound evaluated on one instance: the exact gap, the bound's value, and whether
 * gap ≤ bound + {@link #TOLERANCE}.
 *
 * @param bound which bound
 * @param gap   the exact quantity the bound speaks of (e.g. η̂ − η for Theorem 1)
 * @param value the bound's right-hand side on this instance
 * @param where where the worst case was found when the bound is checked at many times (e.g. {@code t=17}), else ""
 */
public record BoundCheck(Bound bound, double gap, double value, String where) {

    /** Absolute tolerance for "holds": gap ≤ value + 1e-9. */
    public static final double TOLERANCE = 1e-9;

    /** gap ≤ value + {@link #TOLERANCE}. */
    public boolean holds() {
        return gap <= value + TOLERANCE;
    }

    /**
     * Tightness gap / value: 1 means tight, above 1 violated. A zero bound gives 0 when the gap is
     * within tolerance of zero (both vanish) and +∞ otherwise.
     */
    public double ratio() {
        if (value > 0) {
            return gap / value;
        }
        return gap <= TOLERANCE ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * The worse of two checks of the same bound: one that fails before one that holds, then the
     * larger {@link #ratio()} (this one on ties). Folding a bound's checks at many times with this
     * keeps a violation wherever it occurs.
     */
    public BoundCheck worse(BoundCheck other) {
        if (holds() != other.holds()) {
            return holds() ? other : this;
        }
        return other.ratio() > ratio() ? other : this;
    }
}
