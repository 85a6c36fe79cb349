package org.mbpo.analysis;

import java.util.random.RandomGenerator;

/**
 * How far a policy π has moved from the data-collecting policy π_D, averaged over π_D's states: the
 * x-axis of the paper's Figure 1 (Sec. 4.2). Both policies are tanh-squashed diagonal Gaussians (SAC's),
 * given by their pre-squash mean and log standard deviation at each state ({@link org.mbpo.agent.Sac#distribution});
 * KL and TV are those of the Gaussians, equal to the squashed policies' (tanh is a bijection).
 *
 * <p>Definitions, with s_1 … s_n states visited by π_D:
 * <ul>
 *   <li>{@code klMean} = (1/n) Σ_i KL(π_D(·|s_i) ‖ π(·|s_i)), each term in closed form;</li>
 *   <li>{@code tvPinsker} = (1/n) Σ_i √(KL_i / 2), Pinsker's bound on each state's TV, averaged: an upper
 *       bound on the mean TV (and, by Jensen, at most √(klMean/2));</li>
 *   <li>{@code tvMonteCarlo} = (1/n) Σ_i TV̂_i, each state's TV estimated from {@code samples} draws of π_D
 *       ({@link GaussianShift#tvMonteCarlo}; unbiased, standard error ≤ 0.5/√(n·samples) for the mean);</li>
 *   <li>{@code tvMonteCarloMax} = max_i TV̂_i, the largest per-state estimate (biased upward by the
 *       estimation noise).</li>
 * </ul>
 * The paper's ε_π is max_s TV(π ‖ π_D); the mean over π_D's states is the estimate used here, as the
 * paper's Figure 1 also averages (it plots a KL divergence).
 *
 * @param states          n, the states averaged over
 * @param klMean          mean KL(π_D ‖ π)
 * @param tvPinsker       mean Pinsker bound on TV
 * @param tvMonteCarlo    mean Monte Carlo TV
 * @param tvMonteCarloMax largest per-state Monte Carlo TV
 */
public record PolicyShift(int states, double klMean, double tvPinsker, double tvMonteCarlo, double tvMonteCarloMax) {

    /**
     * Measures the shift from π_D to π on {@code states} states.
     *
     * @param meanD   π_D's pre-squash means, row-major {@code [states, actDim]}
     * @param logStdD π_D's log standard deviations, {@code [states, actDim]}
     * @param mean    π's pre-squash means at the same states, {@code [states, actDim]}
     * @param logStd  π's log standard deviations, {@code [states, actDim]}
     * @param samples Monte Carlo draws per state for the TV (at least 1)
     * @param rng     the draws' generator
     */
    public static PolicyShift measure(float[] meanD, float[] logStdD, float[] mean, float[] logStd, int states,
                                      int actDim, int samples, RandomGenerator rng) {
        long need = (long) states * actDim;
        if (states < 1 || actDim < 1 || samples < 1) {
            throw new IllegalArgumentException("need states ≥ 1, actDim ≥ 1, samples ≥ 1; got " + states + ", " + actDim + ", " + samples);
        }
        if (meanD.length < need || logStdD.length < need || mean.length < need || logStd.length < need) {
            throw new IllegalArgumentException("arrays too short for " + states + " states of " + actDim + " action dimensions");
        }
        double[] mp = new double[actDim];
        double[] sp = new double[actDim];
        double[] mq = new double[actDim];
        double[] sq = new double[actDim];
        double kl = 0;
        double pinsker = 0;
        double tv = 0;
        double tvMax = 0;
        for (int i = 0; i < states; i++) {
            for (int j = 0; j < actDim; j++) {
                int k = i * actDim + j;
                mp[j] = meanD[k];
                sp[j] = logStdD[k];
                mq[j] = mean[k];
                sq[j] = logStd[k];
            }
            double klI = GaussianShift.kl(mp, sp, mq, sq);
            double tvI = GaussianShift.tvMonteCarlo(mp, sp, mq, sq, samples, rng);
            kl += klI;
            pinsker += GaussianShift.pinsker(klI);
            tv += tvI;
            tvMax = Math.max(tvMax, tvI);
        }
        return new PolicyShift(states, kl / states, pinsker / states, tv / states, tvMax);
    }
}
