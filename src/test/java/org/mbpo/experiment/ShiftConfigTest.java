package org.mbpo.experiment;

import org.junit.jupiter.api.Test;
import org.mbpo.config.Overrides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShiftConfigTest {

    @Test
    void checkpointsAreGeometricFromTheFirstToTheLastStep() {
        ShiftConfig c = Overrides.apply(ShiftConfig.defaults(), java.util.Map.of("checkpoints", "5"));
        c = Overrides.apply(c, "first_checkpoint", "100");
        c = Overrides.apply(c, "shift_steps", "1600");
        // 100 · 16^((i−1)/4): 100, 200, 400, 800, 1600
        long[] expected = {100, 200, 400, 800, 1600};
        for (int i = 1; i <= 5; i++) {
            assertEquals(expected[i - 1], c.checkpointStep(i), "checkpoint " + i);
        }
        ShiftConfig fixed = c;
        assertThrows(IllegalArgumentException.class, () -> fixed.checkpointStep(0));
    }

    @Test
    void crowdedCheckpointsStillIncreaseStrictly() {
        ShiftConfig c = Overrides.apply(ShiftConfig.defaults(), "first_checkpoint", "1");
        c = Overrides.apply(c, "checkpoints", "10");
        c = Overrides.apply(c, "shift_steps", "12");
        long previous = 0;
        for (int i = 1; i <= 10; i++) {
            assertTrue(c.checkpointStep(i) > previous, "checkpoint " + i + " after " + previous);
            previous = c.checkpointStep(i);
        }
        assertEquals(12, previous, "the last checkpoint is shift_steps");
    }

    @Test
    void sizesParseAndRefuseBadLists() {
        assertEquals("1000,4000,16000", Sizes.parse("1_000, 4000,16000").toString());
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("100,100"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("5"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(""));
    }
}
