package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.report.LearningCurves;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.TrainCommandTest.run;

/** {@code ./mbpo plot} on run directories written by hand. */
class PlotCommandTest {
    @TempDir
    Path dir;

    private Path runDir(String name, long seed, String progress) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"algo\": \"sac\", \"env\": \"Pendulum-v1\", \"seed\": " + seed + "}");
        Files.writeString(run.resolve("progress.csv"), progress);
        return run;
    }

    /** Issue 16, item 4: a progress.csv cut mid-row (a run killed while appending) was plotted, its partial row read as numbers. */
    @Test
    void aRowCutShortIsLeftOutWithAWarning() throws IOException {
        Path cut = runDir("cut", 1, "step,eval_return,alpha\n100,-500,0.2\n200,-300,0.2\n300,-2");
        Path out = dir.resolve("curves.png");
        TrainCommandTest.Run r = run("plot", cut.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("mbpo: warning: " + cut.resolve("progress.csv") + ": line 4 is cut short"), r.err());
        var runs = LearningCurves.load(List.of(cut));
        assertEquals(List.of(100L, 200L), runs.longColumn("step").asList(), "the cut row is not read");
        assertEquals(-300, runs.doubleColumn("eval_return").get(1));
        assertTrue(r.out().contains("-300"), r.out());
        assertFalse(r.out().contains(" 300 ") || r.out().contains("-2.0"), r.out());
        // A row with fewer fields than the header, newline and all: cut too.
        Path fewer = runDir("fewer", 2, "step,eval_return,alpha\n100,-500,0.2\n200,-3\n");
        assertEquals(List.of(100L), LearningCurves.load(List.of(fewer)).longColumn("step").asList());
    }

    /** Issue 16, item 4: without --out the PNG went into the current directory. */
    @Test
    void withoutOutTheChartGoesUnderRunsNotTheCurrentDirectory() throws IOException {
        Path a = runDir("a", 1, "step,eval_return\n100,-500\n200,-300\n");
        List<Path> before = listing(Path.of(""));
        TrainCommandTest.Run r = run("plot", a.toString());
        assertEquals(0, r.status(), r.err());
        String wrote = r.out().lines().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow().substring("wrote ".length());
        Path png = Path.of(wrote);
        try {
            assertTrue(png.startsWith(Path.of("runs")) && png.getFileName().toString().matches("learning-curves-\\d{8}-\\d{6}\\.png"), wrote);
            assertTrue(Files.size(png) > 0);
            assertEquals(before, listing(Path.of("")), "nothing new in the current directory (runs/ aside)");
        } finally {
            Files.deleteIfExists(png);
        }
    }

    private static List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !p.getFileName().toString().equals("runs")).sorted().toList();
        }
    }
}
