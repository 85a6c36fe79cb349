package org.mbpo.env.mujoco;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mbpo.env.ReferenceTrajectories;
import org.mbpo.env.ReferenceTrajectories.RecordedEpisode;
import org.mbpo.env.ReferenceTrajectories.StepRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays the Hopper-v4 and HalfCheetah-v4 reference trajectories ({@code ../shared/reference/mujoco_traj/}, made
 * with MuJoCo 2.2.2 on Gymnasium's model files) from their RESET states with their actions. Their README says a
 * model file with the same parameters reproduces them to within 1e-9 relative; that is the tolerance here
 * ({@code |a − b| ≤ 1e-9 · max(1, |a|)} for observations, states and rewards), and the flags must be equal.
 * With another MuJoCo version loaded (through {@code MBPO_MUJOCO_LIB}) the test is skipped: MuJoCo 3.14's Hopper,
 * for one, leaves these trajectories by 0.05 within 5 steps (contacts), its HalfCheetah by 2e-7 in 200.
 */
class MujocoReplayTest {
    static final Path REFERENCE = Path.of("../shared/reference/mujoco_traj");

    @BeforeAll
    static void library() {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
    }

    @TestFactory
    Stream<DynamicTest> replaysMatchTheReference() throws Exception {
        assumeTrue(Files.isDirectory(REFERENCE), "skipped: " + REFERENCE.toAbsolutePath() + " is absent");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(REFERENCE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                ReferenceTrajectories.File file = ReferenceTrajectories.read(f);
                assumeTrue(madeWithLoadedVersion(file), () -> "skipped: " + f.getFileName() + " was made with " + file.header()
                        + ", and the loaded library is MuJoCo " + Mujoco.version() + "; physics differ between MuJoCo versions");
                for (RecordedEpisode ep : file.episodes()) {
                    tests.add(DynamicTest.dynamicTest(f.getFileName() + " " + ep.envId(), () -> check(f, ep)));
                }
            }
        }
        assertFalse(tests.isEmpty(), "no episodes in " + REFERENCE);
        return tests.stream();
    }

    /** The header's first field names the MuJoCo build, e.g. {@code mujoco-c-2.2.2}. */
    static boolean madeWithLoadedVersion(ReferenceTrajectories.File file) {
        return !file.header().isEmpty() && file.header().get(0).equals("mujoco-c-" + Mujoco.version());
    }

    private static void check(Path f, RecordedEpisode ref) {
        RecordedEpisode got = ReferenceTrajectories.replay(ref);
        close(ref.resetObservation(), got.resetObservation(), f.getFileName() + " RESET obs");
        assertEquals(ref.steps().size(), got.steps().size());
        for (int t = 0; t < ref.steps().size(); t++) {
            StepRecord r = ref.steps().get(t);
            StepRecord g = got.steps().get(t);
            String where = f.getFileName() + " step " + t;
            close(r.observation(), g.observation(), where + " obs");
            close(r.state(), g.state(), where + " state");
            close(new double[] {r.reward()}, new double[] {g.reward()}, where + " reward");
            assertEquals(r.terminated(), g.terminated(), where + " terminated");
            assertEquals(r.truncated(), g.truncated(), where + " truncated");
        }
    }

    private static void close(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= 1e-9 * Math.max(1, Math.abs(want[i])))) {
                throw new AssertionError(what + "[" + i + "]: " + got[i] + " vs reference " + want[i] + " (tolerance 1e-9 relative)");
            }
        }
    }
}
