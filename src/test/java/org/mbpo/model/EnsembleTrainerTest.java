package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The trainer: determinism, snapshots and elites as specified, continued training, bad input. */
class EnsembleTrainerTest {
    static final TransitionBatch DATA = TestData.smooth(600, 3, 2, 7);

    static float[] parameters(EnsembleModel m) {
        return m.network().params.toArray(0, m.network().size);
    }

    @Test
    void theSameSeedGivesTheSameModelForAnyThreadCount() {
        EnsembleModel a = new EnsembleTrainer(TestData.small(8), 3, 2, 42, 1).train(DATA);
        EnsembleModel b = new EnsembleTrainer(TestData.small(8), 3, 2, 42, 1).train(DATA);
        EnsembleModel c = new EnsembleTrainer(TestData.small(8), 3, 2, 42, 2).train(DATA);
        EnsembleModel d = new EnsembleTrainer(TestData.small(8), 3, 2, 43, 1).train(DATA);
        assertArrayEquals(parameters(a), parameters(b), "same seed twice");
        assertArrayEquals(parameters(a), parameters(c), "one thread and two threads");
        assertArrayEquals(a.training().holdoutMse(), c.training().holdoutMse(), "holdout MSE");
        assertArrayEquals(a.elites(), c.elites(), "elites");
        assertFalse(Arrays.equals(parameters(a), parameters(d)), "another seed gives another model");
    }

    @Test
    void aRestoredTrainerTrainsExactlyAsTheOriginal() {
        TransitionBatch more = TestData.smooth(700, 3, 2, 8);
        EnsembleTrainer original = new EnsembleTrainer(TestData.small(6), 3, 2, 21, 1);
        original.train(DATA);
        EnsembleTrainer.State saved = original.state();
        EnsembleModel expected = original.train(more);
        // A trainer with another seed and no trainings, put into the saved state: the same second training.
        EnsembleTrainer restored = new EnsembleTrainer(TestData.small(6), 3, 2, 99, 2);
        restored.restoreState(saved);
        EnsembleModel actual = restored.train(more);
        assertArrayEquals(parameters(expected), parameters(actual), "parameters after the second training");
        assertArrayEquals(expected.training().holdoutMse(), actual.training().holdoutMse(), "holdout MSE");
        assertArrayEquals(expected.elites(), actual.elites(), "elites");
        assertEquals(2, restored.trainings());
        assertEquals(expected.provenance().gradientSteps(), actual.provenance().gradientSteps());
        EnsembleTrainer wider = new EnsembleTrainer(TestData.small(6).withHiddenUnits(8), 3, 2, 21, 1);
        assertThrows(IllegalArgumentException.class, () -> wider.restoreState(saved));
    }

    @Test
    void restoredMembersAreTheirBestSnapshotsAndElitesAreTheLowestHoldoutMse() {
        EnsembleModel m = new EnsembleTrainer(TestData.small(25), 3, 2, 5, 2).train(DATA);
        TrainingMetrics t = m.training();
        assertEquals(25, t.epochs());
        assertEquals(StopReason.MAX_EPOCHS, t.stopReason());
        assertEquals(120, t.holdoutSize(), "20% of 600");
        assertEquals(480, t.trainSize());
        assertEquals(25L * 15, t.gradientSteps(), "ceil(480 / 32) = 15 steps per epoch");
        double[][] curve = t.epochHoldoutMse();
        int[] best = t.snapshotEpochs();
        for (int e = 0; e < 3; e++) {
            assertTrue(best[e] >= 0, "member " + e + " has a snapshot");
            // The snapshot epoch is the last epoch that beat the running best by more than 1%.
            double running = EarlyStopping.INITIAL_BEST;
            int expected = -1;
            for (int epoch = 0; epoch < curve.length; epoch++) {
                if ((running - curve[epoch][e]) / running > 0.01) {
                    running = curve[epoch][e];
                    expected = epoch;
                }
            }
            assertEquals(expected, best[e], "snapshot epoch of member " + e);
            assertEquals(curve[best[e]][e], t.holdoutMse()[e], 0.0,
                    "member " + e + "'s holdout MSE after restoring equals its MSE at the snapshot epoch");
        }
        assertArrayEquals(EarlyStopping.elites(t.holdoutMse(), 2), m.elites());
        assertArrayEquals(m.elites(), t.elites());
        assertTrue(t.holdoutMse()[0] < curve[0][0], "training reduced member 0's holdout MSE");
    }

    @Test
    void earlyStoppingEndsTrainingWhenNoMemberImproves() {
        EnsembleModel m = new EnsembleTrainer(TestData.small(0), 3, 2, 5, 2).train(TestData.smooth(300, 3, 2, 8));
        TrainingMetrics t = m.training();
        assertEquals(StopReason.EARLY_STOPPING, t.stopReason());
        double[][] curve = t.epochHoldoutMse();
        int lastSnapshot = Arrays.stream(t.snapshotEpochs()).max().orElseThrow();
        assertEquals(lastSnapshot + 6, t.epochs() - 1, "stops at the 6th epoch after the last snapshot (patience 5)");
        assertEquals(curve.length, t.epochs());
    }

