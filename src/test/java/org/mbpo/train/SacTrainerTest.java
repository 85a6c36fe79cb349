package org.mbpo.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.agent.SacConfig;
import org.mbpo.env.Envs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SacTrainerTest {
    /** Small networks and batches so that the tests take seconds. */
    private static final SacConfig SMALL = SacConfig.defaults().withHidden(2, 32).withBatchSize(32);

    @TempDir
    Path tmp;

    @Test
    void learnsTheOptimalActionOfAOneStepTask() {
        SacRunConfig run = new SacRunConfig(2500, 200, 1, 500, 20, 10_000, 1);
        SacTrainer.Result r = SacTrainer.train(LinearTargetEnv::new, SMALL, run, 7, RunDirectory.create(tmp.resolve("run")),
                Map.of(), null);
        double[] a = new double[1];
        for (double s = -0.9; s <= 0.9; s += 0.3) {
            r.agent().act(new double[] {s}, true, null, a);
            assertEquals(s / 2, a[0], 0.1, "deterministic action at s = " + s + " (optimum s/2)");
        }
        ProgressRow last = r.rows().get(r.rows().size() - 1);
        // The optimal return is 0; a uniform random policy's expected return is -(1/3 + 1/12) ≈ -0.42.
        assertTrue(last.evalReturn() > -0.01, "final evaluation return " + last.evalReturn());
        assertTrue(r.rows().get(0).evalReturn() < last.evalReturn(), "returns improved");
    }

    @Test
    void sameSeedTwiceGivesIdenticalLossesAndReturnsOnOneOrTwoThreadsAndAnotherSeedDoesNot() throws IOException {
        SacRunConfig run = new SacRunConfig(600, 200, 1, 200, 2, 10_000, 1);
        SacRunConfig twoThreads = new SacRunConfig(600, 200, 1, 200, 2, 10_000, 2);
        SacTrainer.Result a = SacTrainer.train(() -> Envs.make("Pendulum-v1"), SMALL, run, 3, RunDirectory.create(tmp.resolve("a")), Map.of(), null);
        // the same seed again, with the twin critics on two threads: the same numbers
        SacTrainer.Result b = SacTrainer.train(() -> Envs.make("Pendulum-v1"), SMALL, twoThreads, 3, RunDirectory.create(tmp.resolve("b")), Map.of(), null);
        SacTrainer.Result c = SacTrainer.train(() -> Envs.make("Pendulum-v1"), SMALL, run, 4, RunDirectory.create(tmp.resolve("c")), Map.of(), null);
        assertEquals(3, a.rows().size());
        for (int i = 0; i < a.rows().size(); i++) {
            ProgressRow x = a.rows().get(i);
            ProgressRow y = b.rows().get(i);
            assertEquals(x.evalReturn(), y.evalReturn(), 0.0, "row " + i + " eval return");
            assertEquals(x.trainReturn(), y.trainReturn(), 0.0, "row " + i + " train return");
            assertEquals(x.q1Loss(), y.q1Loss(), 0.0, "row " + i + " q1 loss");
            assertEquals(x.actorLoss(), y.actorLoss(), 0.0, "row " + i + " actor loss");
            assertEquals(x.alpha(), y.alpha(), 0.0, "row " + i + " alpha");
        }
        assertNotEquals(a.rows().get(2).q1Loss(), c.rows().get(2).q1Loss(), "another seed, other losses");
        List<String> csvA = Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.PROGRESS));
        List<String> csvB = Files.readAllLines(tmp.resolve("b").resolve(RunDirectory.PROGRESS));
        assertEquals(withoutWallTime(csvA), withoutWallTime(csvB));
        assertTrue(Files.size(tmp.resolve("a").resolve(RunDirectory.CURVE)) > 1000, "learning curve written");
        assertTrue(Files.readString(tmp.resolve("a").resolve(RunDirectory.CONFIG)).contains("\"learning_starts\" : 200"));
    }

    private static List<String> withoutWallTime(List<String> lines) {
        return lines.stream().map(l -> l.replaceFirst("^([^,]*),[^,]*,", "$1,,")).toList();
    }

    @Test
    void aNaNStopsTrainingNamingTheStepAndNetworkAfterWritingTheRun() throws IOException {
        SacRunConfig run = new SacRunConfig(1000, 100, 1, 100, 2, 10_000, 1);
        Path dir = tmp.resolve("nan");
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> SacTrainer.train(() -> new LinearTargetEnv(450),
                SMALL, run, 5, RunDirectory.create(dir), Map.of(), null));
        // The NaN reward of step 450 reaches a critic's loss once a batch draws it, at step 450 or later.
        assertTrue(e.step() >= 450 && e.step() < 1000, "step " + e.step());
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("non-finite reward"), e.getMessage());
        assertTrue(List.of("q1", "q2").contains(e.network()), "network " + e.network() + ": " + e.getMessage());
        List<String> progress = Files.readAllLines(dir.resolve(RunDirectory.PROGRESS));
        assertEquals(1 + e.step() / 100, progress.size(), "header and one row per evaluation before the NaN");
        assertTrue(Files.exists(dir.resolve(RunDirectory.CURVE)));
        String result = Files.readString(dir.resolve(RunDirectory.RESULT));
        assertTrue(result.contains("\"diverged\"") && result.contains("step " + e.step()), result);
    }

    @Test
    void runDirectoriesAreNeverOverwritten() throws IOException {
        Path dir = tmp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("x"), "x");
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(dir));
    }
}
