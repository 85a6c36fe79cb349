package org.mbpo.algorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.agent.SacConfig;
import org.mbpo.agent.TrainingDiverged;
import org.mbpo.env.Envs;
import org.mbpo.env.mujoco.Mujoco;
import org.mbpo.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SAC alone: it learns a task with a known optimum, is deterministic, stops on a NaN, and resumes to the uninterrupted run. */
class SacTrainingTest {
    /** Small networks and batches so that the tests take seconds. */
    private static final SacConfig SMALL = SacConfig.defaults().withHidden(2, 32).withBatchSize(32);

    @TempDir
    Path tmp;

    static SacRun pendulum(SacRunConfig run, long seed) {
        return SacRun.start(() -> Envs.make("Pendulum-v1"), SMALL, run, seed);
    }

    /** Trains {@code run} in a new directory {@code name} to its end. */
    private SacRun trained(SacRun run, String name) {
        try (RunDirectory dir = RunDirectory.create(tmp.resolve(name), run, 1, Map.of())) {
            return SacTraining.train(run, dir, null);
        }
    }

    @Test
    void learnsTheOptimalActionOfAOneStepTask() {
        SacRunConfig config = new SacRunConfig(2500, 200, 1, 500, 20, 10_000, 1);
        try (SacRun r = trained(SacRun.start(LinearTargetEnv::new, SMALL, config, 7), "run")) {
            double[] a = new double[1];
            for (double s = -0.9; s <= 0.9; s += 0.3) {
                r.agent().act(new double[] {s}, true, null, a);
                assertEquals(s / 2, a[0], 0.1, "deterministic action at s = " + s + " (optimum s/2)");
            }
            List<SacRow> rows = r.rows();
            SacRow last = rows.get(rows.size() - 1);
            // The optimal return is 0; a uniform random policy's expected return is -(1/3 + 1/12) ≈ -0.42.
            assertTrue(last.evalReturn() > -0.01, "final evaluation return " + last.evalReturn());
            assertTrue(rows.get(0).evalReturn() < last.evalReturn(), "returns improved");
        }
    }

