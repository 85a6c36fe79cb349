package org.mbpo.theory;

/**
 * The Markov chain over states induced by dynamics p and a policy π:
 * {@code M(s'|s) = Σ_a π(a|s) p(s'|s,a)}. A branched rollout is built from two chains, one before
 * the branch point and one after it (see {@link ExactSolver#branchedReturn}).
 *
 * @param dynamics p(s'|s,a), {@code [S][A][S]} (not copied; read-only)
 * @param policy   π(a|s)
 */
public record Chain(double[][][] dynamics, TabularPolicy policy) {

    public Chain {
        if (dynamics.length != policy.states() || dynamics[0].length != policy.actions()) {
            throw new InvalidInstanceException("policy", "is " + policy.states() + "x" + policy.actions()
                    + " but the dynamics have " + dynamics.length + " states and " + dynamics[0].length + " actions");
        }
    }

    public int states() {
        return dynamics.length;
    }

    /** The state transition matrix {@code M[s][s'] = Σ_a π(a|s) p(s'|s,a)}, {@code [S][S]}. */
    public double[][] transition() {
        int n = states();
        int actions = policy.actions();
        double[][] m = new double[n][n];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < actions; a++) {
                double pa = policy.probability(s, a);
                if (pa == 0) {
                    continue;
                }
                double[] next = dynamics[s][a];
                for (int t = 0; t < n; t++) {
                    m[s][t] += pa * next[t];
                }
            }
        }
        return m;
    }

    /** The expected reward per state under this chain's policy, {@code r_π(s) = Σ_a π(a|s) r(s,a)}. */
    public double[] policyReward(double[][] reward) {
        int n = states();
        double[] r = new double[n];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < policy.actions(); a++) {
                r[s] += policy.probability(s, a) * reward[s][a];
            }
        }
        return r;
    }
}
