package org.mbpo.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bound evaluator against values computed by hand (arithmetic shown in the comments). */
class BoundsTest {
    private static final double TOL = 1e-12;

    @Test
    void lemma1FormsAddTheirTerms() {
        // Joint p1 = [[.5, 0], [0, .5]], p2 = [[.35, .35], [0, .3]]: TV(marginals) = 0.2,
        // max_x TV(conditionals) = 0.5, E_{x~p1} TV(conditionals) = .5 * .5 + .5 * 0 = 0.25.
        assertEquals(0.7, Bounds.lemma1Max(0.2, 0.5), TOL, "max form");
        assertEquals(0.45, Bounds.lemma1Expectation(0.2, 0.25), TOL, "expectation form");
    }

    @Test
    void lemma2IsLinearInTime() {
        assertEquals(0.0, Bounds.lemma2(0, 0.3), TOL);
        assertEquals(2.1, Bounds.lemma2(7, 0.3), TOL);
    }

    @Test
    void lemma3ByHand() {
        // 2 * 1 * [0.5 * (0.1 + 0.2) / 0.25 + 0.2 / 0.5] = 2 * [0.6 + 0.4] = 2.0
        assertEquals(2.0, Bounds.lemma3(0.5, 1, 0.1, 0.2), TOL);
    }

    @Test
    void theorem1ByHand() {
        // 2 * 0.9 * 1 * (0.1 + 2 * 0.05) / 0.01 + 4 * 1 * 0.05 / 0.1 = 36 + 2 = 38
        assertEquals(38.0, Bounds.theorem1(0.9, 1, 0.1, 0.05), 1e-9);
    }

    @Test
    void lemma4ByHand() {
        // 2 * [0.5^2 * (0.1 + 0.2) / 0.25 + 0.5 * 0.2 / 0.5 + 1 * (0.3 + 0.4) / 0.5] = 2 * [0.3 + 0.2 + 1.4] = 3.8
        assertEquals(3.8, Bounds.lemma4(0.5, 1, 1, 0.1, 0.2, 0.3, 0.4), TOL);
        // branch-order form: 2 * [0.3 + (1 * 0.3 + 2 * 0.4) / 0.5] = 2 * [0.3 + 2.2] = 5.0
        assertEquals(5.0, Bounds.lemma4BranchOrder(0.5, 1, 1, 0.1, 0.2, 0.3, 0.4), TOL);
    }

    @Test
    void theorem2ByHand() {
        // 2 * 2 * [0.9^4 * 0.1 / 0.01 + 0.9^3 * 0.1 / 0.1 + 3 * 0.05 / 0.1] = 4 * [6.561 + 0.729 + 1.5] = 35.16
        assertEquals(35.16, Bounds.theorem2(0.9, 2, 3, 0.1, 0.05), 1e-9);
    }

    @Test
    void theorem3ByHand() {
        // 2 * [0.9^3 * 0.1 / 0.01 + (0.81 + 2) * 0.1 / 0.1 + 2 * (0.05 + 0.2) / 0.1] = 2 * [7.29 + 2.81 + 5] = 30.2
        assertEquals(30.2, Bounds.theorem3(0.9, 1, 2, 0.1, 0.05), 1e-9);
    }

    @Test
    void theoremsAtKZeroReduceToPolicyShiftTerms() {
        // k = 0: Theorem 2 is 2r[γ ε_π/(1−γ)² + ε_π/(1−γ)], Lemma 3 with ε_m = 0.
        assertEquals(Bounds.lemma3(0.8, 1.5, 0, 0.1), Bounds.theorem2(0.8, 1.5, 0, 0.1, 0.7), TOL);
    }

    @Test
    void linearModelError() {
        assertEquals(0.01 + 0.2 * 3, Bounds.linearModelError(0.01, 0.2, 3), TOL);
    }

    @Test
    void optimalRolloutLengthMatchesCalculusAndBruteForce() {
        // slope 0: C(k) = 2[10 * 0.9^k + 0.1 k]; dC/dk = 0 at 0.9^k = 0.1 / (10 ln(1/0.9)), k = 22.35;
        // C(22) = 2 * 3.18477 < C(23) = 2 * 3.18629, so k* = 22.
        Bounds.OptimalRollout best = Bounds.optimalRolloutLength(0.9, 1, 0.01, 0.1, 0, 1000);
        assertEquals(22, best.k());
        int brute = 0;
        for (int k = 1; k <= 200; k++) {
            if (Bounds.theorem2(0.9, 1, k, 0.1, 0.01) < Bounds.theorem2(0.9, 1, brute, 0.1, 0.01)) {
                brute = k;
            }
        }
        assertEquals(brute, best.k(), "scan with early stop agrees with brute force");
        assertEquals(Bounds.theorem2(0.9, 1, 22, 0.1, 0.01), best.constant(), TOL);
    }

    @Test
    void steepModelErrorGrowthFavoursNoRollout() {
        // With ε_m′ = ε_m + 10 ε_π the linear term dominates at once: k* = 0, the paper's pessimistic case.
        assertEquals(0, Bounds.optimalRolloutLength(0.99, 1, 0.05, 0.1, 10, 1000).k());
        // A flatter slope admits longer rollouts: k* is non-increasing in the slope.
        int previous = Integer.MAX_VALUE;
        for (double slope : new double[] {0, 0.01, 0.1, 1, 10}) {
            int k = Bounds.optimalRolloutLength(0.99, 1, 0.001, 0.05, slope, 10_000).k();
            assertTrue(k <= previous, "k* must not grow with the slope; slope " + slope + " gave " + k);
            previous = k;
        }
    }
}
