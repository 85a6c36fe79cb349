package org.mbpo.theory;

/**
 * The terms of Lemma 1 (the paper's Lemma B.1) for two joint distributions
 * p₁(x,y) = p₁(x)p₁(y|x) and p₂(x,y) = p₂(x)p₂(y|x).
 *
 * @param jointTv               TV(p₁(x,y), p₂(x,y)), the quantity bounded
 * @param marginalTv            TV(p₁(x), p₂(x))
 * @param maxConditionalTv      max_x TV(p₁(y|x), p₂(y|x))
 * @param expectedConditionalTv E_{x∼p₁} TV(p₁(y|x), p₂(y|x))
 */
public record JointTv(double jointTv, double marginalTv, double maxConditionalTv, double expectedConditionalTv) {

    /**
     * Computes the terms from marginals {@code [X]} and conditionals {@code [X][Y]}.
     */
    public static JointTv of(double[] firstMarginal, double[][] firstConditional,
                             double[] secondMarginal, double[][] secondConditional) {
        double joint = 0;
        double maxConditional = 0;
        double expectedConditional = 0;
        for (int x = 0; x < firstMarginal.length; x++) {
            double conditional = Divergences.tv(firstConditional[x], secondConditional[x]);
            maxConditional = Math.max(maxConditional, conditional);
            expectedConditional += firstMarginal[x] * conditional;
            for (int y = 0; y < firstConditional[x].length; y++) {
                joint += Math.abs(firstMarginal[x] * firstConditional[x][y] - secondMarginal[x] * secondConditional[x][y]);
            }
        }
        return new JointTv(0.5 * joint, Divergences.tv(firstMarginal, secondMarginal), maxConditional, expectedConditional);
    }

    /** Lemma 1's max form: TV(p₁(x), p₂(x)) + max_x TV(p₁(y|x), p₂(y|x)). */
    public double maxBound() {
        return Bounds.lemma1Max(marginalTv, maxConditionalTv);
    }

    /** Lemma 1's expectation form: TV(p₁(x), p₂(x)) + E_{x∼p₁} TV(p₁(y|x), p₂(y|x)). */
    public double expectationBound() {
        return Bounds.lemma1Expectation(marginalTv, expectedConditionalTv);
    }
}
