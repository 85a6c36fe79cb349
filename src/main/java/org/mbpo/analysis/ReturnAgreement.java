package org.mbpo.analysis;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How model-predicted returns agree with real ones over a set of policies: the summary of the paper's
 * model-exploitation measurement. A model that the policy exploits predicts returns above the real ones;
 * the paper reports that its models rather tend to underestimate.
 *
 * @param policies      n
 * @param pearson       Pearson correlation of (real, model) returns (NaN if either is constant)
 * @param spearman      Spearman rank correlation
 * @param underestimated the fraction of policies whose model return is below the real one
 * @param meanGap       mean of (model − real)
 */
public record ReturnAgreement(int policies, double pearson, double spearman, double underestimated, double meanGap) {

    /** The agreement of {@code model[i]} with {@code real[i]} (at least 3 policies for the correlations; NaN otherwise). */
    public static ReturnAgreement of(double[] real, double[] model) {
        if (real.length != model.length || real.length == 0) {
            throw new IllegalArgumentException("need as many model returns as real ones, at least one; got " + real.length
                    + " and " + model.length);
        }
        int n = real.length;
        double under = 0;
        double gap = 0;
        for (int i = 0; i < n; i++) {
            if (model[i] < real[i]) {
                under++;
            }
            gap += model[i] - real[i];
        }
        double pearson = n >= 3 ? new PearsonsCorrelation().correlation(real, model) : Double.NaN;
        double spearman = n >= 3 ? new SpearmansCorrelation().correlation(real, model) : Double.NaN;
        return new ReturnAgreement(n, pearson, spearman, under / n, gap / n);
    }
}
