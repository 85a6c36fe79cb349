package org.mbpo.analysis;

import java.util.random.RandomGenerator;

/**
 * Policy shift between two diagonal Gaussian policies, or two tanh-squashed diagonal Gaussian
 * policies (SAC's), evaluated state by state: the quantities on the x-axis of the paper's Figure 1.
 *
 * <p>tanh is a bijection, so KL and TV between two tanh-squashed Gaussians equal KL and TV between
 * the Gaussians underneath: every method here takes the pre-squash mean and log standard deviation.
 * Shapes: {@code mean} and {@code logStd} are {@code [actDim]} for one state.
 */
public final class GaussianShift {
    private GaussianShift() {
    }

    /**
     * KL(p ‖ q) for diagonal Gaussians, in closed form:
     * Σ_i [log σ_q,i − log σ_p,i + (σ_p,i² + (μ_p,i − μ_q,i)²) / (2σ_q,i²) − ½].
     */
    public static double kl(double[] meanP, double[] logStdP, double[] meanQ, double[] logStdQ) {
        double kl = 0;
        for (int i = 0; i < meanP.length; i++) {
            double varP = Math.exp(2 * logStdP[i]);
            double varQ = Math.exp(2 * logStdQ[i]);
            double d = meanP[i] - meanQ[i];
            kl += logStdQ[i] - logStdP[i] + (varP + d * d) / (2 * varQ) - 0.5;
        }
        return kl;
    }

    /** Pinsker's inequality: TV(p, q) ≤ √(KL(p ‖ q) / 2). */
    public static double pinsker(double kl) {
        return Math.sqrt(Math.max(0, kl) / 2);
    }

    /**
     * A Monte Carlo estimate of TV(p, q) = E_{x∼p}[max(0, 1 − q(x)/p(x))] from {@code samples} draws
     * of p. Its standard error is at most 0.5/√samples.
     */
    public static double tvMonteCarlo(double[] meanP, double[] logStdP, double[] meanQ, double[] logStdQ,
                                      int samples, RandomGenerator rng) {
        double sum = 0;
        int d = meanP.length;
        for (int n = 0; n < samples; n++) {
            double logRatio = 0; // log q(x) − log p(x)
            for (int i = 0; i < d; i++) {
                double sp = Math.exp(logStdP[i]);
                double x = meanP[i] + sp * gaussian(rng);
                double zp = (x - meanP[i]) / sp;
                double zq = (x - meanQ[i]) / Math.exp(logStdQ[i]);
                logRatio += -0.5 * zq * zq - logStdQ[i] + 0.5 * zp * zp + logStdP[i];
            }
            sum += Math.max(0, 1 - Math.exp(logRatio));
        }
        return sum / samples;
    }

    /** TV between two one-dimensional Gaussians with the same σ, in closed form: 2Φ(|μ_p − μ_q| / 2σ) − 1. */
    public static double tvEqualVariance1d(double meanP, double meanQ, double std) {
        double z = Math.abs(meanP - meanQ) / (2 * std);
        return 2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z) - 1;
    }

    static double gaussian(RandomGenerator rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
