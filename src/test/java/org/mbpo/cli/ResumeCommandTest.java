package org.mbpo.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.TrainCommandTest.assertUserError;
import static org.mbpo.cli.TrainCommandTest.run;

/**
 * {@code ./mbpo train --resume}: a run killed with SIGKILL ({@code kill -9}) and resumed writes the
 * uninterrupted run's progress.csv; a corrupt, truncated or foreign checkpoint is refused with one line
 * and leaves every file as it was.
 */
class ResumeCommandTest {
    /** MBPO on Pendulum at toy size: 100 random steps, 4 epochs of 150 steps (episodes are 200: checkpoints fall inside them). */
    static final List<String> SMALL = List.of("--env", "Pendulum-v1", "--seed", "5", "--set", "epochs=4", "--set",
            "epoch_length=150", "--set", "initial_steps=100", "--set", "model_train_freq=75", "--set", "rollout_batch_size=300",
            "--set", "agent_updates_per_step=2", "--set", "sac.hidden_width=32", "--set", "sac.batch_size=64", "--set",
            "model_hidden=32", "--set", "ensemble_size=3", "--set", "elites=2", "--set", "model.max_epochs=10", "--set",
            "eval_episodes=1", "--set", "rollout_schedule=0,2,1,3");

    @TempDir
    static Path shared;
    static Path whole;

    @TempDir
    Path tmp;

    static String[] args(List<String> first, String... more) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(first);
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @BeforeAll
    static void uninterruptedRun() {
        whole = uninterrupted(shared);
    }

    /** The {@link #SMALL} run, uninterrupted, in {@code dir/whole}. */
    static Path uninterrupted(Path dir) {
        Path run = dir.resolve("whole");
        TrainCommandTest.Run r = run(args(SMALL, "--out", run.toString()));
        assertEquals(0, r.status(), r.out() + r.err());
        return run;
    }

    @Test
    void aRunKilledWithSigkillAndResumedWritesTheUninterruptedProgress() throws Exception {
        Path killed = tmp.resolve("killed");
        killAfterTwoRows(SMALL, killed);
        TrainCommandTest.Run r = run("train", "--resume", killed.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("resuming MBPO on Pendulum-v1, seed 5"), r.out());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(killed.resolve("progress.csv")),
                "the resumed run's progress.csv is the uninterrupted run's, bit for bit");
        String result = Files.readString(killed.resolve("result.json"));
        assertTrue(result.contains("\"completed\"") && result.contains("\"resumed_after_evaluation\""), result);
        // The training time over both sessions is every segment's seconds (timing.csv's epoch_s), less at most the
        // checkpoint writing of the segment the resume started from. Until 2026-12-07 that whole segment was missing.
        List<String[]> timing = Files.readAllLines(killed.resolve("timing.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        double sum = timing.stream().mapToDouble(f -> Double.parseDouble(f[4])).sum();
        String[] resumedFrom = timing.stream().filter(f -> f[2].equals("1")).reduce((a, b) -> b).orElseThrow();
        double trained = new com.fasterxml.jackson.databind.ObjectMapper().readTree(killed.resolve("result.json").toFile())
                .path("trained_seconds").asDouble();
        double rounding = 0.001 * timing.size();
        assertTrue(trained <= sum + rounding && trained >= sum - Double.parseDouble(resumedFrom[10]) - rounding,
                "trained_seconds " + trained + " against the segments' " + sum + " (the resumed-from segment took "
                        + resumedFrom[4] + " s, its checkpoint " + resumedFrom[10] + " s)");
        assertEquals(trained, Double.parseDouble(timing.get(timing.size() - 1)[3]), rounding, "the last wall_s");
        assertEquals(sum, org.mbpo.report.TrainingTime.seconds(killed), 1e-9);
    }

    /**
     * Starts {@code train ARGS --out dir} in a child JVM and kills it with SIGKILL ({@code kill -9}: no shutdown
     * hooks, no flushing) once its progress.csv has two rows, before its fourth.
     */
    private void killAfterTwoRows(List<String> trainArgs, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args(trainArgs, "--out", dir.toString())));
        Path log = tmp.resolve(dir.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path progress = dir.resolve("progress.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (lines(progress) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the child was still training: " + Files.readString(log));
        p.destroyForcibly();
        p.waitFor();
        int rowsAtKill = lines(progress) - 1;
        assertTrue(rowsAtKill >= 2 && rowsAtKill < 4, rowsAtKill + " evaluations were written before the kill");
    }

