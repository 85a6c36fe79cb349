package org.mbpo.algorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Envs;
import org.mbpo.env.mujoco.Mujoco;
import org.mbpo.random.Rng;
import org.mbpo.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The MBPO loop on {@link PointMass}: it learns, it follows its schedule, and a resumed run is the uninterrupted run. */
class MbpoTest {
    @TempDir
    Path tmp;

    /**
     * MBPO at toy size: epochs of 100 steps after 200 random ones, the model trained and 400 rollouts
     * made every 50 steps, k from 1 to 3 over epochs 0–3, G 5; small networks (SAC 2 × 32, batch 64;
     * 3 model members of 4 × 32, 2 elites, at most 30 model epochs per training).
     */
    static MbpoSettings tiny(int epochs) {
        MbpoConfig c = new MbpoConfig(PointMass.SPEC.id(), epochs, 100, 200, 50, 400, new RolloutSchedule(0, 3, 1, 3), 1,
                0.05, 5, 3, 2, 32, Double.NaN, 10);
        return MbpoSettings.of(c).withSettings(Map.of("sac.hidden_width", "32", "sac.batch_size", "64", "model.max_epochs", "30"));
    }

    static MbpoRun start(MbpoSettings s, long seed) {
        return MbpoRun.start(s, seed, PointMass::new, PointMass.functions(), 1);
    }

    @Test
    void aShortRunOnATinyTaskImprovesFarBeyondItsRandomPolicy() {
        double random = PointMass.meanReturn(x -> new Rng(Double.doubleToLongBits(x)).nextDouble(-1, 1), 20_000, 1);
        double optimal = PointMass.meanReturn(x -> Math.max(-1, Math.min(1, -2 * x)), 20_000, 1);
        try (MbpoRun run = Mbpo.train(start(tiny(6), 3), null, null)) {
            List<EpochRow> rows = run.rows();
            assertEquals(6, rows.size());
            double last = rows.get(5).evalReturn();
            // By simulation: random ≈ −5.9, optimal ≈ −0.13 per 15-step episode.
            assertTrue(random < -4 && optimal > -0.3, "random " + random + ", optimal " + optimal);
            assertTrue(last > random + 0.9 * (optimal - random),
                    "final evaluation return " + last + " should close 90% of the gap from random (" + random
                            + ") to optimal (" + optimal + ")");
            assertEquals(200 + 600, run.realSteps());
            assertEquals(600L * 5, rows.get(5).updates(), "G = 5 updates per step after the random steps");
        }
    }

    @Test
    void rolloutLengthFollowsTheScheduleAndTheModelBufferHoldsOneEpochOfRollouts() {
        MbpoSettings s = tiny(5);
        try (MbpoRun run = Mbpo.train(start(s, 4), null, null)) {
            for (EpochRow row : run.rows()) {
                int epoch = row.epoch() - 1;
                int k = s.mbpo().rolloutLength(epoch);
                assertEquals(k, row.rolloutLength(), "k at epoch " + epoch);
                // Nothing terminates, so every rollout runs k steps: 2 rollouts × 400 starts × k fill the buffer exactly.
                assertEquals(k, row.meanRolloutLength(), 0.0, "mean rollout length at epoch " + epoch);
                assertEquals(s.mbpo().modelBufferCapacity(epoch), row.modelBufferSize(), "D_model size at epoch " + epoch);
                assertEquals(2L * 400 * k, row.modelBufferSize());
            }
            assertEquals(List.of(1, 1, 2, 3, 3), run.rows().stream().map(EpochRow::rolloutLength).toList(),
                    "[0, 3, 1, 3]: 1 + 2e/3 truncated");
            assertEquals(s.mbpo().modelBufferCapacity(4), run.modelBuffer().capacity());
        }
    }

    @Test
    void agentBatchesMixRealAndModelTransitionsAtTheRealRatio() {
        ReplayBuffer real = new ReplayBuffer(50, 1, 1);
        ReplayBuffer model = new ReplayBuffer(50, 1, 1);
        for (int i = 0; i < 50; i++) {
            real.add(new double[] {0.1}, new double[] {0}, 1, new double[] {0.2}, false, false);
            model.add(new double[] {0.3}, new double[] {0}, -1, new double[] {0.4}, false, false);
        }
        {
            TransitionBatch batch = TransitionBatch.allocate(64, 1, 1);
            Rng rng = new Rng(2);
            for (double ratio : new double[] {0.05, 0.5, 1.0}) {
                for (int u = 0; u < 3; u++) {
                    Mbpo.agentBatches(real, model, ratio, rng).sampleInto(batch);
                    int fromReal = 0;
                    for (float r : batch.rewards()) {
                        fromReal += r > 0 ? 1 : 0;
                    }
                    assertEquals((int) (64 * ratio), fromReal, "real rows at real_ratio " + ratio);
                    for (int row = 0; row < (int) (64 * ratio); row++) {
                        assertEquals(1f, batch.rewards()[row], "the real rows come first");
                    }
                }
            }
            // Before the first rollout there is no D_model: every row is real.
            Mbpo.agentBatches(real, null, 0.05, rng).sampleInto(batch);
            for (float r : batch.rewards()) {
                assertEquals(1f, r);
            }
        }
    }

