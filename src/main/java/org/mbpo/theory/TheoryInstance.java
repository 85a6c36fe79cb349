package org.mbpo.theory;

/**
 * One instance of the paper's setting, small enough to solve exactly: a true MDP (p, r, d₀, γ), a
 * model p̂ of its dynamics, the current policy π, the data-collecting policy π_D, a rollout length k
 * and the horizon H over which sums and maxima over time run. Its JSON form is read and written by
 * {@link InstanceJson}:
 * {@code {"gamma", "reward", "initial", "dynamics", "model", "policy", "data_policy", "k", "horizon"?}}.
 *
 * @param mdp        the true MDP: dynamics p {@code [S][A][S]}, reward {@code [S][A]}, initial {@code [S]}, γ
 * @param model      the model p̂, {@code [S][A][S]}
 * @param policy     π, {@code [S][A]}
 * @param dataPolicy π_D, {@code [S][A]}
 * @param k          the branched rollout length, ≥ 0
 * @param horizon    H ≥ 1: sums and maxima over t run over t = 0, …, H−1
 */
public record TheoryInstance(TabularMdp mdp, double[][][] model, TabularPolicy policy, TabularPolicy dataPolicy,
                             int k, int horizon) {

    /** The horizon when an instance does not give one. */
    public static final int DEFAULT_HORIZON = 2000;

    public TheoryInstance {
        Check.dynamics("model", model, mdp.states(), mdp.actions());
        Check.conditional("policy", policy.probabilities(), mdp.states(), mdp.actions());
        Check.conditional("data_policy", dataPolicy.probabilities(), mdp.states(), mdp.actions());
        if (k < 0) {
            throw new InvalidInstanceException("k", k + " must be at least 0");
        }
        if (horizon < 1) {
            throw new InvalidInstanceException("horizon", horizon + " must be at least 1");
        }
        model = Check.copy(model);
    }

    /**
     * Builds and validates an instance from raw tables; errors name the JSON field and index
     * (e.g. {@code data_policy[3]: row sums to 0.98, must sum to 1 within 1e-9}).
     */
    public static TheoryInstance of(double gamma, double[][] reward, double[] initial, double[][][] dynamics,
                                    double[][][] model, double[][] policy, double[][] dataPolicy, int k, int horizon) {
        TabularMdp mdp = new TabularMdp(dynamics, reward, initial, gamma);
        Check.dynamics("model", model, mdp.states(), mdp.actions());
        return new TheoryInstance(mdp, model,
                TabularPolicy.of("policy", policy, mdp.states(), mdp.actions()),
                TabularPolicy.of("data_policy", dataPolicy, mdp.states(), mdp.actions()),
                k, horizon);
    }

    public int states() {
        return mdp.states();
    }

    public int actions() {
        return mdp.actions();
    }

    public double gamma() {
        return mdp.gamma();
    }

    /** The chain (p, π): the truth under the current policy. */
    public Chain real() {
        return new Chain(mdp.dynamics(), policy);
    }

    /** The chain (p, π_D): the truth under the data-collecting policy. */
    public Chain data() {
        return new Chain(mdp.dynamics(), dataPolicy);
    }

    /** The chain (p̂, π): the model under the current policy. */
    public Chain modelled() {
        return new Chain(model, policy);
    }

    /** A solver for this instance's rewards, initial distribution, γ and horizon. */
    public ExactSolver solver() {
        return ExactSolver.of(mdp, horizon);
    }

    /** The same instance with another rollout length. */
    public TheoryInstance withK(int newK) {
        return new TheoryInstance(mdp, model, policy, dataPolicy, newK, horizon);
    }

    /** The same instance with another horizon. */
    public TheoryInstance withHorizon(int newHorizon) {
        return new TheoryInstance(mdp, model, policy, dataPolicy, k, newHorizon);
    }
}
