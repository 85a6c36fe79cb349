package org.mbpo.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.stop.StopRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.ResumeCommandTest.SMALL;
import static org.mbpo.cli.ResumeCommandTest.args;
import static org.mbpo.cli.TrainCommandTest.run;

/**
 * Issue 16: SIGINT, SIGTERM (and SIGUSR1) during {@code train} and {@code sweep} stop at a safe point, keep every
 * finished epoch or evaluation and the last checkpoint, print one line with the resume command and exit 130/143
 * (75: stopped at a checkpoint, resumable); the resumed run's progress.csv is the uninterrupted run's.
 */
class InterruptCommandTest {
    @TempDir
    static Path shared;
    static Path whole;

    @TempDir
    Path tmp;

    @BeforeAll
    static void uninterruptedRun() {
        whole = ResumeCommandTest.uninterrupted(shared);
    }

    @AfterEach
    void noWatchLeft() {
        assertEquals(null, StopRequest.requested(), "every watch closed and its request cleared");
    }

    /** Asks for a stop (as the signal handler would) once {@code when} holds, from another thread. */
    private static Thread requestWhen(BooleanSupplier when, StopRequest.Kind kind) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!when.getAsBoolean() && System.nanoTime() < deadline) {
                sleep(5);
            }
            assertTrue(StopRequest.request(kind), "a training loop watches");
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;  // renamed into place as we looked
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anInterruptedMbpoRunKeepsItsEpochsSaysHowToResumeAndResumesExactly() throws Exception {
        Path dir = tmp.resolve("interrupted");
        Path progress = dir.resolve("progress.csv");
        Thread asker = requestWhen(() -> lines(progress) >= 2, StopRequest.Kind.INTERRUPT);
        TrainCommandTest.Run r = run(args(SMALL, "--out", dir.toString()));
        asker.join();
        assertEquals(130, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("mbpo:")).count(), "one line: " + r.err());
        assertTrue(r.err().contains("mbpo: stopped by SIGINT after ") && r.err().contains("keeps progress.csv and checkpoint.bin; "
                + "resume with: ./mbpo train --resume " + dir), r.err());
        int rows = lines(progress) - 1;
        assertTrue(rows >= 1 && rows < 4, rows + " epochs kept");
        assertFalse(Files.exists(dir.resolve("result.json")), "not finished: a sweep would resume it");
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));

        TrainCommandTest.Run resumed = run("train", "--resume", dir.toString());
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(progress), "bit for bit the uninterrupted run's");
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointSaysSoAndResumesFromTheStart() throws Exception {
        Path dir = tmp.resolve("early");
        Thread asker = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            // The first moment a training loop watches: long before the first epoch ends.
            while (!StopRequest.request(StopRequest.Kind.INTERRUPT) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        });
        asker.setDaemon(true);
        asker.start();
        TrainCommandTest.Run r = run(args(SMALL, "--out", dir.toString()));
        asker.join();
        assertEquals(130, r.status(), r.out() + r.err());
        assertFalse(Files.exists(dir.resolve("checkpoint.bin")), "stopped before the first epoch's checkpoint");
        assertFalse(r.err().contains("checkpoint.bin"), "claims no checkpoint it does not have: " + r.err());
        assertTrue(r.err().contains(dir + " keeps its config.json but no checkpoint yet, so a resume starts from step 0; "
                + "resume with: ./mbpo train --resume " + dir), r.err());

        TrainCommandTest.Run resumed = run("train", "--resume", dir.toString());
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(dir.resolve("progress.csv")),
                "the resumed run is the uninterrupted one");
    }

    @Test
    void aCheckpointRequestFinishesTheEpochThenStopsResumably() throws Exception {
        Path dir = tmp.resolve("usr1");
        Path progress = dir.resolve("progress.csv");
        // Asked as soon as the first epoch's row is on disk, so that two epochs are left to notice it whatever the
        // machine's speed (a fixed delay let a fast machine finish the run first); the epochs on disk when asked are kept.
        int[] rowsWhenAsked = {-1};
        Thread asker = requestWhen(() -> {
            int rows = lines(progress) - 1;
            if (rows >= 1) {
                rowsWhenAsked[0] = rows;
                return true;
            }
            return false;
        }, StopRequest.Kind.CHECKPOINT);
        TrainCommandTest.Run r = run(args(SMALL, "--out", dir.toString()));
        asker.join();
        assertEquals(StopRequest.RESUMABLE_STATUS, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("mbpo: stopped by SIGUSR1 after "), r.err());
        int rows = lines(progress) - 1;
        assertTrue(rows >= rowsWhenAsked[0] && rows <= rowsWhenAsked[0] + 1 && rows < 4,
                "stopped at the first checkpoint after the request: " + rowsWhenAsked[0] + " epochs when asked, " + rows + " kept");
        assertEquals(rows, lines(dir.resolve("timing.csv")) - 1, "the epoch under way was finished, timing row included");
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));
        assertEquals(0, run("train", "--resume", dir.toString()).status());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(progress));
    }

    @Test
    void anInterruptedSacRunKeepsItsCheckpointAndResumesToTheUninterruptedRun() throws Exception {
        String[] sac = {"train", "--algo", "sac", "--steps", "6000", "--eval-every", "1000", "--set", "learning_starts=50",
                "--set", "hidden_width=16", "--set", "batch_size=32", "--set", "eval_episodes=1"};
        Path uninterrupted = tmp.resolve("sac-whole");
        assertEquals(0, run(ResumeCommandTest.args(List.of(sac).subList(1, sac.length), "--out", uninterrupted.toString()))
                .status());
        Path dir = tmp.resolve("sac");
        Path progress = dir.resolve("progress.csv");
        Thread asker = requestWhen(() -> lines(progress) >= 2, StopRequest.Kind.TERMINATE);
        TrainCommandTest.Run r = run(ResumeCommandTest.args(List.of(sac).subList(1, sac.length), "--out", dir.toString()));
        asker.join();
        assertEquals(143, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("mbpo: stopped by SIGTERM after ") && r.err().contains("resume with: ./mbpo train --resume "
                + dir), r.err());
        assertTrue(lines(progress) >= 2, "the finished evaluations are kept");
        assertFalse(Files.exists(dir.resolve("result.json")));
        assertEquals(0, run("train", "--resume", dir.toString()).status());
        assertEquals(Files.readString(uninterrupted.resolve("progress.csv")), Files.readString(progress),
                "resumed after SIGTERM: the uninterrupted run's progress.csv");
    }

    /** The java command of a child JVM running Main, with SIGINT at its default (a background job may inherit it ignored). */
    static List<String> child(String... args) {
        List<String> cmd = new ArrayList<>();
        if (Processes.onPath("env").isPresent()) {
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(SweepCommand.launcher());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void waitFor(BooleanSupplier condition, Process p, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!condition.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertTrue(p.isAlive(), "the child was still running: " + Files.readString(log));
    }

    static void signal(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start().waitFor());
    }

    @Test
    void sigtermToATrainingProcessStopsItWithOneLine() throws Exception {
        Path dir = tmp.resolve("term");
        Path log = tmp.resolve("term.log");
        Process p = new ProcessBuilder(child(args(SMALL, "--out", dir.toString()))).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        waitFor(() -> lines(dir.resolve("progress.csv")) >= 2, p, log);
        signal(p, "TERM");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("mbpo: stopped by SIGTERM after "), Files.readString(log));
        assertEquals(0, run("train", "--resume", dir.toString()).status());
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(dir.resolve("progress.csv")));
    }

    /**
     * The check: a sweep of two MBPO cells interrupted with SIGINT while the second runs; run again, the
     * first is skipped and the second resumed from its checkpoint, ending with the uninterrupted run's progress.csv.
     */
    @Test
    void aSweepInterruptedWithSigintResumesItsCellOnTheNextRun() throws Exception {
        List<String> base = new ArrayList<>(List.of("train"));
        base.addAll(SMALL);
        int seed = base.indexOf("--seed");
        base.remove(seed);
        base.remove(seed);  // the sweep gives the seed
        Path spec = tmp.resolve("two.json");
        Files.writeString(spec, "{\"name\": \"two\", \"base\": " + json(base) + ", \"settings\": {\"short\": [\"--set\", \"epochs=1\"], "
                + "\"small\": []}, \"seeds\": [5]}");
        Path out = tmp.resolve("sweep");
        Path log = tmp.resolve("sweep.log");
        Process p = new ProcessBuilder(child("sweep", spec.toString(), "--out", out.toString(), "--jobs", "1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path second = out.resolve("small/seed5/progress.csv");
        waitFor(() -> lines(second) >= 2, p, log);
        signal(p, "INT");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String said = Files.readString(log);
        assertEquals(130, p.exitValue(), said);
        assertTrue(said.contains("mbpo: sweep stopped by SIGINT: 2 cells: 1 finished, 1 interrupted") && said.contains(
                "resume with: ./mbpo sweep " + spec + " --out " + out), said);
        assertTrue(Files.readString(out.resolve("logs/small-seed5.log")).contains("mbpo: stopped by SIGINT"), "the cell stopped itself");

        TrainCommandTest.Run again = run("sweep", spec.toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(0, again.status(), again.out() + again.err());
        assertTrue(again.out().contains("short seed 5: finished before, skipped"), again.out());
        assertTrue(again.out().contains("small seed 5: resuming"), again.out());
        assertTrue(Files.readString(out.resolve("logs/small-seed5.log")).contains("resuming MBPO on Pendulum-v1, seed 5"));
        assertEquals(Files.readString(whole.resolve("progress.csv")), Files.readString(second),
                "the resumed cell's progress.csv is the uninterrupted run's");
    }

    static String json(List<String> strings) {
        return "[" + String.join(", ", strings.stream().map(s -> "\"" + s + "\"").toList()) + "]";
    }
}