    @Test
    void aResumedRunWritesTheSameProgressAsTheUninterruptedRun() throws IOException {
        MbpoSettings s = tiny(5);
        Path whole = tmp.resolve("whole");
        try (MbpoRun run = start(s, 6); RunDirectory dir = RunDirectory.create(whole, run, 1, Map.of())) {
            Mbpo.train(run, dir, null);
        }
        // The same run, stopped after epoch 2 (in the middle of an episode: 200 + 200 steps, episodes of 15) ...
        Path parts = tmp.resolve("parts");
        float[] firstActor;
        try (MbpoRun run = start(s, 6); RunDirectory dir = RunDirectory.create(parts, run, 1, Map.of())) {
            Mbpo.train(run, dir, null, 2);
            assertEquals(2, run.epochsDone());
            firstActor = run.agent().state().actor();
        }
        // ... then resumed by a new run object, on two threads this time, and stopped and resumed again.
        try (MbpoRun run = MbpoRun.start(s, 6, PointMass::new, PointMass.functions(), 2);
             RunDirectory dir = RunDirectory.resume(parts, run)) {
            assertEquals(2, run.epochsDone());
            assertEquals(400, run.realSteps());
            assertArrayEquals(firstActor, run.agent().state().actor());
            Mbpo.train(run, dir, null, 4);
        }
        try (MbpoRun run = start(s, 6); RunDirectory dir = RunDirectory.resume(parts, run)) {
            Mbpo.train(run, dir, null);
            assertEquals(3, run.totals().session(), "the third process");
        }
        assertEquals(Files.readString(whole.resolve(RunDirectory.PROGRESS)),
                Files.readString(parts.resolve(RunDirectory.PROGRESS)), "progress.csv, bit for bit");
        assertEquals(6, Files.readAllLines(parts.resolve(RunDirectory.PROGRESS)).size());
        List<String> timing = Files.readAllLines(parts.resolve(RunDirectory.TIMING));
        assertEquals(List.of("1", "1", "2", "2", "3"), timing.subList(1, 6).stream().map(l -> l.split(",")[2]).toList(),
                "timing.csv: one row per epoch, with the session that ran it");
    }

    @Test
    void aMujocoRunResumesInsideAnEpisodeToTheSameProgress() throws IOException {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
        // Hopper at toy size; the policy keeps episodes going past the epoch's end, so the checkpoint holds an
        // episode in progress whose replay must reproduce MuJoCo's state (warm start included) exactly.
        MbpoConfig c = new MbpoConfig("Hopper-v4", 3, 120, 100, 60, 300, new RolloutSchedule(0, 2, 1, 2), 1, 0.05, 2, 3, 2,
                32, -1, 1);
        MbpoSettings s = MbpoSettings.of(c).withSettings(Map.of("sac.hidden_width", "32", "sac.batch_size", "64",
                "model.max_epochs", "10"));
        Path whole = tmp.resolve("hopper-whole");
        Path parts = tmp.resolve("hopper-parts");
        try (MbpoRun run = MbpoRun.start(s, 2, () -> Envs.make("Hopper-v4"), Envs.modelFunctions("Hopper-v4"), 1);
             RunDirectory dir = RunDirectory.create(whole, run, 1, Map.of())) {
            Mbpo.train(run, dir, null);
        }
        int stepsIntoEpisode;
        try (MbpoRun run = MbpoRun.start(s, 2, () -> Envs.make("Hopper-v4"), Envs.modelFunctions("Hopper-v4"), 1);
             RunDirectory dir = RunDirectory.create(parts, run, 1, Map.of())) {
            Mbpo.train(run, dir, null, 1);
            stepsIntoEpisode = run.learner.environment().state().actions().length;
        }
        try (MbpoRun run = MbpoRun.start(s, 2, () -> Envs.make("Hopper-v4"), Envs.modelFunctions("Hopper-v4"), 1);
             RunDirectory dir = RunDirectory.resume(parts, run)) {
            Mbpo.train(run, dir, null);
        }
        assertTrue(stepsIntoEpisode > 0, "the checkpoint fell inside an episode");
        assertEquals(Files.readString(whole.resolve(RunDirectory.PROGRESS)),
                Files.readString(parts.resolve(RunDirectory.PROGRESS)), "progress.csv, bit for bit");
    }

    @Test
    void theSameSeedOnOneThreadAndOnTwoWritesTheSameProgress() throws IOException {
        // Determinism across thread counts: the model's members and SAC's twin critics on two threads change no number.
        MbpoSettings s = tiny(3);
        String[] progress = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            Path d = tmp.resolve("threads-" + threads);
            try (MbpoRun run = MbpoRun.start(s, 8, PointMass::new, PointMass.functions(), threads);
                 RunDirectory dir = RunDirectory.create(d, run, threads, Map.of())) {
                Mbpo.train(run, dir, null);
            }
            progress[threads - 1] = Files.readString(d.resolve(RunDirectory.PROGRESS));
        }
        assertEquals(4, progress[0].lines().count(), "a header and three epochs");
        assertEquals(progress[0], progress[1], "progress.csv on one thread and on two, bit for bit");
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        try (MbpoRun a = Mbpo.train(start(tiny(1), 1), null, null); MbpoRun b = Mbpo.train(start(tiny(1), 2), null, null)) {
            assertNotEquals(a.rows().get(0).q1Loss(), b.rows().get(0).q1Loss());
        }
    }

    @Test
    void withRealRatioOneThereIsNoModel() {
        MbpoSettings s = tiny(1).withSetting("real_ratio", "1");
        try (MbpoRun run = Mbpo.train(start(s, 1), null, null)) {
            assertNull(run.modelBuffer());
            assertTrue(Double.isNaN(run.rows().get(0).modelHoldoutMse()));
            assertEquals(0, run.rows().get(0).modelBufferSize());
        }
    }
}
