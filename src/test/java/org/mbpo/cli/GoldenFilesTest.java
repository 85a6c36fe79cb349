package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.GoldenCpu;
import org.mbpo.nn.Profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Today's code against files written before the refactor of issue 13 (at commit 5c6cb54, by
 * {@code src/test/resources/golden/RecordGolden.java}; see the folder's README): the same commands
 * must write the same {@code progress.csv}, bit for bit, and a checkpoint written then must resume
 * to the uninterrupted run's progress.
 */
class GoldenFilesTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The command lines RecordGolden ran (without {@code --out}). */
    static final String[] MBPO = {"train", "--env", "Pendulum-v1", "--steps", "1000", "--seed", "7", "--threads", "1",
            "--set", "sac.hidden_width=32", "--set", "sac.batch_size=64", "--set", "model_hidden=24",
            "--set", "model.max_epochs=5", "--set", "rollout_batch_size=400", "--set", "rollout_schedule=0,2,1,3",
            "--set", "agent_updates_per_step=5", "--set", "eval_episodes=3"};
    static final String[] SAC = {"train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "1200", "--seed", "3",
            "--eval-every", "400", "--threads", "1", "--set", "learning_starts=400", "--set", "hidden_width=32",
            "--set", "batch_size=64", "--set", "eval_episodes=3"};

    /** The experiments' command lines (without {@code --out}), as recorded with the jar of commit 5c6cb54. */
    static final String[] SMALL = {"--set", "sac.hidden_width=16", "--set", "sac.batch_size=32", "--set", "model.elites=2",
            "--set", "model.ensemble_size=3", "--set", "model.hidden_units=16", "--set", "model.max_epochs=3"};
    static final String[] SHIFT = concat(new String[] {"experiment", "shift", "--env", "Pendulum-v1", "--seed", "3", "--sizes",
            "150,300", "--set", "pretrain_steps=300", "--set", "learning_starts=200", "--set", "shift_steps=60",
            "--set", "checkpoints=3", "--set", "first_checkpoint=10", "--set", "shift_states=50", "--set", "eval_transitions=100",
            "--set", "mc_samples=20", "--set", "return_episodes=1"}, SMALL);
    static final String[] EXPLOITATION = concat(new String[] {"experiment", "exploitation", "--env", "Pendulum-v1", "--seed",
            "4", "--set", "steps=450", "--set", "learning_starts=200", "--set", "every=150", "--set", "return_episodes=1",
            "--set", "replays=20", "--set", "rollout_steps=30", "--set", "coordinate=2"}, SMALL);

    @TempDir
    Path tmp;

    static String[] concat(String[] a, String[] b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Runs a command line with {@code --out out}; it must succeed. */
    static void train(String[] args, Path out) {
        String[] withOut = Arrays.copyOf(args, args.length + 2);
        withOut[args.length] = "--out";
        withOut[args.length + 1] = out.toString();
        TrainCommandTest.Run r = TrainCommandTest.run(withOut);
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void mbpoWritesTheRecordedProgress() throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        Path out = tmp.resolve("mbpo");
        train(MBPO, out);
        assertSameFile("mbpo-small/progress.csv", out.resolve("progress.csv"), "MBPO's progress.csv, bit for bit");
    }

    @Test
    void mbpoOnTwoThreadsWithTheProfileOnWritesTheRecordedProgressAndPrintsTheParts() throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        Path out = tmp.resolve("mbpo-two-threads-profiled");
        String[] args = Arrays.copyOf(MBPO, MBPO.length + 3);
        args[Arrays.asList(MBPO).indexOf("--threads") + 1] = "2";
        args[MBPO.length] = "--profile";
        args[MBPO.length + 1] = "--out";
        args[MBPO.length + 2] = out.toString();
        TrainCommandTest.Run r = TrainCommandTest.run(args);
        assertEquals(0, r.status(), r.err());
        assertSameFile("mbpo-small/progress.csv", out.resolve("progress.csv"),
                "MBPO's progress.csv on two threads with --profile, bit for bit");
        assertTrue(r.out().contains("profile of 1,000 real steps"), r.out());
        for (Profile.Part p : List.of(Profile.Part.MODEL_FORWARD, Profile.Part.MODEL_BACKWARD, Profile.Part.MODEL_ADAM,
                Profile.Part.ROLLOUT_MODEL, Profile.Part.SAC_CRITIC, Profile.Part.SAC_ADAM)) {
            assertTrue(r.out().contains(p.label()), "the profile has '" + p.label() + "': " + r.out());
        }
        assertFalse(Profile.enabled(), "the profile is off after the run");
    }

    @Test
    void sacWritesTheRecordedProgressWithoutItsWallClockColumn() throws IOException {
        GoldenCpu.assumeTheRecordingKernels();
        Path out = tmp.resolve("sac");
        train(SAC, out);
        // The recorded file still has SAC's former wall_s column (wall times, now in timing.csv): the rest, bit for bit.
        assertEquals(String.join("\n", withoutColumn(Files.readAllLines(GOLDEN.resolve("sac-small/progress.csv")), "wall_s")) + "\n",
                Files.readString(out.resolve("progress.csv")), "SAC's progress.csv");
    }

    @Test
    void aCheckpointWrittenBeforeTheRefactorResumesToTheUninterruptedRun() throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        Path dir = tmp.resolve("resumed");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(GOLDEN.resolve("mbpo-small-epoch2"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--resume", dir.toString(), "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertSameFile("mbpo-small/progress.csv", dir.resolve("progress.csv"),
                "the resumed run's progress.csv is the uninterrupted run's, bit for bit");
    }

    @Test
    void theExperimentsWriteTheRecordedMeasurements() throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        Path shift = tmp.resolve("shift");
        train(SHIFT, shift);
        for (String f : List.of("points.csv", "fits.csv", "rollout-length.csv")) {
            assertSameFile("shift-small/" + f, shift.resolve(f), "experiment shift: " + f);
        }
        Path exploitation = tmp.resolve("exploitation");
        train(EXPLOITATION, exploitation);
        for (String f : List.of("exploitation.csv", "rollout-variance.csv")) {
            assertSameFile("exploitation-small/" + f, exploitation.resolve(f), "experiment exploitation: " + f);
        }
    }

    static void assertSameFile(String golden, Path actual, String what) throws IOException {
        assertEquals(Files.readString(GOLDEN.resolve(golden)), Files.readString(actual), what);
    }

    /** {@code lines} of a CSV file with the column {@code name} removed (if it has one). */
    static List<String> withoutColumn(List<String> lines, String name) {
        int c = List.of(lines.get(0).split(",", -1)).indexOf(name);
        if (c < 0) {
            return lines;
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
            f.remove(c);
            out.add(String.join(",", f));
        }
        return out;
    }
}
