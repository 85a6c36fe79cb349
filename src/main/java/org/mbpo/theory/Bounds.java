package org.mbpo.theory;

/**
 * The bounds of Janner, Fu, Zhang and Levine, <i>When to Trust Your Model: Model-Based Policy
 * Optimization</i> (NeurIPS 2019), as plain functions of their ε's. Numbering follows this
 * project's issue text; the paper's own labels are given with each.
 *
 * <h2>Definitions used throughout</h2>
 * <ul>
 * <li>TV(p, q) = ½ Σ |p − q|. r_max = max_{s,a} |r(s,a)|. γ ∈ [0, 1). t counts from 0.</li>
 * <li>ε_π = max_s TV(π_D(·|s), π(·|s)) — the policy shift from the data-collecting policy π_D.</li>
 * <li>ε_m = max_t E_{s∼d_t(p,π_D), a∼π_D} TV(p(·|s,a), p̂(·|s,a)) — the model error on the data
 * distribution (the paper's generalisation error).</li>
 * <li>ε_m′ = max_t E_{s∼d_t(p,π), a∼π} TV(p(·|s,a), p̂(·|s,a)) — the model error on the current
 * policy's own distribution (the paper's Sec. 4.2).</li>
 * </ul>
 *
 * <p>Every evaluator returns the bound's right-hand side; whether it holds on a given instance is
 * decided by {@link InstanceEvaluation} against exact quantities from {@link ExactSolver}.
 */
public final class Bounds {
    private Bounds() {
    }

    /**
     * Lemma 1, max form (the paper's Lemma B.1, TV of joint distributions): for joints
     * p₁(x,y) = p₁(x)p₁(y|x) and p₂(x,y) = p₂(x)p₂(y|x),
     * TV(p₁(x,y), p₂(x,y)) ≤ TV(p₁(x), p₂(x)) + max_x TV(p₁(y|x), p₂(y|x)).
     *
     * @param marginalTv       TV(p₁(x), p₂(x))
     * @param maxConditionalTv max_x TV(p₁(y|x), p₂(y|x))
     */
    public static double lemma1Max(double marginalTv, double maxConditionalTv) {
        return marginalTv + maxConditionalTv;
    }

    /**
     * Lemma 1, expectation form: TV(p₁(x,y), p₂(x,y)) ≤ TV(p₁(x), p₂(x)) + E_{x∼p₁} TV(p₁(y|x), p₂(y|x)).
     * The expectation is under the first marginal; this form is never looser than the max form.
     */
    public static double lemma1Expectation(double marginalTv, double expectedConditionalTv) {
        return marginalTv + expectedConditionalTv;
    }

    /**
     * Lemma 2 (the paper's Lemma B.2, Markov chain TV bound, time-varying): two chains with the same
     * initial distribution and δ = max_t E_{s∼p₁^t} TV(p₁(s'|s), p₂(s'|s)) satisfy
     * TV(p₁^t, p₂^t) ≤ t δ. The paper states the premise with a KL divergence; the proof, and this
     * project, use TV (a KL premise implies a TV one by Pinsker's inequality).
     */
    public static double lemma2(int t, double delta) {
        return t * delta;
    }

    /**
     * Lemma 3 (the paper's Lemma B.3, returns bound): for (p₁, π₁) and (p₂, π₂) with
     * ε_m = max_t E_{s∼d_t(p₁,π₁), a∼π₁} TV(p₁, p₂) and ε_π = max_s TV(π₁, π₂),
     * |η₁ − η₂| ≤ 2 r_max [ γ(ε_m + ε_π)/(1−γ)² + ε_π/(1−γ) ].
     */
    public static double lemma3(double gamma, double rMax, double epsM, double epsPi) {
        double g = 1 - gamma;
        return 2 * rMax * (gamma * (epsM + epsPi) / (g * g) + epsPi / g);
    }

    /**
     * Theorem 1 (the paper's Theorem 4.1, monotonic model-based improvement):
     * η[π] ≥ η̂[π] − C with C = 2γ r_max (ε_m + 2ε_π)/(1−γ)² + 4 r_max ε_π/(1−γ),
     * ε_m measured under the data policy (see the class comment).
     */
    public static double theorem1(double gamma, double rMax, double epsM, double epsPi) {
        double g = 1 - gamma;
        return 2 * gamma * rMax * (epsM + 2 * epsPi) / (g * g) + 4 * rMax * epsPi / g;
    }

    /**
     * Lemma 4 (the paper's Lemma B.4, branched rollout returns bound): two k-branched schemes whose
     * chains differ before the branch by ε_m^pre, ε_π^pre and after it by ε_m^post, ε_π^post satisfy
     * |η₁ − η₂| ≤ 2 r_max [ γ^{k+1}(ε_m^pre + ε_π^pre)/(1−γ)² + γ^k ε_π^pre/(1−γ)
     * + k(ε_m^post + ε_π^post)/(1−γ) ].
     * The model errors are expectations under the first scheme's marginals in the phase they belong
     * to; {@link InstanceEvaluation} and {@link SchemePair} define them for each {@link BranchOrder}.
     */
    public static double lemma4(double gamma, double rMax, int k,
                                double epsMPre, double epsPiPre, double epsMPost, double epsPiPost) {
        double g = 1 - gamma;
        double gk = Math.pow(gamma, k);
        return 2 * rMax * (gamma * gk * (epsMPre + epsPiPre) / (g * g)
                + gk * epsPiPre / g
                + k * (epsMPost + epsPiPost) / g);
    }

