package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.TrainCommandTest.assertUserError;
import static org.mbpo.cli.TrainCommandTest.run;

/** {@code ./mbpo sweep} end to end: real child processes of {@code ./mbpo train}, skipping and restarting cells. */
class SweepCommandTest {
    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, """
                {"name": "tiny SAC sweep",
                 "base": ["train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "200", "--eval-every", "100",
                          "--set", "learning_starts=100", "--set", "hidden_width=16", "--set", "batch_size=32", "--set", "eval_episodes=1"],
                 "settings": {"g1": ["--set", "updates_per_step=1"], "g2": ["--set", "updates_per_step=2"]},
                 "seeds": [1, 2]}
                """);
        return spec;
    }

    @Test
    void runsEveryCellThenSkipsFinishedOnesAndRestartsAnInterruptedOne() throws IOException {
        Path spec = spec();
        Path out = dir.resolve("sweep");
        TrainCommandTest.Run first = run("sweep", spec.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(0, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("2 settings × 2 seeds = 4 cells"), first.out());
        for (String s : List.of("g1", "g2")) {
            for (int seed : new int[] {1, 2}) {
                Path cell = out.resolve(s).resolve("seed" + seed);
                assertTrue(Files.exists(cell.resolve("result.json")), cell + " finished");
                assertTrue(Files.readString(cell.resolve("config.json")).contains("\"seed\" : " + seed), cell + " ran with its seed");
            }
        }
        assertTrue(Files.readString(out.resolve("g2/seed1/config.json")).contains("\"updates_per_step\" : 2"), "the setting reached the run");
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(5, summary.size(), "header and 4 cells: " + summary);
        assertTrue(summary.get(1).startsWith("g1,1,completed,200,"), summary.get(1));
        List<String> settings = Files.readAllLines(out.resolve("settings.csv"));
        assertEquals(3, settings.size());
        assertTrue(settings.get(2).startsWith("g2,2,2,"), settings.get(2));
        assertTrue(Files.size(out.resolve("curves.png")) > 0);

        // Again: nothing to do.
        TrainCommandTest.Run second = run("sweep", spec.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(0, second.status(), second.err());
        assertEquals(4, second.out().lines().filter(l -> l.contains("finished before, skipped")).count(), second.out());

        // An interrupted SAC cell with a checkpoint (no result.json): resumed, to the same progress.
        String progress = Files.readString(out.resolve("g2/seed2/progress.csv"));
        Files.delete(out.resolve("g2/seed2/result.json"));
        // One interrupted before its first checkpoint: moved aside and run again.
        Files.delete(out.resolve("g1/seed1/result.json"));
        Files.delete(out.resolve("g1/seed1/checkpoint.bin"));
        TrainCommandTest.Run third = run("sweep", spec.toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(0, third.status(), third.out() + third.err());
        assertTrue(third.out().contains("g2 seed 2: resuming"), third.out());
        assertTrue(third.out().contains("g1 seed 1: restarting"), third.out());
        assertEquals(2, third.out().lines().filter(l -> l.contains("skipped")).count(), third.out());
        assertTrue(Files.exists(out.resolve("g2/seed2/result.json")));
        assertEquals(progress, Files.readString(out.resolve("g2/seed2/progress.csv")), "the resumed cell's progress");
        try (var s = Files.list(out.resolve("g1"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("seed1.partial-")).count(), "the interrupted run kept aside");
        }
    }

    @Test
    void aFailingCellFailsTheSweepAndBadSpecsAreOneLine() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"base": ["train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "0"], "settings": {"a": []}, "seeds": [1]}
                """);
        TrainCommandTest.Run r = run("sweep", bad.toString(), "--out", dir.resolve("bad").toString(), "--jobs", "1");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("a seed 1: FAILED (exit 2)"), r.out());
        assertTrue(Files.readString(dir.resolve("bad/logs/a-seed1.log")).contains("--steps must be at least 1"));

        Files.writeString(bad, "{\"base\": [\"train\", \"--seed\", \"3\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "base: must not contain --seed");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a/b\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "the name 'a/b' must be");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": []}, \"seeds\": [1, 1]}");
        assertUserError(run("sweep", bad.toString()), "none repeated");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": [3]}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "settings.a: '3' is not a string");
        Files.writeString(bad, "not json");
        assertUserError(run("sweep", bad.toString()), "cannot read a JSON object");
        assertUserError(run("sweep", dir.resolve("none.json").toString()), "no such file");
    }
}
