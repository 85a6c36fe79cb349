package org.mbpo.env;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays Gymnasium 1.4's own trajectories ({@code ../shared/reference/gymnasium/*.tsv}, see its README)
 * from their recorded RESET states with their recorded actions: observations must be equal bit for
 * bit, rewards within 1e-12 relative (NumPy's {@code x**2} may differ from {@code x*x} by an ulp),
 * and terminated/truncated equal, at every step.
 */
class ClassicControlReplayTest {
    static final Path REFERENCE = Path.of("../shared/reference/gymnasium");
    static final Set<String> CHECKED = Set.of(Pendulum.ID, MountainCarContinuous.ID);

    @TestFactory
    Stream<DynamicTest> replaysMatchGymnasium() throws Exception {
        assumeTrue(Files.isDirectory(REFERENCE), "skipped: " + REFERENCE.toAbsolutePath() + " is absent (reference data lives outside the repository)");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(REFERENCE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (ReferenceTrajectories.RecordedEpisode ep : read(f).episodes()) {
                    if (CHECKED.contains(ep.envId())) {
                        tests.add(DynamicTest.dynamicTest(f.getFileName() + " " + ep.envId(), () -> check(f, ep)));
                    }
                }
            }
        }
        assertFalse(tests.isEmpty(), "no episodes of " + CHECKED + " in " + REFERENCE);
        return tests.stream();
    }

    private static ReferenceTrajectories.File read(Path f) throws IOException {
        try {
            return ReferenceTrajectories.read(f);
        } catch (ReferenceTrajectories.FormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static void check(Path f, ReferenceTrajectories.RecordedEpisode ref) {
        ReferenceTrajectories.RecordedEpisode got = ReferenceTrajectories.replay(ref);
        assertBits(ref.resetObservation(), got.resetObservation(), f + " RESET obs");
        assertEquals(ref.steps().size(), got.steps().size());
        for (int t = 0; t < ref.steps().size(); t++) {
            ReferenceTrajectories.StepRecord r = ref.steps().get(t);
            ReferenceTrajectories.StepRecord g = got.steps().get(t);
            String where = f.getFileName() + " " + ref.envId() + " step " + t;
            assertBits(r.observation(), g.observation(), where + " obs");
            double tol = 1e-12 * Math.abs(r.reward());
            assertTrue(Math.abs(r.reward() - g.reward()) <= tol,
                    where + " reward " + g.reward() + " vs Gymnasium's " + r.reward() + " (tolerance 1e-12 relative)");
            assertEquals(r.terminated(), g.terminated(), where + " terminated");
            assertEquals(r.truncated(), g.truncated(), where + " truncated");
        }
    }

    static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: " + PythonFloats.repr(actual[i])
                        + " differs from Gymnasium's " + PythonFloats.repr(expected[i]) + " (must be bit for bit)");
            }
        }
    }
}
