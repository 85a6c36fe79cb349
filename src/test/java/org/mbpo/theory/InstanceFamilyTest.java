package org.mbpo.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstanceFamilyTest {
    private final RandomInstances gen = RandomInstances.defaults();
    private final InstanceFamily family = InstanceFamily.around(gen.instance(8, 1), gen, 3);

    @Test
    void atTheOriginEveryErrorVanishesAndAllReturnsAgree() {
        InstanceEvaluation e = InstanceEvaluation.of(family.at(0, 0));
        assertEquals(0, e.epsM(), 1e-15);
        assertEquals(0, e.epsMPrime(), 1e-15);
        assertEquals(0, e.epsPi(), 1e-15);
        assertEquals(e.etaData(), e.eta(), 1e-12);
        assertEquals(e.eta(), e.etaModel(), 1e-12);
        assertEquals(e.eta(), e.etaBranch(), 1e-12);
        assertEquals(e.eta(), e.etaBranchPostFirst(), 1e-12);
    }

    @Test
    void errorsUnderTheDataPolicyGrowLinearlyAlongEachAxis() {
        // TV(p, (1-λ)p + λq) = λ TV(p, q) row by row, and π_D's marginals do not depend on λ or μ,
        // so ε_m and ε_π are exactly linear in their shift.
        double epsM1 = InstanceEvaluation.of(family.at(1, 0)).epsM();
        double epsPi1 = InstanceEvaluation.of(family.at(0, 1)).epsPi();
        for (double shift : new double[] {0.1, 0.37, 0.8}) {
            assertEquals(shift * epsM1, InstanceEvaluation.of(family.at(shift, 0)).epsM(), 1e-12);
            assertEquals(shift * epsPi1, InstanceEvaluation.of(family.at(0, shift)).epsPi(), 1e-12);
        }
    }
}
