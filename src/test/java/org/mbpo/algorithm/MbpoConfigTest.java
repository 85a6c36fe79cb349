package org.mbpo.algorithm;

import org.junit.jupiter.api.Test;
import org.mbpo.config.Overrides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MbpoConfigTest {

    @Test
    void scheduleValuesAtEpochBoundaries() {
        // Hopper [20, 150, 1, 15]: k = 1 up to epoch 20, then 1 + 14 (e - 20)/130 truncated, 15 from 150 on.
        RolloutSchedule s = MbpoConfig.hopper().rolloutSchedule();
        assertEquals(1, s.length(0));
        assertEquals(1, s.length(20));
        assertEquals(1, s.length(29), "1 + 14 * 9/130 = 1.97 truncates to 1");
        assertEquals(2, s.length(30), "1 + 14 * 10/130 = 2.08");
        assertEquals(8, s.length(85), "1 + 14 * 65/130 = 8");
        assertEquals(14, s.length(149), "1 + 14 * 129/130 = 14.89");
        assertEquals(15, s.length(150));
        assertEquals(15, s.length(10_000));
        // Ant [20, 100, 1, 25]: epoch 60 is halfway, 1 + 24/2 = 13.
        assertEquals(13, MbpoConfig.ant().rolloutLength(60));
        // Constant schedules stay constant.
        for (int e = 0; e < 400; e += 37) {
            assertEquals(1, MbpoConfig.halfCheetah().rolloutLength(e));
        }
    }

    @Test
    void scheduleValuesAtTheBoundariesOfTheOtherPresets() {
        // InvertedPendulum [1, 15, 1, 1] and the project's Pendulum [2, 10, 1, 5]: 1 + 4 (e − 2)/8 truncated.
        for (int e = 0; e < 80; e++) {
            assertEquals(1, MbpoConfig.invertedPendulum().rolloutLength(e), "InvertedPendulum, epoch " + e);
        }
        MbpoConfig p = MbpoConfig.pendulum();
        int[] expected = {1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], p.rolloutLength(e), "Pendulum, epoch " + e);
        }
        // Walker2d's [20, 150, 1, 1] is constant although its epochs span the ramp.
        assertEquals(1, MbpoConfig.walker2d().rolloutLength(85));
        assertEquals(1, RolloutSchedule.constant(1).length(0));
        assertEquals(4, RolloutSchedule.constant(4).length(1000));
    }

    @Test
    void modelBufferSizingOfTheSmallPresets() {
        // Pendulum: 10,000 starts, one rollout per epoch (200/200), retain 1: 10,000 k.
        assertEquals(10_000L, MbpoConfig.pendulum().modelBufferCapacity(0));
        assertEquals(50_000L, MbpoConfig.pendulum().modelBufferCapacity(10));
        // InvertedPendulum: 100,000 starts, one rollout per 250-step epoch, k = 1.
        assertEquals(100_000L, MbpoConfig.invertedPendulum().modelBufferCapacity(40));
        // A train frequency that does not divide the epoch: 1000/300 rollouts per epoch, truncated after the product.
        MbpoConfig odd = Overrides.apply(MbpoConfig.hopper(), "model_train_freq", "300");
        assertEquals((long) (1 * 100_000 * 1000.0 / 300), odd.modelBufferCapacity(0));
    }

    @Test
    void modelBufferHoldsRetainedEpochsOfRollouts() {
        // Hopper at epoch 150: k = 15, 100,000 starts × 1000/250 = 4 rollouts per epoch, retain 1:
        // 15 × 400,000 = 6,000,000 transitions.
        assertEquals(6_000_000L, MbpoConfig.hopper().modelBufferCapacity(150));
        assertEquals(400_000L, MbpoConfig.hopper().modelBufferCapacity(0));
        // Humanoid: retain 5, one rollout per epoch (freq 1000): epoch 300, k = 25: 5 × 25 × 100,000.
        assertEquals(12_500_000L, MbpoConfig.humanoid().modelBufferCapacity(300));
    }

    @Test
    void presetsCarryTheReferenceSettings() {
        assertEquals(40, MbpoConfig.halfCheetah().agentUpdatesPerStep());
        assertEquals(-3, MbpoConfig.walker2d().targetEntropy());
        assertEquals(500, MbpoConfig.invertedPendulum().initialSteps());
        assertEquals(250, MbpoConfig.invertedDoublePendulum().epochLength());
        assertEquals(125_000L, MbpoConfig.hopper().totalSteps());
        assertEquals(400, MbpoConfig.humanoid().modelHidden());
        assertEquals("Hopper-v4", MbpoConfig.preset("Hopper-v4").envId());
        assertEquals("AntTruncatedObs-v4", MbpoConfig.preset("AntTruncatedObs-v4").envId());
        assertEquals("InvertedPendulum-v4", MbpoConfig.preset("inverted_pendulum").envId());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MbpoConfig.preset("cartwheel"));
        assertTrue(e.getMessage().contains("hopper"), e.getMessage());
    }

    @Test
    void everyFieldCanBeOverriddenByName() {
        MbpoConfig c = Overrides.apply(MbpoConfig.hopper(), "real_ratio", "0.1");
        assertEquals(0.1, c.realRatio());
        c = Overrides.apply(c, "rollout_schedule", "1,10,1,4");
        assertEquals(4, c.rolloutLength(10));
        c = Overrides.apply(c, "rolloutBatchSize", "50_000");
        assertEquals(50_000, c.rolloutBatchSize());
        assertEquals(Overrides.keys(c).length, Overrides.describe(c).size());
    }

    @Test
    void badOverridesSayWhatIsWrong() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Overrides.apply(MbpoConfig.hopper(), "rollout_size", "3"));
        assertTrue(unknown.getMessage().contains("rollout_batch_size"), unknown.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Overrides.apply(MbpoConfig.hopper(), "epochs", "many"));
        assertEquals("epochs: expected a whole number, got 'many'", type.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Overrides.apply(MbpoConfig.hopper(), "real_ratio", "1.5"));
        assertTrue(range.getMessage().contains("real_ratio = 1.5 must be in [0, 1]"), range.getMessage());
        IllegalArgumentException elites = assertThrows(IllegalArgumentException.class,
                () -> Overrides.apply(MbpoConfig.hopper(), "elites", "9"));
        assertTrue(elites.getMessage().contains("between 1 and ensemble_size"), elites.getMessage());
    }
}
