package org.mbpo.theory;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Exact quantities of a finite discounted MDP under one or two chains: state marginals d_t,
 * discounted returns and k-step branched returns, each both by a linear solve (infinite horizon)
 * and by the truncated sum over t = 0, …, H−1 (the instance's horizon H).
 *
 * <p>Notation (Janner et al. 2019, Sec. 4): η[π] = Σ_t γ^t E_{(s,a)∼d_t(p,π)} r(s,a). The two
 * computations must agree up to the tail, which is at most γ^H r_max / (1−γ).
 */
public final class ExactSolver {
    private final double[][] reward;
    private final double[] initial;
    private final double gamma;
    private final int horizon;

    /**
     * @param reward  r(s,a), {@code [S][A]}
     * @param initial the initial state distribution, {@code [S]}
     * @param gamma   discount γ in [0, 1)
     * @param horizon H ≥ 1: truncated sums and maxima over time run over t = 0, …, H−1
     */
    public ExactSolver(double[][] reward, double[] initial, double gamma, int horizon) {
        if (horizon < 1) {
            throw new InvalidInstanceException("horizon", horizon + " must be at least 1");
        }
        this.reward = reward;
        this.initial = initial;
        this.gamma = gamma;
        this.horizon = horizon;
    }

    /** A solver for the rewards, initial distribution and γ of {@code mdp}. */
    public static ExactSolver of(TabularMdp mdp, int horizon) {
        return new ExactSolver(mdp.reward(), mdp.initial(), mdp.gamma(), horizon);
    }

    public int horizon() {
        return horizon;
    }

    public double gamma() {
        return gamma;
    }

    // ---------------------------------------------------------------- marginals

    /** One step of a chain: {@code (d M)(s') = Σ_s d(s) M[s][s']}. */
    public static double[] step(double[] d, double[][] transition) {
        int n = d.length;
        double[] next = new double[n];
        for (int s = 0; s < n; s++) {
            double ds = d[s];
            if (ds == 0) {
                continue;
            }
            double[] row = transition[s];
            for (int t = 0; t < n; t++) {
                next[t] += ds * row[t];
            }
        }
        return next;
    }

    /** {@code d M^k}. */
    public static double[] steps(double[] d, double[][] transition, int k) {
        double[] x = d;
        for (int i = 0; i < k; i++) {
            x = step(x, transition);
        }
        return x;
    }

    /** The state marginals d_t of {@code chain} from the initial distribution, t = 0, …, H−1, {@code [H][S]}. */
    public double[][] stateMarginals(Chain chain) {
        return stateMarginals(initial, chain.transition(), horizon);
    }

    /** The marginals {@code d_t = d_0 M^t} for t = 0, …, count−1, {@code [count][S]}. */
    public static double[][] stateMarginals(double[] start, double[][] transition, int count) {
        double[][] d = new double[count][];
        d[0] = start.clone();
        for (int t = 1; t < count; t++) {
            d[t] = step(d[t - 1], transition);
        }
        return d;
    }

    /** The state-action marginal {@code d(s) π(a|s)}, {@code [S][A]}. */
    public static double[][] stateActionMarginal(double[] d, TabularPolicy policy) {
        double[][] joint = new double[d.length][policy.actions()];
        for (int s = 0; s < d.length; s++) {
            for (int a = 0; a < policy.actions(); a++) {
                joint[s][a] = d[s] * policy.probability(s, a);
            }
        }
        return joint;
    }

    // ---------------------------------------------------------------- returns

    /** η of {@code chain} by a linear solve: {@code d_0 · (I − γM)^{-1} r_π} (infinite horizon). */
    public double returnExact(Chain chain) {
        return dot(initial, values(chain.transition(), chain.policyReward(reward)));
    }

    /** η of {@code chain} by the truncated sum Σ_{t<H} γ^t d_t · r_π. */
    public double returnTruncated(Chain chain) {
        double[][] m = chain.transition();
        double[] r = chain.policyReward(reward);
        double[] d = initial;
        double sum = 0;
        double discount = 1;
        for (int t = 0; t < horizon; t++) {
            sum += discount * dot(d, r);
            d = step(d, m);
            discount *= gamma;
        }
        return sum;
    }

    /** The state values {@code v = (I − γM)^{-1} r}, {@code [S]}. */
    public double[] values(double[][] transition, double[] stateReward) {
        RealMatrix a = identityMinus(transition, false);
        return new LUDecomposition(a).getSolver().solve(new ArrayRealVector(stateReward, false)).toArray();
    }

    /** The discounted occupancy {@code Σ_t γ^t d_0 M^t} (unnormalised, sums to 1/(1−γ)), by a linear solve. */
    public double[] occupancy(double[] start, double[][] transition) {
        RealMatrix a = identityMinus(transition, true);
        return new LUDecomposition(a).getSolver().solve(new ArrayRealVector(start, false)).toArray();
    }

    /** {@code I − γM}, or its transpose. */
    private RealMatrix identityMinus(double[][] m, boolean transpose) {
        int n = m.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? 1 : 0) - gamma * (transpose ? m[j][i] : m[i][j]);
            }
        }
        return new Array2DRowRealMatrix(a, false);
    }

    // ---------------------------------------------------------------- branched returns

    /**
     * The k-step branched return in the given order, by linear solves (infinite horizon).
     *
     * <ul>
     * <li>{@link BranchOrder#BRANCH}: {@code Σ_{t<k} γ^t d_0 M_post^t r_post + γ^k ρ_pre M_post^k r_post},
     * with ρ_pre = Σ_u γ^u d_0 M_pre^u the pre chain's discounted occupancy.</li>
     * <li>{@link BranchOrder#POST_FIRST}: {@code Σ_{t<k} γ^t d_0 M_post^t r_post
     * + γ^k (d_0 M_post^k) (I − γ M_pre)^{-1} r_pre}.</li>
     * </ul>
     * With pre = post both reduce to {@link #returnExact}.
     */
    public double branchedReturn(Chain pre, Chain post, int k, BranchOrder order) {
        requireK(k);
        double[][] mPost = post.transition();
        double[] rPost = post.policyReward(reward);
        double[] d = initial;
        double head = 0;
        double discount = 1;
        for (int t = 0; t < k; t++) {
            head += discount * dot(d, rPost);
            d = step(d, mPost);
            discount *= gamma;
        }
        // here d = d_0 M_post^k and discount = γ^k
        double tail = switch (order) {
            case BRANCH -> dot(occupancy(initial, pre.transition()), applyPower(mPost, rPost, k));
            case POST_FIRST -> dot(d, values(pre.transition(), pre.policyReward(reward)));
        };
        return head + discount * tail;
    }

    /** The k-step branched return as the truncated sum over t = 0, …, H−1 (see {@link BranchOrder}). */
    public double branchedReturnTruncated(Chain pre, Chain post, int k, BranchOrder order) {
        requireK(k);
        double[][] series = branchedMarginals(pre, post, k, order);
        double[] rPost = post.policyReward(reward);
        double[] rPre = pre.policyReward(reward);
        double sum = 0;
        double discount = 1;
        for (int t = 0; t < horizon; t++) {
            double[] r = (order == BranchOrder.POST_FIRST && t >= k) ? rPre : rPost;
            sum += discount * dot(series[t], r);
            discount *= gamma;
        }
        return sum;
    }

    /**
     * The state distribution at each time t = 0, …, H−1 under a branched scheme, {@code [H][S]}:
     * for {@link BranchOrder#BRANCH}, {@code d_0 M_post^t} for t < k and {@code d_{t−k}(pre) M_post^k}
     * for t ≥ k; for {@link BranchOrder#POST_FIRST}, {@code d_0 M_post^t} for t < k and
     * {@code d_0 M_post^k M_pre^{t−k}} for t ≥ k.
     */
    public double[][] branchedMarginals(Chain pre, Chain post, int k, BranchOrder order) {
        requireK(k);
        double[][] mPost = post.transition();
        double[][] mPre = pre.transition();
        double[][] out = new double[horizon][];
        double[] d = initial;
        for (int t = 0; t < Math.min(k, horizon); t++) {
            out[t] = d;
            d = step(d, mPost);
        }
        if (k >= horizon) {
            return out;
        }
        if (order == BranchOrder.POST_FIRST) {
            for (int t = k; t < horizon; t++) {
                out[t] = d;
                d = step(d, mPre);
            }
        } else {
            double[] pre0 = initial;
            for (int t = k; t < horizon; t++) {
                out[t] = steps(pre0, mPost, k);
                pre0 = step(pre0, mPre);
            }
        }
        return out;
    }

    /** {@code M^k r} for a column vector r. */
    private static double[] applyPower(double[][] m, double[] r, int k) {
        double[] x = r.clone();
        for (int i = 0; i < k; i++) {
            double[] y = new double[x.length];
            for (int s = 0; s < m.length; s++) {
                y[s] = dot(m[s], x);
            }
            x = y;
        }
        return x;
    }

    private static void requireK(int k) {
        if (k < 0) {
            throw new InvalidInstanceException("k", k + " must be at least 0");
        }
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
