package org.mbpo.theory;

/**
 * The two ways of reading a k-step branched rollout as a return (Janner et al. 2019, Sec. 4.2).
 * Both use a chain before the branch ("pre": in MBPO the real dynamics with the data policy π_D)
 * and a chain after it ("post": the model p̂ with the current policy π).
 */
public enum BranchOrder {
    /**
     * {@code eta_branch}: rollouts branch from the pre chain's state distribution at every time.
     * For t ≥ k the state at t is t−k steps of the pre chain from the initial distribution followed by
     * k steps of the post chain; for t < k it is t steps of the post chain. Rewards are taken under
     * the post chain's policy at every t. This is what MBPO's rollouts estimate.
     */
    BRANCH,
    /**
     * {@code eta_branch_post_first}: the order used in the proof of Lemma B.4: one chain that runs
     * steps 0..k−1 under the post chain (rewards under its policy) and steps ≥ k under the pre chain
     * (rewards under the pre chain's policy).
     */
    POST_FIRST
}
