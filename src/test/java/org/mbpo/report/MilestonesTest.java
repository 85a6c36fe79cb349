package org.mbpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Milestones}: against curves whose milestones are read off by hand. */
class MilestonesTest {

    @Test
    void returnsAtStepsAndFirstStepsAreReadOffTheCurve() {
        var curve = new Milestones.Curve("c", new long[] {1000, 2000, 3000, 4000}, new double[] {10, 950, 900, 1200}, false);
        assertEquals(950, curve.returnAt(2000));
        assertTrue(Double.isNaN(curve.returnAt(2500)), "no evaluation at 2,500");
        assertEquals(2000, curve.firstReaching(900), "the first evaluation at or above 900 is at 2,000 (not 3,000)");
        assertEquals(4000, curve.firstReaching(1000));
        assertEquals(-1, curve.firstReaching(1201));
        assertEquals(4000, curve.lastStep());
    }

    @Test
    void theTableTellsNotYetFromNeverAndBeyondTheBudget() {
        var running = new Milestones.Curve("MBPO, seed 1", new long[] {1000, 2000}, new double[] {500, 1500}, false);
        var finished = new Milestones.Curve("SAC, seed 1", new long[] {1000, 2000, 3000}, new double[] {5, 6, 7}, true);
        String table = Milestones.markdown(List.of(running, finished), new long[] {3000, 3000},
                new long[] {2000, 3000, 4000}, new double[] {1000, 2000});
        String expected = """
                | run | at 2,000 | at 3,000 | at 4,000 | first ≥ 1,000 | first ≥ 2,000 | last step |
                |---|---:|---:|---:|---:|---:|---:|
                | MBPO, seed 1 | 1,500.0 | — |  | 2,000 | not yet | 2,000 (running) |
                | SAC, seed 1 | 6.0 | 7.0 |  | never | never | 3,000 |
                """;
        assertEquals(expected, table);
    }

    @Test
    void aRunDirectoryIsReadWithItsBudgetAndACutLastRowIsLeftOut(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"algo\": \"sac\", \"seed\": 3, \"run\": {\"steps\": 300000}}");
        Files.writeString(dir.resolve("progress.csv"), "step,wall_s,eval_return,alpha\n1000,0.1,12.5,1.0\n2000,0.2,40.0,0.9\n3000,0.3,4");
        Milestones.Curve c = Milestones.read(dir, Milestones.name(dir));
        assertEquals("SAC, seed 3", c.name());
        assertEquals(2000, c.lastStep(), "the cut row 3000 is not read");
        assertEquals(40.0, c.returnAt(2000));
        assertEquals(300_000, Milestones.budget(dir));
        Files.writeString(dir.resolve("config.json"),
                "{\"algo\": \"mbpo\", \"seed\": 1, \"mbpo\": {\"epochs\": 120, \"initial_steps\": 5000, \"epoch_length\": 1000}}");
        assertEquals(125_000, Milestones.budget(dir));
    }

    @Test
    void lostHopperRunsAreTabledByDirectoryAndMarkedLost(@TempDir Path root) throws Exception {
        Path lost = root.resolve(Milestones.PAPER_BUDGET_LOST);
        Path mbpo = Files.createDirectories(lost.resolve("mbpo-Hopper-v4-seed1-abc1234"));
        Files.writeString(mbpo.resolve("config.json"),
                "{\"algo\": \"mbpo\", \"seed\": 1, \"mbpo\": {\"epochs\": 120, \"initial_steps\": 5000, \"epoch_length\": 1000}}");
        Files.writeString(mbpo.resolve("progress.csv"), "step,eval_return\n25000,678.5\n41000,3010.0\n48000,2900.0\n");
        Path other = Files.createDirectories(lost.resolve("mbpo-Pendulum-v1-seed1-abc1234"));  // not a Hopper run: left out
        Files.writeString(other.resolve("config.json"), "{\"algo\": \"mbpo\", \"seed\": 1}");
        Files.writeString(other.resolve("progress.csv"), "step,eval_return\n1000,-100.0\n");

        String[] rows = Milestones.lostPaperBudgetTable(root).split("\n");
        assertEquals(3, rows.length, String.join("\n", rows));
        assertTrue(rows[0].endsWith("| last step | restart equal to |"), rows[0]);
        assertEquals("| `interrupted/mbpo-Hopper-v4-seed1-abc1234` | 678.5 | — | — | — | — |  | 41,000 | 41,000 | 41,000 | 48,000 (lost) | — |",
                rows[2], "no restart yet");
        assertEquals(List.of(), Milestones.lostPaperBudgetRuns(root.resolve("nowhere")));

        Path restart = Files.createDirectories(root.resolve("data/mbpo/paper-budget/mbpo-Hopper-v4-seed1"));
        Files.copy(mbpo.resolve("config.json"), restart.resolve("config.json"));
        assertEquals("no rows yet", Milestones.equalRows(mbpo, restart), "the restart has not written its progress.csv");
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n");
        assertTrue(Milestones.lostPaperBudgetTable(root).split("\n")[2].endsWith("| 48,000 (lost) | no rows yet |"),
                "a restart with its header only is not a restart that differs");
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n25000,678.5\n41000,3010");  // the last row cut
        assertTrue(Milestones.lostPaperBudgetTable(root).split("\n")[2].endsWith("| 48,000 (lost) | 25,000 (so far) |"));
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n25000,678.5\n41000,3010.0\n48000,2900.0\n50000,3100.0\n");
        assertEquals("48,000 (every row)", Milestones.equalRows(mbpo, restart));
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n25000,678.5\n41000,3010.0000001\n48000,2900.0\n");
        assertEquals("25,000 (then differs)", Milestones.equalRows(mbpo, restart), "bit for bit: one digit differs");
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n25000,678.6\n");
        assertEquals("differs from the first row", Milestones.equalRows(mbpo, restart));
        Files.writeString(mbpo.resolve("progress.csv"), "step,wall_s,eval_return\n25000,1.5,678.5\n41000,2.5,3010.0\n");  // an older format
        Files.writeString(restart.resolve("progress.csv"), "step,eval_return\n25000,678.5\n41000,3010.0\n48000,2900.0\n");
        assertEquals("41,000 (every row)", Milestones.equalRows(mbpo, restart), "compared in the columns both have");
    }

    @Test
    void theMeanOfSeedsIsTakenAtTheStepsTheyShare() {
        var a = new Milestones.Curve("a", new long[] {1000, 2000, 3000}, new double[] {-400, -200, -100}, true);
        var b = new Milestones.Curve("b", new long[] {1000, 2000}, new double[] {-300, -250}, false);
        Milestones.Curve mean = Milestones.mean("k1", List.of(a, b));
        assertEquals(2000, mean.lastStep(), "3,000 is not shared");
        assertEquals(-350, mean.returnAt(1000));
        assertEquals(-225, mean.returnAt(2000));
        assertEquals(2000, mean.firstReaching(-225));
        assertEquals(false, mean.finished());
    }

    @Test
    void aSectionIsReplacedBetweenItsMarkers() {
        String text = "# t\n<!-- s:start -->\nold\n<!-- s:end -->\ntail\n";
        assertEquals("# t\n<!-- s:start -->\nnew\n<!-- s:end -->\ntail\n", Milestones.replaceSection(text, "s", "new\n"));
        assertThrows(IllegalArgumentException.class, () -> Milestones.replaceSection(text, "other", "x"));
    }
}
