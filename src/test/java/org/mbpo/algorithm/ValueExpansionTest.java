package org.mbpo.algorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.agent.Sac;
import org.mbpo.expansion.CriticTarget;
import org.mbpo.expansion.ValueExpansionConfig;
import org.mbpo.random.Rng;
import org.mbpo.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MVE and STEVE in MBPO's loop ({@link MbpoSettings#expansion}) on {@link PointMass}: at H = 0 they train exactly as
 * SAC does in the loop (real ratio 1), they learn, their diagnostics are written, and a resumed run is the
 * uninterrupted one.
 */
class ValueExpansionTest {
    @TempDir
    Path tmp;

    static MbpoSettings expansion(int epochs, CriticTarget target, int horizon) {
        return MbpoTest.tiny(epochs).withExpansion(new ValueExpansionConfig(target, horizon));
    }

    /** The first {@code EpochRow.HEADER} columns of a row: everything but value expansion's own. */
    private static String sharedColumns(EpochRow row) {
        String[] f = row.csv().split(",", -1);
        return String.join(",", Arrays.copyOf(f, EpochRow.HEADER.split(",").length));
    }

    private static void assertSameAgent(Sac expected, Sac actual, String what) {
        Sac.State a = expected.state();
        Sac.State b = actual.state();
        for (float[][] p : new float[][][] {{a.actor(), b.actor()}, {a.q1(), b.q1()}, {a.q2(), b.q2()},
                {a.q1Target(), b.q1Target()}, {a.q2Target(), b.q2Target()}}) {
            assertArrayEquals(p[0], p[1], what + ": the networks, bit for bit");
        }
        assertEquals(a.logAlpha(), b.logAlpha(), what + ": log α");
    }

    @Test
    void atHorizonZeroMveAndSteveTrainBitForBitAsSacInTheLoop() {
        MbpoSettings sac = MbpoTest.tiny(3).withSetting("real_ratio", "1");
        try (MbpoRun reference = Mbpo.train(MbpoTest.start(sac, 5), null, null)) {
            for (CriticTarget target : new CriticTarget[] {CriticTarget.MVE, CriticTarget.STEVE}) {
                try (MbpoRun run = Mbpo.train(MbpoTest.start(expansion(3, target, 0), 5), null, null)) {
                    assertEquals(reference.rows().size(), run.rows().size());
                    for (int e = 0; e < run.rows().size(); e++) {
                        EpochRow row = run.rows().get(e);
                        assertEquals(sharedColumns(reference.rows().get(e)), sharedColumns(row), target + ", epoch " + (e + 1));
                        assertEquals(0.0, row.expansion().get(0), target + ": target_gap at H = 0");
                    }
                    assertSameAgent(reference.agent(), run.agent(), target.toString());
                    assertNull(run.modelBuffer(), "no D_model");
                    if (target == CriticTarget.STEVE) {
                        assertEquals(List.of(0.0, 1.0), run.rows().get(2).expansion(), "STEVE at H = 0: all weight on h = 0");
                    }
                }
            }
        }
    }

    @Test
    void mveAndSteveWriteTheirDiagnosticsAndTrainTheModelButMakeNoRollouts() {
        try (MbpoRun mve = Mbpo.train(MbpoTest.start(expansion(2, CriticTarget.MVE, 3), 2), null, null);
             MbpoRun steve = Mbpo.train(MbpoTest.start(expansion(2, CriticTarget.STEVE, 3), 2), null, null)) {
            assertEquals(EpochRow.HEADER + ",target_gap,imagined_rows", mve.progressHeader());
            assertEquals(EpochRow.HEADER + ",target_gap,horizon_weight_0,horizon_weight_1,horizon_weight_2,horizon_weight_3",
                    steve.progressHeader());
            assertEquals("mve", mve.algorithm());
            assertEquals("steve", steve.algorithm());
            for (MbpoRun run : List.of(mve, steve)) {
                assertNull(run.modelBuffer(), run.algorithm() + ": no D_model");
                for (EpochRow row : run.rows()) {
                    assertFalse(Double.isNaN(row.modelHoldoutMse()), run.algorithm() + ": the model is trained");
                    assertEquals(0, row.modelBufferSize());
                    assertTrue(row.expansion().get(0) > 0, run.algorithm() + ": the model moves the targets from SAC's");
                }
            }
            for (EpochRow row : mve.rows()) {
                assertEquals(3.0, row.expansion().get(1), "PointMass never terminates: H imagined rows per real row");
            }
            for (EpochRow row : steve.rows()) {
                double sum = row.expansion().subList(1, 5).stream().mapToDouble(Double::doubleValue).sum();
                assertEquals(1, sum, 1e-9, "STEVE's mean weights sum to 1: " + row.expansion());
            }
        }
    }

