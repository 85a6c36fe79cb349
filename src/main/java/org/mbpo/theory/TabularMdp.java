package org.mbpo.theory;

/**
 * A finite discounted MDP: dynamics {@code p(s'|s,a)} as {@code [S][A][S]}, rewards {@code r(s,a)}
 * as {@code [S][A]}, an initial state distribution {@code [S]}, and a discount γ in [0, 1).
 *
 * <p>The constructor validates and deep-copies its arguments; accessors return the record's own
 * arrays, which callers must treat as read-only.
 */
public record TabularMdp(double[][][] dynamics, double[][] reward, double[] initial, double gamma) {

    public TabularMdp {
        if (dynamics == null || dynamics.length == 0) {
            throw new InvalidInstanceException("dynamics", "needs at least one state");
        }
        int states = dynamics.length;
        if (dynamics[0] == null || dynamics[0].length == 0) {
            throw new InvalidInstanceException("dynamics[0]", "needs at least one action");
        }
        int actions = dynamics[0].length;
        Check.dynamics("dynamics", dynamics, states, actions);
        checkReward(reward, states, actions);
        Check.distribution("initial", initial, states);
        if (!(gamma >= 0 && gamma < 1)) {
            throw new InvalidInstanceException("gamma", gamma + " is outside [0, 1)");
        }
        dynamics = Check.copy(dynamics);
        reward = Check.copy(reward);
        initial = Check.copy(initial);
    }

    private static void checkReward(double[][] reward, int states, int actions) {
        if (reward == null) {
            throw new InvalidInstanceException("reward", "missing");
        }
        if (reward.length != states) {
            throw new InvalidInstanceException("reward", "has " + reward.length + " states, expected " + states);
        }
        for (int s = 0; s < states; s++) {
            if (reward[s] == null || reward[s].length != actions) {
                throw new InvalidInstanceException("reward[" + s + "]",
                        "has " + (reward[s] == null ? 0 : reward[s].length) + " actions, expected " + actions);
            }
            for (int a = 0; a < actions; a++) {
                if (!Double.isFinite(reward[s][a])) {
                    throw new InvalidInstanceException("reward[" + s + "][" + a + "]", reward[s][a] + " is not a finite number");
                }
            }
        }
    }

    /** Number of states S. */
    public int states() {
        return dynamics.length;
    }

    /** Number of actions A. */
    public int actions() {
        return dynamics[0].length;
    }

    /** r_max = max over (s, a) of |r(s, a)|, the constant in every bound of the paper. */
    public double rewardMax() {
        return rewardMax(reward);
    }

    /** max |r(s, a)| of a reward table {@code [S][A]}. */
    public static double rewardMax(double[][] reward) {
        double m = 0;
        for (double[] row : reward) {
            for (double r : row) {
                m = Math.max(m, Math.abs(r));
            }
        }
        return m;
    }

    /** The same MDP with other dynamics (a model p̂), validated against this one's sizes. */
    public TabularMdp withDynamics(double[][][] other) {
        Check.dynamics("model", other, states(), actions());
        return new TabularMdp(other, reward, initial, gamma);
    }

    /** The Markov chain of this MDP's dynamics under {@code policy}. */
    public Chain chain(TabularPolicy policy) {
        return new Chain(dynamics, policy);
    }
}