    /**
     * Lemma 4 re-derived for {@link BranchOrder#BRANCH} (this project's derivation, not the paper's):
     * |η₁ − η₂| ≤ 2 r_max [ γ^{k+1}(ε_m^pre + ε_π^pre)/(1−γ)² + (k ε_m^post + (k+1) ε_π^post)/(1−γ) ].
     *
     * <p>In the branch order the rewards are always taken under the post-branch policy, so a
     * difference of post-branch policies enters every term of the return (the extra
     * ε_π^post/(1−γ)), while the pre-branch policy enters only through the state distribution (no
     * γ^k ε_π^pre/(1−γ) term). Proof sketch: for t ≥ k, TV of the state marginals is at most
     * (t−k)(ε_m^pre + ε_π^pre) + k(ε_m^post + ε_π^post) by Lemma 2 applied before and after the
     * branch, and at most t(ε_m^post + ε_π^post) for t &lt; k; Lemma 1 adds ε_π^post for the action;
     * summing 2 r_max γ^t TV over t gives the constant. The paper's form can fail in this order when
     * ε_π^post &gt; 0 (see {@code notebooks/}).
     */
    public static double lemma4BranchOrder(double gamma, double rMax, int k,
                                           double epsMPre, double epsPiPre, double epsMPost, double epsPiPost) {
        double g = 1 - gamma;
        return 2 * rMax * (gamma * Math.pow(gamma, k) * (epsMPre + epsPiPre) / (g * g)
                + (k * epsMPost + (k + 1) * epsPiPost) / g);
    }

    /**
     * Theorem 2 (the paper's branched-rollout bound in terms of ε_m′, Sec. 4.2):
     * η[π] ≥ η^branch[π] − C(k) with
     * C(k) = 2 r_max [ γ^{k+1} ε_π/(1−γ)² + γ^k ε_π/(1−γ) + k ε_m′/(1−γ) ].
     * It is Lemma 4 with ε_m^pre = 0, ε_π^pre = ε_π, ε_m^post = ε_m′, ε_π^post = 0.
     */
    public static double theorem2(double gamma, double rMax, int k, double epsPi, double epsMPrime) {
        return lemma4(gamma, rMax, k, 0, epsPi, epsMPrime, 0);
    }

    /**
     * Theorem 3 (the paper's branched-rollout bound in terms of ε_m, Sec. 4.2):
     * η[π] ≥ η^branch[π] − C(k) with
     * C(k) = 2 r_max [ γ^{k+1} ε_π/(1−γ)² + (γ^k + 2) ε_π/(1−γ) + k(ε_m + 2ε_π)/(1−γ) ].
     */
    public static double theorem3(double gamma, double rMax, int k, double epsPi, double epsM) {
        double g = 1 - gamma;
        double gk = Math.pow(gamma, k);
        return 2 * rMax * (gamma * gk * epsPi / (g * g) + (gk + 2) * epsPi / g + k * (epsM + 2 * epsPi) / g);
    }

    /**
     * The paper's linear model of model error under policy shift (Sec. 4.2, Fig. 1):
     * ε_m′(ε_π) ≈ ε_m + ε_π · dε_m′/dε_π.
     */
    public static double linearModelError(double epsM, double epsPi, double slope) {
        return epsM + epsPi * slope;
    }

    /**
     * The rollout length that minimises Theorem 2's constant when ε_m′ follows
     * {@link #linearModelError}: the paper's argument that, when dε_m′/dε_π is small, a k &gt; 0
     * gives a tighter guarantee than k = 0. C(k) is convex in k (a decaying exponential plus a line),
     * so the scan stops at the first increase; {@code kMax} caps it.
     */
    public static OptimalRollout optimalRolloutLength(double gamma, double rMax, double epsM, double epsPi,
                                                      double slope, int kMax) {
        double epsMPrime = linearModelError(epsM, epsPi, slope);
        int best = 0;
        double bestC = theorem2(gamma, rMax, 0, epsPi, epsMPrime);
        for (int k = 1; k <= kMax; k++) {
            double c = theorem2(gamma, rMax, k, epsPi, epsMPrime);
            if (c < bestC) {
                best = k;
                bestC = c;
            } else if (c > bestC) {
                break;
            }
        }
        return new OptimalRollout(best, bestC, epsMPrime);
    }

    /**
     * The minimiser of Theorem 2's constant.
     *
     * @param k         the rollout length with the smallest constant (the smallest such k on ties)
     * @param constant  C(k) at that k
     * @param epsMPrime the ε_m′ the linear model gives
     */
    public record OptimalRollout(int k, double constant, double epsMPrime) {
    }
}