    @Test
    void sameSeedTwiceGivesTheSameProgressOnOneOrTwoThreadsAndAnotherSeedDoesNot() throws IOException {
        SacRunConfig one = new SacRunConfig(600, 200, 1, 200, 2, 10_000, 1);
        SacRunConfig two = new SacRunConfig(600, 200, 1, 200, 2, 10_000, 2);
        try (SacRun a = trained(pendulum(one, 3), "a"); SacRun b = trained(pendulum(two, 3), "b");
             SacRun c = trained(pendulum(one, 4), "c")) {
            assertEquals(3, a.rows().size());
            assertEquals(a.rows(), b.rows(), "the twin critics on two threads: the same numbers");
            assertNotEquals(a.rows().get(2).q1Loss(), c.rows().get(2).q1Loss(), "another seed, other losses");
        }
        assertEquals(Files.readString(tmp.resolve("a").resolve(RunDirectory.PROGRESS)),
                Files.readString(tmp.resolve("b").resolve(RunDirectory.PROGRESS)), "progress.csv, bit for bit");
        assertEquals(SacRow.HEADER, Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.PROGRESS)).get(0),
                "no wall-clock column in progress.csv");
        List<String> timing = Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.TIMING));
        assertEquals(4, timing.size(), "timing.csv: the header and one row per evaluation");
        assertTrue(timing.get(3).startsWith("3,600,1,"), timing.get(3));
        assertTrue(Files.size(tmp.resolve("a").resolve(RunDirectory.CURVE)) > 1000, "learning curve written");
        assertTrue(Files.exists(tmp.resolve("a").resolve(RunDirectory.CHECKPOINT)), "a checkpoint after every evaluation");
        assertTrue(Files.readString(tmp.resolve("a").resolve(RunDirectory.CONFIG)).contains("\"learning_starts\" : 200"));
    }

    @Test
    void aResumedRunWritesTheSameProgressAsTheUninterruptedRun() throws IOException {
        // Evaluations every 150 steps of episodes of 200: the checkpoints fall inside episodes.
        SacRunConfig config = new SacRunConfig(750, 200, 1, 150, 2, 10_000, 1);
        trained(pendulum(config, 6), "whole").close();
        Path parts = tmp.resolve("parts");
        try (SacRun run = pendulum(config, 6); RunDirectory dir = RunDirectory.create(parts, run, 1, Map.of())) {
            SacTraining.train(run, dir, null, 380);  // stops between evaluations: 80 steps are lost and redone
        }
        try (SacRun run = pendulum(new SacRunConfig(750, 200, 1, 150, 2, 10_000, 2), 6);
             RunDirectory dir = RunDirectory.resume(parts, run)) {
            assertEquals(2, run.evaluations());
            assertEquals(300, run.realSteps());
            assertEquals(2, run.totals().session());
            SacTraining.train(run, dir, null, 600);
        }
        try (SacRun run = pendulum(config, 6); RunDirectory dir = RunDirectory.resume(parts, run)) {
            SacTraining.train(run, dir, null);
            dir.writeResult(run, "completed", "");
        }
        assertEquals(Files.readString(tmp.resolve("whole").resolve(RunDirectory.PROGRESS)),
                Files.readString(parts.resolve(RunDirectory.PROGRESS)), "progress.csv, bit for bit");
        List<String> timing = Files.readAllLines(parts.resolve(RunDirectory.TIMING));
        assertEquals(List.of("1", "1", "2", "2", "3"), timing.subList(1, 6).stream().map(l -> l.split(",")[2]).toList(),
                "timing.csv: one row per evaluation, with the session that ran it");
        String result = Files.readString(parts.resolve(RunDirectory.RESULT));
        assertTrue(result.contains("\"sessions\" : 3") && result.contains("\"resumed_after_evaluation\" : [ 4 ]"), result);
    }

    @Test
    void aMujocoRunResumesInsideAnEpisodeToTheSameProgress() throws IOException {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
        SacRunConfig config = new SacRunConfig(400, 150, 1, 130, 1, 10_000, 1);
        SacRun whole = SacRun.start(() -> Envs.make("Hopper-v4"), SMALL, config, 2);
        trained(whole, "hopper-whole").close();
        Path parts = tmp.resolve("hopper-parts");
        try (SacRun run = SacRun.start(() -> Envs.make("Hopper-v4"), SMALL, config, 2);
             RunDirectory dir = RunDirectory.create(parts, run, 1, Map.of())) {
            SacTraining.train(run, dir, null, 260);
        }
        try (SacRun run = SacRun.start(() -> Envs.make("Hopper-v4"), SMALL, config, 2);
             RunDirectory dir = RunDirectory.resume(parts, run)) {
            SacTraining.train(run, dir, null);
        }
        assertEquals(Files.readString(tmp.resolve("hopper-whole").resolve(RunDirectory.PROGRESS)),
                Files.readString(parts.resolve(RunDirectory.PROGRESS)), "progress.csv, bit for bit");
    }

    @Test
    void aNaNStopsTrainingNamingTheStepAndNetworkAfterWritingTheRun() throws IOException {
        SacRunConfig config = new SacRunConfig(1000, 100, 1, 100, 2, 10_000, 1);
        Path dir = tmp.resolve("nan");
        try (SacRun run = SacRun.start(() -> new LinearTargetEnv(450), SMALL, config, 5);
             RunDirectory d = RunDirectory.create(dir, run, 1, Map.of())) {
            TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> SacTraining.train(run, d, null));
            // The NaN reward of step 450 reaches a critic's loss once a batch draws it, at step 450 or later.
            assertTrue(e.step() >= 450 && e.step() < 1000, "step " + e.step());
            assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("non-finite reward"), e.getMessage());
            assertTrue(List.of("q1", "q2").contains(e.network()), "network " + e.network() + ": " + e.getMessage());
            d.writeResult(run, "diverged", e.getMessage());
            List<String> progress = Files.readAllLines(dir.resolve(RunDirectory.PROGRESS));
            assertEquals(1 + e.step() / 100, progress.size(), "header and one row per evaluation before the NaN");
        }
        assertTrue(Files.exists(dir.resolve(RunDirectory.CURVE)));
        String result = Files.readString(dir.resolve(RunDirectory.RESULT));
        assertTrue(result.contains("\"diverged\"") && result.contains("non-finite reward"), result);
    }

    @Test
    void runDirectoriesAreNeverOverwritten() throws IOException {
        Path dir = tmp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("x"), "x");
        try (SacRun run = pendulum(new SacRunConfig(10, 5, 1, 5, 1, 100, 1), 1)) {
            assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(dir, run, 1, Map.of()));
        }
    }
}
