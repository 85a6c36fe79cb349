package org.mbpo.theory;

/**
 * Total variation distances and the paper's two error measures on tabular objects.
 *
 * <p>TV(p, q) = ½ Σ_x |p(x) − q(x)|, in [0, 1]. The policy shift is
 * ε_π = max_s TV(π₁(·|s), π₂(·|s)); the model error under a chain's marginals d_t is
 * ε_m = max_t E_{s∼d_t, a∼π} TV(p₁(·|s,a), p₂(·|s,a)) (Janner et al. 2019, Sec. 4.1 and Lemma B.3).
 */
public final class Divergences {
    private Divergences() {
    }

    /** TV(p, q) = ½ Σ |p − q|. */
    public static double tv(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return 0.5 * sum;
    }

    /** TV between two joint distributions given as {@code [X][Y]} tables. */
    public static double tv(double[][] p, double[][] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                sum += Math.abs(p[i][j] - q[i][j]);
            }
        }
        return 0.5 * sum;
    }

    /** ε_π = max_s TV(π₁(·|s), π₂(·|s)). */
    public static double policyShift(TabularPolicy first, TabularPolicy second) {
        double m = 0;
        for (int s = 0; s < first.states(); s++) {
            m = Math.max(m, tv(first.probabilities()[s], second.probabilities()[s]));
        }
        return m;
    }

    /** TV(p₁(·|s,a), p₂(·|s,a)) for every (s, a), {@code [S][A]}. */
    public static double[][] dynamicsTv(double[][][] first, double[][][] second) {
        double[][] d = new double[first.length][first[0].length];
        for (int s = 0; s < first.length; s++) {
            for (int a = 0; a < first[s].length; a++) {
                d[s][a] = tv(first[s][a], second[s][a]);
            }
        }
        return d;
    }

    /** E_{s∼d, a∼π} tv[s][a] for a state distribution d and a per-(s,a) table. */
    public static double expected(double[] d, TabularPolicy policy, double[][] perStateAction) {
        double e = 0;
        for (int s = 0; s < d.length; s++) {
            if (d[s] == 0) {
                continue;
            }
            double inner = 0;
            for (int a = 0; a < policy.actions(); a++) {
                inner += policy.probability(s, a) * perStateAction[s][a];
            }
            e += d[s] * inner;
        }
        return e;
    }

    /**
     * The expected model error at every time, {@code e_t = E_{s∼d_t, a∼π} TV(p₁(·|s,a), p₂(·|s,a))},
     * for the marginals {@code d} ({@code [T][S]}) of the chain (p₁, π).
     */
    public static double[] modelErrorSeries(double[][] marginals, TabularPolicy policy,
                                            double[][][] first, double[][][] second) {
        double[][] tvSa = dynamicsTv(first, second);
        double[] e = new double[marginals.length];
        for (int t = 0; t < marginals.length; t++) {
            e[t] = expected(marginals[t], policy, tvSa);
        }
        return e;
    }

    /** ε_m = max_t of {@link #modelErrorSeries}. */
    public static double modelError(double[][] marginals, TabularPolicy policy,
                                    double[][][] first, double[][][] second) {
        return max(modelErrorSeries(marginals, policy, first, second));
    }

    static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
