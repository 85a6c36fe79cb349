package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.TrainCommandTest.run;

/**
 * Issue 16's one rule for the command line: every subcommand, given bad input (a missing or malformed file, an
 * unknown name, a value out of range, an unwritable place), exits with status 2, prints exactly one line on
 * standard error, and creates no file or directory (here, in the current directory, or in runs/).
 */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void everySubcommandRefusesBadInputWithOneLineStatusTwoAndNoNewFiles() throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"base\": [\"train\", \"--algo\", \"sac\", \"--steps\", \"100\"], \"settings\": {\"a\": []}, \"seeds\": [1]}");
        Path badJson = dir.resolve("bad.json");
        Files.writeString(badJson, "{\"gamma\": 0.9,");
        Path notRun = dir.resolve("not-a-run");
        Files.createDirectories(notRun);
        String none = dir.resolve("none").toString();
        String unwritable = "/proc/mbpo-bad-input";
        List<List<String>> table = List.of(
                List.of("frobnicate"),
                List.of("train", "--frobnicate"),
                List.of("train", "--steps", "ten"),
                List.of("train", "--env", "Nope-v0"),
                List.of("train", "--steps", "10"),
                List.of("train", "--out", unwritable),
                List.of("train", "--resume", none),
                List.of("train", "--algo", "sac", "--steps", "100", "--set", "gamma=1"),
                List.of("experiment", "shift", "--env", "Nope-v0"),
                List.of("experiment", "shift", "--env", "Pendulum-v1", "--sizes", "3,2,1"),
                List.of("experiment", "exploitation", "--env", "Pendulum-v1", "--set", "bogus=1"),
                List.of("experiment", "exploitation", "--env", "Pendulum-v1", "--out", unwritable),
                List.of("sweep", none + ".json"),
                List.of("sweep", badJson.toString()),
                List.of("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--cell", "7"),
                List.of("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--status"),
                List.of("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--engine", "pbs"),
                List.of("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--partition", "gpu"),
                List.of("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--engine", "slurm", "--time", "soon"),
                List.of("sweep", spec.toString(), "--out", unwritable),
                List.of("plot", none),
                List.of("plot", notRun.toString()),
                List.of("milestones", "--value-expansion", notRun.toString()),
                List.of("milestones", "--data-tables", "--paper-budget"),
                List.of("envs", "replay", none + ".tsv"),
                List.of("bounds", "check", none + ".json"),
                List.of("bounds", "check", badJson.toString()),
                List.of("bounds", "sweep", "--instances", "0"),
                List.of("bounds", "sweep", "--instances", "1", "--counterexamples", unwritable, "--gamma", "0.5..0.6"),
                List.of("bounds", "tightest", "--bound", "nope"),
                List.of("bench", "sac", "--reps", "1"),
                List.of("bench", "model", "--reps", "0"),
                List.of("bench", "value-expansion", "--horizon", "0"),
                List.of("train", "--algo", "steve", "--set", "real_ratio=0.05"),
                List.of("bench", "envs", "--env", "Pendulum-v1"),
                List.of("notebooks", "--in-place"),
                List.of("notebooks", "--kernel", "nope"),
                List.of("test", "--frobnicate"));
        List<String> before = listings();
        List<String> wrong = new ArrayList<>();
        for (List<String> args : table) {
            TrainCommandTest.Run r = run(args.toArray(new String[0]));
            long lines = r.err().strip().lines().count();
            if (r.status() != 2 || lines != 1 || !r.err().startsWith("mbpo: ")) {
                wrong.add(String.join(" ", args) + " -> status " + r.status() + ", " + lines + " lines: " + r.err());
            }
        }
        assertEquals(List.of(), wrong, "each bad input: status 2 and one line");
        assertEquals(before, listings(), "no new files or directories");
        assertFalse(Files.exists(Path.of(unwritable)));
        assertTrue(Files.isDirectory(notRun));
    }

    /** Every path under the test's directory, in the current directory and under runs/. */
    private List<String> listings() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.map(Path::toString).sorted().forEach(all::add);
        }
        try (Stream<Path> s = Files.list(Path.of(""))) {
            s.map(p -> "./" + p).sorted().forEach(all::add);
        }
        if (Files.isDirectory(Path.of("runs"))) {
            try (Stream<Path> s = Files.walk(Path.of("runs"))) {
                s.map(Path::toString).sorted().forEach(all::add);
            }
        }
        return all;
    }
}
