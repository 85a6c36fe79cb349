package org.mbpo.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DivergencesTest {
    private static final double TOL = 1e-15;

    @Test
    void totalVariationByHand() {
        assertEquals(0.3, Divergences.tv(new double[] {0.5, 0.5, 0}, new double[] {0.2, 0.5, 0.3}), TOL);
        assertEquals(1.0, Divergences.tv(new double[] {1, 0}, new double[] {0, 1}), TOL);
        assertEquals(0.35, Divergences.tv(new double[][] {{0.5, 0}, {0, 0.5}}, new double[][] {{0.35, 0.35}, {0, 0.3}}), 1e-12);
    }

    @Test
    void policyShiftIsTheWorstState() {
        TabularPolicy a = new TabularPolicy(new double[][] {{1, 0}, {0.5, 0.5}});
        TabularPolicy b = new TabularPolicy(new double[][] {{0.9, 0.1}, {0, 1}});
        assertEquals(0.5, Divergences.policyShift(a, b), TOL);
    }

    @Test
    void modelErrorWeighsBySateActionMarginal() {
        // Two states, two actions. Model wrong only at (s=1, a=0) with TV 0.4.
        double[][][] p = {{{1, 0}, {0, 1}}, {{0.5, 0.5}, {0, 1}}};
        double[][][] q = {{{1, 0}, {0, 1}}, {{0.9, 0.1}, {0, 1}}};
        TabularPolicy pi = new TabularPolicy(new double[][] {{0.5, 0.5}, {0.25, 0.75}});
        double[][] d = {{1, 0}, {0.2, 0.8}};
        // e_0 = 0; e_1 = 0.8 * 0.25 * 0.4 = 0.08
        double[] e = Divergences.modelErrorSeries(d, pi, p, q);
        assertEquals(0.0, e[0], TOL);
        assertEquals(0.08, e[1], 1e-15);
        assertEquals(0.08, Divergences.modelError(d, pi, p, q), 1e-15);
    }

    @Test
    void jointTvTermsByHand() {
        // p1 = [.5, .5] with y = x; p2 = [.7, .3] with y uniform at x = 0 and y = 1 at x = 1.
        JointTv j = JointTv.of(new double[] {0.5, 0.5}, new double[][] {{1, 0}, {0, 1}},
                new double[] {0.7, 0.3}, new double[][] {{0.5, 0.5}, {0, 1}});
        assertEquals(0.35, j.jointTv(), 1e-12);
        assertEquals(0.2, j.marginalTv(), 1e-12);
        assertEquals(0.5, j.maxConditionalTv(), 1e-12);
        assertEquals(0.25, j.expectedConditionalTv(), 1e-12);
        assertEquals(0.7, j.maxBound(), 1e-12);
        assertEquals(0.45, j.expectationBound(), 1e-12);
    }
}
