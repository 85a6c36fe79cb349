package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./mbpo sweep --engine slurm} against stand-ins for sbatch on the PATH (no Slurm needed): the submission it
 * makes, and its refusals (no sbatch, a rejected submission) as one line with nothing left behind.
 */
class SlurmEngineTest {
    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, """
                {"name": "tiny", "base": ["train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "200"],
                 "settings": {"a": [], "b": ["--set", "updates_per_step=2"]}, "seeds": [1, 2],
                 "slurm": {"time": "01:00:00", "max_running": 3}}
                """);
        return spec;
    }

    /** Runs {@code ./mbpo ARGS} in a child JVM whose PATH is only {@code bin}. */
    private record Child(int status, String out, String err) {
    }

    private Child child(Path bin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(SweepCommand.launcher());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("PATH", bin.toString());
        int status = pb.start().waitFor();
        return new Child(status, Files.readString(dir.resolve("out")),
                Files.readString(dir.resolve("err")).replace("WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
    }

    private Path bin(String sbatch) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path file = bin.resolve("sbatch");
        Files.writeString(file, "#!/bin/bash\n" + sbatch + "\n");
        file.toFile().setExecutable(true);
        return bin;
    }

    @Test
    void noSbatchOnThePathIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("sweep");
        Path empty = dir.resolve("empty-bin");
        Files.createDirectories(empty);
        Child c = child(empty, "sweep", spec().toString(), "--out", out.toString(), "--engine", "slurm");
        assertEquals(2, c.status(), c.err());
        assertEquals("mbpo: --engine slurm: sbatch not found on PATH; run this on a Slurm login node (or leave out --engine to run the "
                + "cells on this machine)", c.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRejectedSubmissionShowsSbatchsMessageAndLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("sweep");
        Path bin = bin("echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2; exit 1");
        Child c = child(bin, "sweep", spec().toString(), "--out", out.toString(), "--engine", "slurm", "--partition", "gpu");
        assertEquals(2, c.status(), c.err());
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertTrue(c.err().startsWith("mbpo: sbatch refused the job array (exit 1): sbatch: error: Batch job submission failed: Invalid "
                + "partition name specified; the command was: "), c.err());
        assertFalse(Files.exists(out), "the directory this submission made is removed");
    }

    @Test
    void theSubmissionIsOneArrayOfTheUnfinishedCellsWithTheSpecsOptionsUnderTheCommandLines() throws Exception {
        Path out = dir.resolve("sweep");
        Path argv = dir.resolve("argv");
        Path bin = bin("printf '%s\\n' \"$@\" > '" + argv + "'; echo '4242;cluster'");
        Child c = child(bin, "sweep", spec().toString(), "--out", out.toString(), "--engine", "slurm", "--time", "00:30:00",
                "--sbatch-arg=--qos=low");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().startsWith("submitted job array 4242: cells 0-3 (4 of 4; 0 finished before), 3 at a time -> " + out), c.out());
        List<String> args = Files.readAllLines(argv);
        Path abs = out.toAbsolutePath().normalize();
        assertEquals(List.of("--parsable", "--job-name=mbpo-tiny", "--array=0-3%3", "--output=" + abs + "/logs/slurm-%A_%a.out",
                "--open-mode=append", "--chdir=" + Path.of("").toAbsolutePath(), "--cpus-per-task=1", "--signal=B:USR1@600",
                "--time=00:30:00", "--qos=low", abs + "/slurm/cell.sh"), args, "the command line's --time over the spec's");
        assertTrue(Files.readString(out.resolve("slurm/jobs.csv")).contains("\n4242,0-3,"));
        assertTrue(Files.readString(out.resolve("slurm/cell.sh")).contains("'sweep' '" + spec().toAbsolutePath() + "' '--out' '" + abs + "' '--cell'"));

        // A finished cell is not submitted again (no squeue here: nothing is known to be queued).
        Path done = out.resolve("a/seed2");
        Files.createDirectories(done);
        Files.writeString(done.resolve("result.json"), "{\"status\": \"completed\"}");
        c = child(bin, "sweep", spec().toString(), "--out", out.toString(), "--engine", "slurm");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().startsWith("submitted job array 4242: cells 0,2-3 (3 of 4; 1 finished before)"), c.out());
        assertTrue(Files.readAllLines(argv).contains("--array=0,2-3%3"));
        assertTrue(c.err().isBlank() || c.err().contains("squeue not found"), c.err());
    }

    @Test
    void aCellOutOfRangeOrRunningElsewhereIsRefused() throws Exception {
        Path out = dir.resolve("sweep");
        TrainCommandTest.assertUserError(TrainCommandTest.run("sweep", spec().toString(), "--out", out.toString(), "--cell", "4"),
                "--cell 4: the sweep has cells 0 to 3");
        TrainCommandTest.assertUserError(TrainCommandTest.run("sweep", spec().toString(), "--out", out.toString(), "--cell", "-1"),
                "--cell -1: the sweep has cells 0 to 3");
        org.mbpo.sweep.SweepDirectory.open(org.mbpo.sweep.SweepSpec.read(spec()), out);
        try (var lock = org.mbpo.sweep.SweepDirectory.lock(out, new org.mbpo.sweep.SweepSpec.Cell("a", 1))) {
            // A lock held in this JVM: tryLock answers for this process too.
            TrainCommandTest.assertUserError(TrainCommandTest.run("sweep", spec().toString(), "--out", out.toString(), "--cell", "0"),
                    "cell 0 (a seed 1) is running in another process");
        }
        assertFalse(Files.exists(out.resolve("a/seed1")));
    }
}
