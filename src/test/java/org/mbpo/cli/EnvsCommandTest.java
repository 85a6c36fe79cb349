package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ./mbpo envs} and {@code ./mbpo envs replay} end to end. */
class EnvsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsTheEnvironmentsWithSizesAndLimits() {
        BoundsCommandTest.Run r = BoundsCommandTest.run("envs");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Pendulum-v1\\s+3\\s+1\\s+200")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("MountainCarContinuous-v0\\s+2\\s+1\\s+999")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("ContinuousCartPole\\s+4\\s+1\\s+200")), r.out());
    }

    /** The replay of a Gymnasium file is the file itself, line for line, but for the header. */
    @Test
    void replayReproducesTheReferenceFileTextually() throws Exception {
        Path ref = Path.of("../shared/reference/gymnasium/ref_seed0.tsv");
        assumeTrue(Files.exists(ref), "skipped: " + ref.toAbsolutePath() + " is absent");
        BoundsCommandTest.Run r = BoundsCommandTest.run("envs", "replay", ref.toString());
        assertEquals(0, r.status(), r.err());
        List<String> want = Files.readAllLines(ref);
        List<String> got = r.out().lines().toList();
        assertEquals(want.size(), got.size(), "line count");
        assertEquals(want.get(0).replaceFirst("^HEADER\t", "HEADER\tmbpo-replay\t"), got.get(0));
        for (int i = 1; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), "line " + (i + 1));
        }
    }

    /**
     * The replay of a MuJoCo reference file, written with %.17g, has the file's lines; numbers agree to 1e-9 relative
     * (the reference README's tolerance across MuJoCo builds; with Debian's 2.2.2 the text is identical).
     */
    @Test
    void mujocoReplayReproducesTheReferenceFileTextually() throws Exception {
        Path ref = Path.of("../shared/reference/mujoco_traj/half_cheetah_seed1.tsv");
        assumeTrue(Files.exists(ref), "skipped: " + ref.toAbsolutePath() + " is absent");
        assumeTrue(org.mbpo.env.mujoco.Mujoco.isAvailable(), () -> "skipped: " + org.mbpo.env.mujoco.Mujoco.unavailableReason());
        assumeTrue(Files.readAllLines(ref).get(0).startsWith("HEADER\tmujoco-c-" + org.mbpo.env.mujoco.Mujoco.version() + "\t"),
                "skipped: the reference was made with another MuJoCo version than the one loaded");
        BoundsCommandTest.Run r = BoundsCommandTest.run("envs", "replay", "--format", "G17", ref.toString());
        assertEquals(0, r.status(), r.err());
        List<String> want = Files.readAllLines(ref);
        List<String> got = r.out().lines().toList();
        assertEquals(want.size(), got.size(), "line count");
        for (int i = 1; i < want.size(); i++) {
            String[] w = want.get(i).split("\t");
            String[] g = got.get(i).split("\t");
            assertEquals(w.length, g.length, "fields on line " + (i + 1));
            for (int k = 0; k < w.length; k++) {
                if (!w[k].equals(g[k])) {
                    double a = Double.parseDouble(w[k]);
                    double b = Double.parseDouble(g[k]);
                    assertTrue(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)), "line " + (i + 1) + " field " + k + ": " + g[k] + " vs " + w[k]);
                }
            }
        }
    }

    @Test
    void badFilesGiveOneLineAndStatus2() throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "RESET\tPendulum-v1\t0\t1.0\t0.0\t0.0\t|\t0.0\t0.0\nSTEP\tPendulum-v1\t0\tx\t|\t1\t|\t0\t0\t0\t|\t0\n");
        BoundsCommandTest.Run r = BoundsCommandTest.run("envs", "replay", bad.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("bad.tsv:2: action[0]: 'x' is not a number"), r.err());

        Files.writeString(bad, "RESET\tCartPole-v9\t0\t1.0\t|\t0.0\n");
        r = BoundsCommandTest.run("envs", "replay", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown environment 'CartPole-v9'; known: Pendulum-v1"), r.err());

        r = BoundsCommandTest.run("envs", "replay", dir.resolve("missing.tsv").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void benchEnvsComparesWithRawMjStep() {
        assumeTrue(org.mbpo.env.mujoco.Mujoco.isAvailable(), () -> "skipped: " + org.mbpo.env.mujoco.Mujoco.unavailableReason());
        BoundsCommandTest.Run r = BoundsCommandTest.run("bench", "envs", "--env", "Hopper-v4", "--steps", "200", "--rounds", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Hopper-v4") && l.trim().endsWith("%")), r.out());
        assertTrue(r.out().contains("replayed the environment's episodes bit for bit"), r.out());
        BoundsCommandTest.Run bad = BoundsCommandTest.run("bench", "envs", "--env", "Pendulum-v1");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("not a MuJoCo environment"), bad.err());
    }
}