    @Test
    void theModelIsNotResetBetweenTrainings() {
        EnsembleTrainer trainer = new EnsembleTrainer(TestData.small(20), 3, 2, 9, 2);
        EnsembleModel first = trainer.train(DATA);
        EnsembleModel second = trainer.train(DATA);
        double firstStart = Arrays.stream(first.training().epochHoldoutMse()[0]).average().orElseThrow();
        double secondStart = Arrays.stream(second.training().epochHoldoutMse()[0]).average().orElseThrow();
        assertTrue(secondStart < 0.5 * firstStart,
                "the second training starts from the first's parameters: first epoch MSE " + secondStart + " vs " + firstStart);
        assertEquals(2, second.provenance().trainings());
        assertEquals(first.training().gradientSteps() + second.training().gradientSteps(), second.provenance().gradientSteps());
        assertNotEquals(parameters(first)[0], parameters(second)[0], "the first model kept its own parameters");
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        EnsembleTrainer trainer = new EnsembleTrainer(TestData.small(1), 3, 2, 1, 1);
        IllegalArgumentException wrongDims = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(TestData.smooth(50, 2, 2, 1)));
        assertTrue(wrongDims.getMessage().contains("obsDim 2"), wrongDims.getMessage());
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(TestData.smooth(4, 3, 2, 1)));
        assertTrue(tooFew.getMessage().contains("too few"), tooFew.getMessage());
        float[] nan = new float[6];
        nan[4] = Float.NaN;
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(TransitionBatch.withoutEpisodeEnds(2, 3, 2, nan, new float[4], new float[2], new float[6])));
        assertEquals("the data holds a non-finite observation", notFinite.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(7, 8, 4, 200, LayerDecays.mbpo(), 1e-3, 0.9,
                0.999, 1e-8, 256, 0.2, 5000, 0.01, 5, 0, 0, 0.5, -10, 0.01), "more elites than members");
        IllegalArgumentException decays = assertThrows(IllegalArgumentException.class,
                () -> org.mbpo.config.Overrides.apply(EnsembleConfig.mbpo(), "weight_decays", "1e-4,1e-4"));
        assertTrue(decays.getMessage().contains("hidden_layers + 1 = 5"), decays.getMessage());
    }

    @Test
    void overridesParseEveryField() {
        EnsembleConfig c = org.mbpo.config.Overrides.apply(EnsembleConfig.mbpo(), "weight_decays", "1e-5, 2e-5,3e-5,4e-5,5e-5");
        assertEquals(new LayerDecays(new double[] {1e-5, 2e-5, 3e-5, 4e-5, 5e-5}), c.weightDecays());
        assertEquals(400, org.mbpo.config.Overrides.apply(EnsembleConfig.mbpo(), "hidden_units", "400").hiddenUnits());
        assertEquals("2.5E-5,5.0E-5,7.5E-5,7.5E-5,1.0E-4", LayerDecays.mbpo().toString());
        assertEquals(LayerDecays.mbpo(), LayerDecays.parse(LayerDecays.mbpo().toString()));
    }

    @Test
    void aTrainingReadsTheFirstSizeRowsOfLongerArraysInPlace() {
        // A view over a larger store (D_env's arrays, read without a copy): rows past `size` hold NaN and must
        // not be read; the model is the one trained on exact-length copies.
        TransitionBatch exact = TestData.smooth(300, 3, 2, 4);
        float[] obs = java.util.Arrays.copyOf(exact.observations(), 400 * 3);
        float[] act = java.util.Arrays.copyOf(exact.actions(), 400 * 2);
        float[] rew = java.util.Arrays.copyOf(exact.rewards(), 400);
        float[] next = java.util.Arrays.copyOf(exact.nextObservations(), 400 * 3);
        java.util.Arrays.fill(obs, 300 * 3, obs.length, Float.NaN);
        java.util.Arrays.fill(rew, 300, rew.length, Float.NaN);
        java.util.Arrays.fill(next, 300 * 3, next.length, Float.NaN);
        TransitionBatch view = TransitionBatch.withoutEpisodeEnds(300, 3, 2, obs, act, rew, next);
        EnsembleModel a = new EnsembleTrainer(TestData.small(4), 3, 2, 8, 1).train(exact);
        EnsembleModel b = new EnsembleTrainer(TestData.small(4), 3, 2, 8, 1).train(view);
        assertArrayEquals(a.training().holdoutMse(), b.training().holdoutMse(), "holdout errors");
        EnsemblePrediction p = a.predict(exact.observations(), exact.actions(), 300);
        EnsemblePrediction q = b.predict(exact.observations(), exact.actions(), 300);
        assertArrayEquals(p.means(), q.means(), "predictions");
    }
}
