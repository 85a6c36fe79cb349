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
        return runDir(name, "sac", seed, progress);
    }

    private Path runDir(String name, String algo, long seed, String progress) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"algo\": \"" + algo + "\", \"env\": \"Pendulum-v1\", \"seed\": " + seed + "}");
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

    /** A sweep's directory, or one of its settings, stands for the SETTING/seedN cells below it. */
    @Test
    void aFolderOfCellsPlotsTheRunsBelowIt() throws IOException {
        Path mbpo1 = runDir("sweep/steve-h3/seed1", "steve", 1, "step,eval_return\n100,-500\n200,-300\n");
        Path mbpo2 = runDir("sweep/steve-h3/seed2", "steve", 2, "step,eval_return\n100,-700\n200,-100\n");
        Path sac1 = runDir("sweep/sac-g10/seed1", "sac", 1, "step,eval_return\n100,-900\n200,-800\n");
        Files.createDirectories(dir.resolve("sweep/logs"));
        Files.writeString(dir.resolve("sweep/logs/steve-h3-seed1.log"), "not a run\n");
        Path sweep = dir.resolve("sweep");

        assertEquals(List.of(sac1, mbpo1, mbpo2), PlotCommand.runDirectories(List.of(sweep)), "name order, logs/ left out");
        assertEquals(List.of(mbpo1, mbpo2), PlotCommand.runDirectories(List.of(sweep.resolve("steve-h3"))));
        assertEquals(List.of(sac1), PlotCommand.runDirectories(List.of(sac1)), "a run directory stays itself");

        TrainCommandTest.Run whole = run("plot", sweep.toString(), "--out", dir.resolve("a.png").toString());
        TrainCommandTest.Run named = run("plot", mbpo1.toString(), mbpo2.toString(), sac1.toString(), "--out", dir.resolve("b.png").toString());
        assertEquals(0, whole.status(), whole.err());
        assertEquals(named.out().replace("b.png", "a.png"), whole.out(), "the folder plots what naming its cells plots");
        // STEVE's two seeds at step 200: (-300 + -100) / 2, by hand.
        assertTrue(whole.out().lines().anyMatch(l -> l.contains("STEVE") && l.contains("-200")), whole.out());

        // Two settings of one algorithm (an ablation sweep) are two runs of one seed: refused, with what to do.
        runDir("ablation/k1/seed1", "mbpo", 1, "step,eval_return\n100,-500\n");
        runDir("ablation/k20/seed1", "mbpo", 1, "step,eval_return\n100,-600\n");
        TrainCommandTest.Run twice = run("plot", dir.resolve("ablation").toString(), "--out", dir.resolve("c.png").toString());
        assertEquals(2, twice.status(), twice.out());
        assertTrue(twice.err().contains("a second run of MBPO on Pendulum-v1 with seed 1") && twice.err().contains("one setting's folder at a time"),
                twice.err());

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("inner"));
        TrainCommandTest.Run none = run("plot", empty.toString());
        assertEquals(2, none.status(), none.out());
        assertTrue(none.err().contains(empty + " is not a run directory") && none.err().contains("no run directory is one or two levels below it"),
                none.err());
    }

    /** Three environments (any count that does not fill XChart's rows × cols grid) threw IndexOutOfBoundsException. */
    @Test
    void threeEnvironmentsMakeATwoByTwoGridWithOneCellEmpty() throws IOException {
        List<Path> runs = new java.util.ArrayList<>();
        for (String env : List.of("Pendulum-v1", "Hopper-v4", "InvertedPendulum-v4")) {
            Path run = dir.resolve(env);
            Files.createDirectories(run);
            Files.writeString(run.resolve("config.json"), "{\"algo\": \"sac\", \"env\": \"" + env + "\", \"seed\": 1}");
            Files.writeString(run.resolve("progress.csv"), "step,eval_return\n100,-500\n200,-300\n");
            runs.add(run);
        }
        Path out = dir.resolve("three.png");
        List<String> args = new java.util.ArrayList<>(List.of("plot"));
        runs.forEach(r -> args.add(r.toString()));
        args.addAll(List.of("--out", out.toString()));
        TrainCommandTest.Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.toFile());
        var one = org.knowm.xchart.BitmapEncoder.getBufferedImage(
                LearningCurves.charts(LearningCurves.summarize(LearningCurves.load(runs.subList(0, 1)))).get(0));
        assertEquals(2 * one.getWidth(), png.getWidth(), "two columns of one chart's width");
        assertEquals(2 * one.getHeight(), png.getHeight(), "two rows");
        assertEquals(java.awt.Color.WHITE.getRGB(), png.getRGB(png.getWidth() - 2, png.getHeight() - 2), "the fourth cell is left white");
    }

    private static List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !p.getFileName().toString().equals("runs")).sorted().toList();
        }
    }
}
