package org.mbpo.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.algorithm.MbpoCheckpoint;

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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args(SMALL, "--out", killed.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path progress = killed.resolve("progress.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (lines(progress) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child was still training: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly();  // SIGKILL on Linux: no shutdown hooks, no flushing
        p.waitFor();
        int rowsAtKill = lines(progress) - 1;
        assertTrue(rowsAtKill >= 2 && rowsAtKill < 4, rowsAtKill + " epochs were written before the kill");

        TrainCommandTest.Run r = run("train", "--resume", killed.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("resuming MBPO on Pendulum-v1, seed 5"), r.out());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(progress),
                "the resumed run's progress.csv is the uninterrupted run's, bit for bit");
        String result = Files.readString(killed.resolve("result.json"));
        assertTrue(result.contains("\"completed\"") && result.contains("\"resumed_after_epoch\""), result);
    }

    private static int lines(Path file) throws IOException {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;  // renamed into place as we looked
        }
    }

    /** Every file of a directory and its bytes, to show nothing changed. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
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
        Path file = corrupt.resolve(MbpoCheckpoint.FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Map<String, String> before = snapshot(corrupt);
        assertUserError(run("train", "--resume", corrupt.toString()), "checksum mismatch: the checkpoint is corrupt or truncated");
        assertEquals(before, snapshot(corrupt), "no file changed");

        Path truncated = copyOfWholeRun("truncated");
        Path tfile = truncated.resolve(MbpoCheckpoint.FILE);
        byte[] all = Files.readAllBytes(tfile);
        Files.write(tfile, java.util.Arrays.copyOf(all, all.length / 3));
        before = snapshot(truncated);
        assertUserError(run("train", "--resume", truncated.toString()), "checkpoint");
        assertEquals(before, snapshot(truncated), "no file changed");

        Path notOurs = copyOfWholeRun("not-ours");
        Files.writeString(notOurs.resolve(MbpoCheckpoint.FILE), "hello");
        assertUserError(run("train", "--resume", notOurs.toString()), "truncated checkpoint");
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
        Files.copy(other.resolve(MbpoCheckpoint.FILE), mixed.resolve(MbpoCheckpoint.FILE),
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
    void resumeTakesNoOtherSettingsAndOnlyMbpoRunDirectories() throws IOException {
        assertUserError(run("train", "--resume", whole.toString(), "--seed", "3"), "--resume continues a run with the settings");
        assertUserError(run("train", "--resume", tmp.resolve("nothing").toString()), "is not a run directory (no config.json)");
        Path sac = tmp.resolve("sac");
        assertEquals(0, run("train", "--algo", "sac", "--steps", "20", "--out", sac.toString(), "--set", "learning_starts=10",
                "--set", "eval_episodes=1", "--eval-every", "20").status());
        assertUserError(run("train", "--resume", sac.toString()), "a run of 'sac'; only MBPO runs have checkpoints to resume");
    }
}
