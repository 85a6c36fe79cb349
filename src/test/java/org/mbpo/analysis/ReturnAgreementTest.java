package org.mbpo.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReturnAgreementTest {

    @Test
    void anAffineUnderestimateIsPerfectlyCorrelatedAndAlwaysBelow() {
        double[] real = {-1000, -600, -300, -150, -140};
        double[] model = new double[real.length];
        for (int i = 0; i < real.length; i++) {
            model[i] = 0.9 * real[i] - 50;   // 0.9r − 50 < r ⇔ r > −500
        }
        ReturnAgreement a = ReturnAgreement.of(real, model);
        assertEquals(1.0, a.pearson(), 1e-12, "affine relation");
        assertEquals(1.0, a.spearman(), 1e-12, "monotone relation");
        assertEquals(3.0 / 5, a.underestimated(), 1e-12, "below real exactly when real > −500: 3 of 5");
        double gap = 0;
        for (int i = 0; i < real.length; i++) {
            gap += (model[i] - real[i]) / real.length;
        }
        assertEquals(gap, a.meanGap(), 1e-9);
    }

    @Test
    void reversedOrderGivesMinusOneAndTooFewPointsGiveNaN() {
        ReturnAgreement a = ReturnAgreement.of(new double[] {1, 2, 3}, new double[] {3, 2, 1});
        assertEquals(-1.0, a.pearson(), 1e-12);
        assertEquals(-1.0, a.spearman(), 1e-12);
        assertTrue(Double.isNaN(ReturnAgreement.of(new double[] {1, 2}, new double[] {1, 2}).pearson()));
        assertThrows(IllegalArgumentException.class, () -> ReturnAgreement.of(new double[] {1}, new double[] {1, 2}));
    }
}
