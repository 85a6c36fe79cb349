package org.mbpo.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grouping by algorithm and environment, mean and std over seeds at the steps all seeds reached; checked by hand. */
class LearningCurvesTest {
    @TempDir
    Path tmp;

    /** A run directory with a SAC-style or MBPO-style progress.csv (only step and eval_return matter). */
    private Path run(String name, String algo, String env, long seed, String header, String... rows) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"algo\":\"" + algo + "\",\"env\":\"" + env + "\",\"seed\":" + seed + "}");
        Files.writeString(dir.resolve("progress.csv"), header + "\n" + String.join("\n", rows) + "\n");
        return dir;
    }

    private static final String SAC = "step,wall_s,episodes,train_return,eval_return,eval_return_std";
    private static final String MBPO = "epoch,step,episodes,train_return,eval_return,eval_return_std";

    @Test
    void meanAndStdOverSeedsAtTheStepsEverySeedReached() throws IOException {
        List<Path> runs = List.of(
                run("s1", "sac", "Pendulum-v1", 1, SAC, "1000,1.0,5,,-1000,1", "2000,2.0,10,,-500,1"),
                run("s2", "sac", "Pendulum-v1", 2, SAC, "1000,1.0,5,,-800,1", "2000,2.0,10,,-300,1", "3000,3.0,15,,-100,1"),
                run("m1", "mbpo", "Pendulum-v1", 1, MBPO, "1,600,3,,-900,1", "2,800,4,,-200,1"),
                run("m2", "mbpo", "Pendulum-v1", 2, MBPO, "1,600,3,,-700,1", "2,800,4,,-100,1"),
                run("m3", "mbpo", "Pendulum-v1", 3, MBPO, "1,600,3,,-800,1", "2,800,4,,", "3,1000,5,,0,1"),
                run("h", "mbpo", "Hopper-v4", 1, MBPO, "1,6000,3,,300,1"));
        Table all = LearningCurves.load(runs);
        assertEquals(2 + 3 + 2 + 2 + 2 + 1, all.rowCount(), "one row per progress row with an evaluation (m3's epoch 2 has none)");
        Table s = LearningCurves.summarize(all);
        // MBPO on Pendulum: step 600 has all three seeds: mean −800, sample std 100; steps 800 and 1000 lack a seed.
        // MBPO on Hopper: one seed, std NaN. SAC: steps 1000 and 2000 (seed 1 stops at 2000): means −900 and −400,
        // sample std √((100² + 100²)/1) = 141.42.
        assertEquals(List.of("MBPO", "MBPO", "SAC", "SAC"), s.stringColumn("algo").asList());
        assertEquals(List.of("Hopper-v4", "Pendulum-v1", "Pendulum-v1", "Pendulum-v1"), s.stringColumn("env").asList());
        assertArrayEquals(new double[] {6000, 600, 1000, 2000}, s.longColumn("step").asDoubleArray());
        assertArrayEquals(new double[] {300, -800, -900, -400}, s.doubleColumn("mean").asDoubleArray(), 1e-9);
        assertTrue(s.doubleColumn("std").isMissing(0), "one seed: no std");
        assertEquals(100, s.doubleColumn("std").get(1), 1e-9);
        assertEquals(Math.sqrt(20_000), s.doubleColumn("std").get(2), 1e-9);
        assertEquals(List.of(1, 3, 2, 2), s.intColumn("seeds").asList());

        Table finals = LearningCurves.finals(s);
        assertEquals(3, finals.rowCount());
        assertEquals(-400, finals.where(finals.stringColumn("algo").isEqualTo("SAC")).doubleColumn("mean there").get(0), 1e-9);

        List<XYChart> charts = LearningCurves.charts(s);
        assertEquals(2, charts.size(), "one chart per environment");
        XYChart pendulum = charts.get(1);
        assertEquals("Pendulum-v1", pendulum.getTitle());
        assertTrue(pendulum.getSeriesMap().containsKey("SAC (2 seeds, mean ± std)"), pendulum.getSeriesMap().keySet().toString());
        assertArrayEquals(new double[] {-900, -400}, pendulum.getSeriesMap().get("SAC (2 seeds, mean ± std)").getYData(), 1e-9);
        // The band goes out along mean + std and back along mean − std.
        double[] band = pendulum.getSeriesMap().get("SAC ± std").getYData();
        assertArrayEquals(new double[] {-900 + Math.sqrt(20_000), -400 + Math.sqrt(20_000), -400 - Math.sqrt(20_000),
                -900 - Math.sqrt(20_000)}, band, 1e-9);
    }

    @Test
    void badDirectoriesAreNamed() throws IOException {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LearningCurves.load(List.of(tmp)));
        assertTrue(none.getMessage().contains("is not a run directory"), none.getMessage());
        Path a = run("a", "sac", "Pendulum-v1", 1, SAC, "1000,1.0,5,,-1000,1");
        Path b = run("b", "sac", "Pendulum-v1", 1, SAC, "1000,1.0,5,,-900,1");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> LearningCurves.load(List.of(a, b)));
        assertTrue(twice.getMessage().contains("a second run of SAC on Pendulum-v1 with seed 1"), twice.getMessage());
        Path c = run("c", "sac", "Pendulum-v1", 3, "step,return", "1000,5");
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> LearningCurves.load(List.of(c)));
        assertTrue(columns.getMessage().contains("no step or eval_return column"), columns.getMessage());
    }
}
