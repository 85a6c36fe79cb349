package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aFailingCellFailsTheSweepAndSaysSoWithoutNaN() throws IOException {
        Path diverging = dir.resolve("diverging.json");
        Files.writeString(diverging, """
                {"base": ["train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "300", "--eval-every", "100", "--set", "learning_starts=50",
                          "--set", "hidden_width=16", "--set", "batch_size=32", "--set", "eval_episodes=1"],
                 "settings": {"diverges": ["--set", "learning_rate=1e30"]}, "seeds": [1]}
                """);
        TrainCommandTest.Run r = run("sweep", diverging.toString(), "--out", dir.resolve("d").toString(), "--jobs", "1");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("diverges seed 1: FAILED (exit 1)"), r.out());
        assertTrue(Files.readString(dir.resolve("d/logs/diverges-seed1.log")).contains("training diverged"));
        // Issue 16, item 5: a setting with no completed cell said "final return NaN ± NaN".
        assertTrue(r.out().contains("diverges                 0/1 completed, no final return (none completed)"), r.out());
        assertFalse(r.out().contains("NaN"), r.out());
    }

    /** Issue 16, item 5: a setting no cell can accept was found only as each cell failed; now before any starts, writing nothing. */
    @Test
    void everyCellsCommandIsCheckedBeforeAnyStarts() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"base": ["train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "300"], "settings": {"a": [], "b": ["--set", "bogus=1"]},
                 "seeds": [1, 2]}
                """);
        Path out = dir.resolve("never");
        assertUserError(run("sweep", bad.toString(), "--out", out.toString()), "cell 2 (b seed 1) would fail: --set: unknown setting 'bogus'");
        assertTrue(run("sweep", bad.toString(), "--out", out.toString()).err().contains("(2 of 4 cells would fail)"));
        assertFalse(Files.exists(out), "nothing written");
        Files.writeString(bad, "{\"base\": [\"train\", \"--algo\", \"sac\", \"--steps\", \"0\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString(), "--out", out.toString()), "cell 0 (a seed 1) would fail: --steps must be at least 1");
        Files.writeString(bad, "{\"base\": [\"train\", \"--env\", \"Nope-v0\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString(), "--out", out.toString()), "unknown environment 'Nope-v0'");
        Files.writeString(bad, "{\"base\": [\"train\", \"--frobnicate\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString(), "--out", out.toString()), "Unknown option: '--frobnicate'");
        Files.writeString(bad, "{\"base\": [\"sweep\", \"x.json\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString(), "--out", out.toString()), "a sweep cannot run sweeps");
        assertFalse(Files.exists(out), "nothing written");
    }

    /** Issue 16: a sweep directory records its spec; a changed spec is refused, naming the difference, and nothing changes. */
    @Test
    void aChangedSpecIsRefusedNamingTheDifference() throws IOException {
        Path spec = spec();
        Path out = dir.resolve("sweep");
        assertEquals(0, run("sweep", spec.toString(), "--out", out.toString(), "--jobs", "2").status());
        String recorded = Files.readString(out.resolve("sweep.json"));
        assertTrue(Files.readString(out.resolve("cells.csv")).startsWith("cell,setting,seed,dir,log\n0,g1,1,g1/seed1,logs/g1-seed1.log\n"));
        Files.writeString(spec, Files.readString(spec).replace("\"seeds\": [1, 2]", "\"seeds\": [1, 2, 3]"));
        assertUserError(run("sweep", spec.toString(), "--out", out.toString()), "was made for another spec");
        assertUserError(run("sweep", spec.toString(), "--out", out.toString()), "seeds were [1, 2], now [1, 2, 3]");
        assertUserError(run("sweep", spec.toString(), "--out", out.toString(), "--status"), "seeds were [1, 2], now [1, 2, 3]");
        assertEquals(recorded, Files.readString(out.resolve("sweep.json")), "the record is unchanged");
        assertFalse(Files.exists(out.resolve("g1/seed3")));
    }

    @Test
    void badSpecsAreOneLine() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"base\": [\"train\", \"--seed\", \"3\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "base: must not contain --seed");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a/b\": []}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "the name 'a/b' must be");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": []}, \"seeds\": [1, 1]}");
        assertUserError(run("sweep", bad.toString()), "none repeated");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": [3]}, \"seeds\": [1]}");
        assertUserError(run("sweep", bad.toString()), "settings.a: '3' is not a string");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": []}, \"seeds\": [1], \"slurm\": {\"time\": \"soon\"}}");
        assertUserError(run("sweep", bad.toString()), "slurm.time: 'soon' is not a Slurm time limit");
        Files.writeString(bad, "{\"base\": [\"train\"], \"settings\": {\"a\": []}, \"seeds\": [1], \"seed\": 3}");
        assertUserError(run("sweep", bad.toString()), "unknown field 'seed'");
        Files.writeString(bad, "not json");
        TrainCommandTest.Run r = run("sweep", bad.toString());
        assertUserError(r, "cannot read a JSON object: Unrecognized token 'not'");
        // Issue 16, item 5: Jackson's "[Source: REDACTED ...]" was in the message.
        assertFalse(r.err().contains("Source") || r.err().contains("REDACTED"), r.err());
        assertTrue(r.err().contains("(line 1, column "), r.err());
        assertUserError(run("sweep", dir.resolve("none.json").toString()), "no such file");
    }
}
