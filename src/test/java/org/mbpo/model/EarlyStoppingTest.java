package org.mbpo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Early stopping and elite selection on crafted holdout-loss sequences, against the reference's rule worked by hand. */
class EarlyStoppingTest {

    @Test
    void aSnapshotNeedsMoreThanOnePercentRelativeImprovement() {
        EarlyStopping s = new EarlyStopping(3, 0.01, 5);
        assertArrayEquals(new boolean[] {true, true, true}, s.record(new double[] {1.0, 2.0, 4.0}), "epoch 0 improves on 1e10");
        // (1 − 0.9901)/1 = 0.99% and (4 − 3.961)/4 = 0.975%: not more than 1%; (2 − 1.97)/2 = 1.5%.
        assertArrayEquals(new boolean[] {false, true, false}, s.record(new double[] {0.9901, 1.97, 3.961}));
        assertArrayEquals(new int[] {0, 1, 0}, s.bestEpochs());
        // Member 0 compares with its best (1.0), not with the last value (0.9901): 0.985 is 1.5% better.
        assertArrayEquals(new boolean[] {true, false, false}, s.record(new double[] {0.985, 1.96, 3.97}));
        assertArrayEquals(new int[] {2, 1, 0}, s.bestEpochs());
    }

    @Test
    void trainingStopsAfterMoreThanPatienceEpochsWithoutImprovement() {
        EarlyStopping s = new EarlyStopping(2, 0.01, 5);
        s.record(new double[] {1, 1});
        for (int epoch = 1; epoch <= 5; epoch++) {
            s.record(new double[] {1, 1});
            assertFalse(s.shouldStop(), "after " + epoch + " flat epochs (patience 5)");
        }
        s.record(new double[] {1, 1});
        assertTrue(s.shouldStop(), "after 6 flat epochs");
        assertEquals(6, s.epochsSinceUpdate());
    }

    @Test
    void oneImprovingMemberResetsThePatience() {
        EarlyStopping s = new EarlyStopping(2, 0.01, 2);
        s.record(new double[] {1, 1});
        s.record(new double[] {1, 1});
        s.record(new double[] {1, 1});
        assertFalse(s.shouldStop(), "2 flat epochs, patience 2");
        s.record(new double[] {1, 0.5});
        assertEquals(0, s.epochsSinceUpdate(), "member 1 improved");
        s.record(new double[] {1, 0.5});
        s.record(new double[] {1, 0.5});
        assertFalse(s.shouldStop());
        s.record(new double[] {1, 0.5});
        assertTrue(s.shouldStop());
    }

    @Test
    void nanNeverImprovesAndCountsLastAmongElites() {
        EarlyStopping s = new EarlyStopping(2, 0.01, 5);
        assertArrayEquals(new boolean[] {false, true}, s.record(new double[] {Double.NaN, 3}));
        assertArrayEquals(new int[] {-1, 0}, s.bestEpochs());
        assertArrayEquals(new int[] {1, 4, 3}, EarlyStopping.elites(new double[] {0.3, 0.1, Double.NaN, 0.2, 0.1}, 3),
                "lowest first, ties by index");
        assertArrayEquals(new int[] {1, 4, 3, 0, 2}, EarlyStopping.elites(new double[] {0.3, 0.1, Double.NaN, 0.2, 0.1}, 5));
    }
}