    @Test
    void mveAndSteveLearnTheTinyTask() {
        double random = PointMass.meanReturn(x -> new Rng(Double.doubleToLongBits(x)).nextDouble(-1, 1), 20_000, 1);
        double optimal = PointMass.meanReturn(x -> Math.max(-1, Math.min(1, -2 * x)), 20_000, 1);
        for (CriticTarget target : new CriticTarget[] {CriticTarget.MVE, CriticTarget.STEVE}) {
            try (MbpoRun run = Mbpo.train(MbpoTest.start(expansion(6, target, 3), 3), null, null)) {
                double last = run.rows().get(5).evalReturn();
                assertTrue(last > random + 0.9 * (optimal - random), target + ": final evaluation return " + last
                        + " should close 90% of the gap from random (" + random + ") to optimal (" + optimal + ")");
            }
        }
    }

    @Test
    void aResumedRunWritesTheSameProgressAsTheUninterruptedRun() throws IOException {
        for (CriticTarget target : new CriticTarget[] {CriticTarget.MVE, CriticTarget.STEVE}) {
            MbpoSettings s = expansion(3, target, 2);
            Path whole = tmp.resolve(target + "-whole");
            try (MbpoRun run = MbpoTest.start(s, 6); RunDirectory dir = RunDirectory.create(whole, run, 1, Map.of())) {
                Mbpo.train(run, dir, null);
            }
            Path parts = tmp.resolve(target + "-parts");
            try (MbpoRun run = MbpoTest.start(s, 6); RunDirectory dir = RunDirectory.create(parts, run, 1, Map.of())) {
                Mbpo.train(run, dir, null, 2);
            }
            // Resumed by a new run object, read from the directory's config.json, on two threads.
            MbpoRun.Config config = MbpoRun.Config.read(parts);
            assertEquals(s, config.settings(), "config.json holds the expansion's settings");
            try (MbpoRun run = MbpoRun.start(config.settings(), 6, PointMass::new, PointMass.functions(), 2);
                 RunDirectory dir = RunDirectory.resume(parts, run)) {
                assertEquals(2, run.epochsDone());
                Mbpo.train(run, dir, null);
            }
            assertEquals(Files.readString(whole.resolve(RunDirectory.PROGRESS)),
                    Files.readString(parts.resolve(RunDirectory.PROGRESS)), target + ": progress.csv, bit for bit");
            assertTrue(Files.readAllLines(parts.resolve(RunDirectory.PROGRESS)).get(0).contains("target_gap"));
            // A checkpoint of the other expansion (or of MBPO) is another run's.
            MbpoSettings other = expansion(3, target == CriticTarget.MVE ? CriticTarget.STEVE : CriticTarget.MVE, 2);
            try (MbpoRun run = MbpoTest.start(other, 6)) {
                Exception e = assertThrows(RuntimeException.class, () -> run.restoreCheckpoint(parts.resolve(RunDirectory.CHECKPOINT)));
                assertTrue(e.getMessage().contains("another run"), e.getMessage());
            }
        }
    }

    @Test
    void settingsOfValueExpansion() {
        MbpoSettings mbpo = MbpoTest.tiny(1);
        assertFalse(mbpo.describe().containsKey("expansion"), "MBPO's config files are as before value expansion");
        assertEquals("mbpo", mbpo.algorithm());
        MbpoSettings mve = mbpo.withExpansion(ValueExpansionConfig.of(CriticTarget.MVE));
        assertEquals(1.0, mve.mbpo().realRatio(), "value expansion trains on real batches");
        assertEquals(3, mve.expansion().horizon(), "the default horizon");
        assertEquals(Map.of("critic_target", "mve", "horizon", 3), mve.describe().get("expansion"));
        assertEquals(5, mve.withSetting("horizon", "5").expansion().horizon());
        assertEquals(CriticTarget.STEVE, mve.withSetting("expansion.critic_target", "steve").expansion().criticTarget());
        assertEquals(3, mbpo.withSettings(Map.of("critic_target", "steve", "real_ratio", "1")).expansion().horizon(),
                "a new target without a horizon takes the default");
        assertEquals(ValueExpansionConfig.off(), mve.withSetting("critic_target", "sac").expansion(), "back to SAC's target");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mve.withSetting("real_ratio", "0.05")).getMessage()
                .contains("real_ratio must be 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mbpo.withSetting("horizon", "3")).getMessage()
                .contains("horizon = 3 is value expansion's"));
        assertThrows(IllegalArgumentException.class, () -> mve.withSetting("horizon", "-1"));
        assertFalse(MbpoTest.tiny(1).withSetting("real_ratio", "1").usesModel(), "SAC in the loop trains no model");
        assertFalse(mbpo.withExpansion(new ValueExpansionConfig(CriticTarget.MVE, 0)).usesModel(), "nor does H = 0");
        assertTrue(mve.usesModel());
    }
}
