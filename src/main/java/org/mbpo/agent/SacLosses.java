package org.mbpo.agent;

/**
 * What one SAC update reports. Losses are the values before the update's steps.
 *
 * @param q1Loss     mean squared soft Bellman error of the first critic
 * @param q2Loss     same, second critic (the critic loss is their sum)
 * @param actorLoss  mean of α log π(a|s) − min(Q1, Q2)(s, a) over the batch, a ~ π(·|s)
 * @param alphaLoss  −log α · mean(log π(a|s) + H̄) (0 when α is fixed)
 * @param alpha      the temperature used in this update
 * @param entropy    −mean log π(a|s) over the batch, the policy's entropy estimate
 */
public record SacLosses(double q1Loss, double q2Loss, double actorLoss, double alphaLoss, double alpha, double entropy) {

    /** The critic loss, Q1's plus Q2's. */
    public double criticLoss() {
        return q1Loss + q2Loss;
    }

    /** The name of the first quantity that is NaN or infinite ("q1", "q2", "actor", "alpha"), or null. */
    public String firstNonFinite() {
        if (!Double.isFinite(q1Loss)) {
            return "q1";
        }
        if (!Double.isFinite(q2Loss)) {
            return "q2";
        }
        if (!Double.isFinite(actorLoss) || !Double.isFinite(entropy)) {
            return "actor";
        }
        if (!Double.isFinite(alphaLoss) || !Double.isFinite(alpha)) {
            return "alpha";
        }
        return null;
    }
}