    private static int lines(Path file) throws IOException {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;  // renamed into place as we looked
        }
    }

    /** Every file of a directory (but its empty lock file) and its bytes, to show nothing changed. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals(".lock")).toList()) {
                m.put(f.getFileName().toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private Path copyOfWholeRun(String name) throws IOException {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(whole)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void aCorruptOrTruncatedCheckpointIsRefusedAndNothingIsWritten() throws IOException {
        Path corrupt = copyOfWholeRun("corrupt");
        Path file = corrupt.resolve(RunDirectory.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Map<String, String> before = snapshot(corrupt);
        assertUserError(run("train", "--resume", corrupt.toString()), "checksum mismatch: the checkpoint is corrupt or truncated");
        assertEquals(before, snapshot(corrupt), "no file changed");

        Path truncated = copyOfWholeRun("truncated");
        Path tfile = truncated.resolve(RunDirectory.CHECKPOINT);
        byte[] all = Files.readAllBytes(tfile);
        Files.write(tfile, java.util.Arrays.copyOf(all, all.length / 3));
        before = snapshot(truncated);
        assertUserError(run("train", "--resume", truncated.toString()), "checkpoint");
        assertEquals(before, snapshot(truncated), "no file changed");

        Path notOurs = copyOfWholeRun("not-ours");
        Files.writeString(notOurs.resolve(RunDirectory.CHECKPOINT), "hello");
        assertUserError(run("train", "--resume", notOurs.toString()), "truncated checkpoint");
    }

    @Test
    void progressWithoutItsCheckpointIsRefusedAndNothingIsWritten() throws IOException {
        // A run directory as a fresh clone has it: progress.csv committed, checkpoint.bin not.
        Path lost = copyOfWholeRun("lost-checkpoint");
        Files.delete(lost.resolve(RunDirectory.CHECKPOINT));
        int rows = Files.readAllLines(lost.resolve(RunDirectory.PROGRESS)).size() - 1;
        assertEquals(4, rows, "the small run's four evaluations");
        Map<String, String> before = snapshot(lost);
        assertUserError(run("train", "--resume", lost.toString()), lost.resolve(RunDirectory.PROGRESS) + " holds 4 evaluations"
                + " but there is no checkpoint.bin");
        assertEquals(before, snapshot(lost), "no file changed");

        // One row ahead of no checkpoint (stopped between writing the first row and the first checkpoint): it starts
        // again and writes the same rows.
        Path oneAhead = copyOfWholeRun("one-ahead");
        Files.delete(oneAhead.resolve(RunDirectory.CHECKPOINT));
        Files.deleteIfExists(oneAhead.resolve(RunDirectory.RESULT));
        List<String> progress = Files.readAllLines(oneAhead.resolve(RunDirectory.PROGRESS));
        Files.write(oneAhead.resolve(RunDirectory.PROGRESS), progress.subList(0, 2));
        TrainCommandTest.Run r = run("train", "--resume", oneAhead.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(progress, Files.readAllLines(oneAhead.resolve(RunDirectory.PROGRESS)));
    }

    @Test
    void aRunStartedUnderOtherOpenBlasKernelsIsRefusedAndNothingIsWritten() throws IOException {
        Path dir = copyOfWholeRun("other-kernels");
        Path config = dir.resolve(RunDirectory.CONFIG);
        String json = Files.readString(config);
        String recorded = json.replaceAll("(?s).*\"OPENBLAS_CORETYPE\" : \"([^\"]*)\".*", "$1");
        assertTrue(!recorded.equals(json), "config.json records the kernels");
        Files.writeString(config, json.replace("\"OPENBLAS_CORETYPE\" : \"" + recorded + "\"",
                "\"OPENBLAS_CORETYPE\" : \"Zen9\""));
        Map<String, String> before = snapshot(dir);
        assertUserError(run("train", "--resume", dir.toString()), dir + " was started with OPENBLAS_CORETYPE=Zen9 and this"
                + " process has ");
        assertEquals(before, snapshot(dir), "no file changed");

        TrainCommand.requireSameKernels(dir, "Haswell", "Haswell");
        TrainCommand.requireSameKernels(dir, "(unset)", "SkylakeX");  // OpenBLAS chose: nothing to compare
        UserError e = assertThrows(UserError.class, () -> TrainCommand.requireSameKernels(dir, "Haswell", null));
        assertTrue(e.getMessage().endsWith("this process has it unset; other kernels round differently, so the resumed run"
                + " would not be the uninterrupted one: resume with OPENBLAS_CORETYPE=Haswell ./mbpo train --resume " + dir),
                e.getMessage());
    }

    @Test
    void aRunStartedUnderAnotherVectorWidthIsRefusedAndNothingIsWritten() throws IOException {
        Path dir = copyOfWholeRun("other-width");
        Path config = dir.resolve(RunDirectory.CONFIG);
        String json = Files.readString(config);
        int lanes = org.mbpo.nn.Vectorization.lanes();
        String field = "\"vector_lanes\" : " + lanes + ",";
        assertTrue(json.contains(field), "config.json records the vector width: " + json);
        Files.writeString(config, json.replace(field, "\"vector_lanes\" : " + 4 * lanes + ","));
        Map<String, String> before = snapshot(dir);
        assertUserError(run("train", "--resume", dir.toString()), dir + " was started with " + 4 * lanes
                + " floats per vector and this JVM has " + lanes);
        assertEquals(before, snapshot(dir), "no file changed");

        TrainCommand.requireSameVectorWidth(dir, 0, 16);  // recorded before the width was: nothing to compare
        TrainCommand.requireSameVectorWidth(dir, 8, 8);
        UserError narrower = assertThrows(UserError.class, () -> TrainCommand.requireSameVectorWidth(dir, 8, 16));
        assertTrue(narrower.getMessage().endsWith("resume with MBPO_JAVA_OPTS=-XX:MaxVectorSize=32 ./mbpo train --resume "
                + dir), narrower.getMessage());
        UserError wider = assertThrows(UserError.class, () -> TrainCommand.requireSameVectorWidth(dir, 16, 8));
        assertTrue(wider.getMessage().endsWith("this CPU has no vectors that wide; resume it on one that has (512-bit"
                + " vectors)"), wider.getMessage());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() throws IOException {
        // Another seed's checkpoint in this run's directory.
        Path other = tmp.resolve("other-seed");
        List<String> otherSeed = new ArrayList<>(SMALL);
        otherSeed.set(otherSeed.indexOf("5"), "6");
        otherSeed.set(otherSeed.indexOf("epochs=4"), "epochs=1");
        assertEquals(0, run(args(otherSeed, "--out", other.toString())).status());
        Path mixed = copyOfWholeRun("mixed");
        Files.copy(other.resolve(RunDirectory.CHECKPOINT), mixed.resolve(RunDirectory.CHECKPOINT),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> before = snapshot(mixed);
        assertUserError(run("train", "--resume", mixed.toString()), "the checkpoint is for another run: its seed is 6, this run's is 5");
        assertEquals(before, snapshot(mixed));

        // This run's checkpoint, but config.json edited to other settings.
        Path edited = copyOfWholeRun("edited");
        Path config = edited.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"real_ratio\" : 0.05", "\"real_ratio\" : 0.1"));
        assertUserError(run("train", "--resume", edited.toString()),
                "its settings differ (first: mbpo.real_ratio is 0.1 here, 0.05 in the checkpoint)");
    }

    @Test
    void resumeTakesNoOtherSettingsAndOnlyTrainingRunDirectories() throws IOException {
        assertUserError(run("train", "--resume", whole.toString(), "--seed", "3"), "--resume continues a run with the settings");
        assertUserError(run("train", "--resume", tmp.resolve("nothing").toString()), "is not a run directory (no config.json)");
        Path shift = tmp.resolve("shift");
        Files.createDirectories(shift);
        Files.writeString(shift.resolve("config.json"), "{\"algo\": \"shift\", \"env\": \"Pendulum-v1\", \"seed\": 1}");
        assertUserError(run("train", "--resume", shift.toString()), "a run of 'shift'; runs of mbpo, sac, mve and steve resume");
    }

    /** SAC on Pendulum at toy size: evaluations every 150 steps of episodes of 200 (checkpoints fall inside them). */
    static final List<String> SAC = List.of("--algo", "sac", "--env", "Pendulum-v1", "--seed", "5", "--steps", "600",
            "--eval-every", "150", "--set", "learning_starts=100", "--set", "hidden_width=32", "--set", "batch_size=64",
            "--set", "eval_episodes=1");

    @Test
    void anInterruptedSacRunResumesToTheUninterruptedProgressAndForeignCheckpointsAreRefused() throws IOException {
        Path sacWhole = tmp.resolve("sac-whole");
        assertEquals(0, run(args(SAC, "--out", sacWhole.toString())).status());
        // The run as an interruption after its second evaluation leaves it: its checkpoint and the files before it.
        Path cut = tmp.resolve("sac-cut");
        List<String> shorter = new ArrayList<>(SAC);
        shorter.set(shorter.indexOf("600"), "300");
        assertEquals(0, run(args(shorter, "--out", cut.toString())).status());
        Path interrupted = tmp.resolve("sac-interrupted");
        Files.createDirectories(interrupted);
        Files.copy(sacWhole.resolve("config.json"), interrupted.resolve("config.json"));
        Files.copy(cut.resolve(RunDirectory.PROGRESS), interrupted.resolve(RunDirectory.PROGRESS));
        // (a 300-step run's checkpoint is another run's: its steps setting differs)
        Files.copy(cut.resolve(RunDirectory.CHECKPOINT), interrupted.resolve(RunDirectory.CHECKPOINT));
        Map<String, String> before = snapshot(interrupted);
        assertUserError(run("train", "--resume", interrupted.toString()),
                "its settings differ (first: run.steps is 600 here, 300 in the checkpoint)");
        assertEquals(before, snapshot(interrupted), "no file changed");

        Path resumed = tmp.resolve("sac-resumed");
        Files.createDirectories(resumed);
        Files.copy(sacWhole.resolve("config.json"), resumed.resolve("config.json"));
        TrainCommandTest.Run first = run("train", "--resume", resumed.toString());
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("no checkpoint yet, so from the start"), first.out());
        assertEquals(Files.readString(sacWhole.resolve(RunDirectory.PROGRESS)), Files.readString(resumed.resolve(RunDirectory.PROGRESS)));

        Path mbpoCheckpoint = tmp.resolve("sac-with-mbpo-checkpoint");
        Files.createDirectories(mbpoCheckpoint);
        Files.copy(sacWhole.resolve("config.json"), mbpoCheckpoint.resolve("config.json"));
        Files.copy(whole.resolve(RunDirectory.CHECKPOINT), mbpoCheckpoint.resolve(RunDirectory.CHECKPOINT));
        assertUserError(run("train", "--resume", mbpoCheckpoint.toString()), "it does not start with SAC--CKP");
    }

    /** As {@link #SAC} with SAC's default networks (2 × 256, batch 256), slow enough to be killed between evaluations. */
    static final List<String> SAC_DEFAULT_NETWORKS = List.of("--algo", "sac", "--env", "Pendulum-v1", "--seed", "5", "--steps",
            "600", "--eval-every", "150", "--set", "learning_starts=100", "--set", "eval_episodes=1");

    @Test
    void aSacRunKilledWithSigkillAndResumedWritesTheUninterruptedProgress() throws Exception {
        Path sacWhole = tmp.resolve("sac-whole");
        assertEquals(0, run(args(SAC_DEFAULT_NETWORKS, "--out", sacWhole.toString())).status());
        Path killed = tmp.resolve("sac-killed");
        killAfterTwoRows(SAC_DEFAULT_NETWORKS, killed);
        Path progress = killed.resolve(RunDirectory.PROGRESS);
        TrainCommandTest.Run r = run("train", "--resume", killed.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("resuming SAC on Pendulum-v1, seed 5"), r.out());
        assertEquals(Files.readString(sacWhole.resolve(RunDirectory.PROGRESS)), Files.readString(progress),
                "the resumed run's progress.csv is the uninterrupted run's, bit for bit");
    }
}
