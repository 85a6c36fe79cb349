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
