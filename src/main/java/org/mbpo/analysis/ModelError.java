package org.mbpo.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.mbpo.data.TransitionBatch;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsemblePrediction;

/**
 * A model's one-step error on a set of real transitions: the y-axis of the paper's Figure 1. Measured on
 * fresh transitions of a policy π (the model never trained on them), it is ε_m′ for that policy; on
 * fresh transitions of the data-collecting policy, it is ε_m.
 *
 * <p>Definitions, over the model's elites e (the members MBPO samples from), the n transitions i and the
 * output dimensions d of {@code [reward, next observation]}, with each elite's Gaussian N(μ_eid, σ²_eid)
 * and the real value y_id:
 * <ul>
 *   <li>{@code mse} = mean over e, i, d of (y − μ)², in the environment's units: the reference's holdout
 *       loss, as {@link org.mbpo.model.TrainingMetrics#holdoutMse} reports it;</li>
 *   <li>{@code nll} = mean over e, i, d of ½((y − μ)²/σ² + log σ² + log 2π): the Gaussian negative
 *       log-likelihood per dimension, as {@link org.mbpo.model.TrainingMetrics#holdoutNll} reports it;</li>
 *   <li>{@code tv} = mean over e, i of TV(N(μ_ei, Σ_ei), N(y_i, Σ_ei)) = 2Φ(δ_ei/2) − 1, over the next-observation
 *       dimensions only, with δ² = Σ_d (y − μ)²/σ² (the exact TV between two Gaussians of one covariance).</li>
 * </ul>
 * <b>Deviation from the paper.</b> The paper's ε_m is a TV distance between the true and the model's
 * next-state distributions. The environments here are deterministic, and the TV between a point mass and
 * any Gaussian is 1, so that quantity carries no information. {@code tv} instead compares the model's
 * Gaussian with the true next state blurred by the model's own noise: 0 for a perfect mean, near 1 for a
 * mean many predicted standard deviations off. It is in [0, 1] like the paper's ε_m, which is why
 * {@link org.mbpo.theory.Bounds#optimalRolloutLength} is fed with it. Averaging each elite's TV bounds the TV
 * of the elites' equal mixture from above (TV is jointly convex).
 *
 * @param transitions n
 * @param mse         mean squared error per dimension
 * @param nll         Gaussian negative log-likelihood per dimension
 * @param tv          mean TV between each elite's Gaussian and the same Gaussian centred on the true next observation
 */
public record ModelError(int transitions, double mse, double nll, double tv) {
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The error of {@code model} on {@code real} (predicted in one batch). */
    public static ModelError of(EnsembleModel model, TransitionBatch real) {
        return of(model.predict(real.observations(), real.actions(), real.size()), real);
    }

    /**
     * The error of a prediction made for {@code real}'s rows ({@code [reward, next observation]} per row).
     *
     * @throws IllegalArgumentException if the prediction does not cover {@code real}'s rows and dimensions
     */
    public static ModelError of(EnsemblePrediction p, TransitionBatch real) {
        int n = real.size();
        int obsDim = real.obsDim();
        if (p.rows() != n || p.dim() != obsDim + 1) {
            throw new IllegalArgumentException("prediction of " + p.rows() + " × " + p.dim() + " for " + n
                    + " transitions of " + (obsDim + 1) + " outputs");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no transitions to measure the error on");
        }
        int[] elites = p.elites();
        double se = 0;
        double nll = 0;
        double tv = 0;
        for (int e : elites) {
            for (int i = 0; i < n; i++) {
                double mahalanobis = 0;
                for (int d = 0; d <= obsDim; d++) {
                    double y = d == 0 ? real.rewards()[i] : real.nextObservations()[i * obsDim + d - 1];
                    double err = y - p.mean(e, i, d);
                    double var = p.variance(e, i, d);
                    se += err * err;
                    nll += 0.5 * (err * err / var + Math.log(var) + LOG_2PI);
                    if (d > 0) {
                        mahalanobis += err * err / var;
                    }
                }
                tv += 2 * STANDARD.cumulativeProbability(Math.sqrt(mahalanobis) / 2) - 1;
            }
        }
        double cells = (double) elites.length * n * (obsDim + 1);
        return new ModelError(n, se / cells, nll / cells, tv / ((double) elites.length * n));
    }
}
