package org.mbpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables of {@code data/}'s READMEs listed in {@link DataTables#SECTIONS} are the ones {@code scripts/data-tables.sh}
 * makes from the stored runs (a stale or hand-edited table fails here), and the numbers in them are what the runs'
 * files give when read by hand.
 */
class DataTablesTest {

    @Test
    void theReadmeTablesAreGeneratedFromTheStoredRuns() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        for (String readme : DataTables.readmes()) {
            String text = Files.readString(root.resolve(readme));
            assertEquals(DataTables.regenerate(root, readme, text), text, readme + "'s generated tables are stale: run scripts/data-tables.sh");
        }
    }

    @Test
    void everySectionIsInItsReadme() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        for (DataTables.Section s : DataTables.SECTIONS) {
            String text = Files.readString(root.resolve(s.readme()));
            assertTrue(text.contains("<!-- " + s.name() + ":start -->") && text.contains("<!-- " + s.name() + ":end -->"),
                    s.readme() + " lacks the markers of section " + s.name());
        }
    }

    @Test
    void theMeanOverARangeWeighsEveryEvaluationAlike(@TempDir Path dir) throws Exception {
        // Two seeds; by hand: evaluations at 2,000..3,000 are (-100, -300, -200) and (-400, -600) -> mean -320.
        Milestones.Curve a = curve(dir, "a", "1000,-900\n2000,-100\n2500,-300\n3000,-200\n4000,-50\n");
        Milestones.Curve b = curve(dir, "b", "1000,-800\n2000,-400\n3000,-600\n");
        assertEquals(-320.0, DataTables.mean(List.of(a, b), 2_000, 3_000), 1e-12, "mean over 2,000-3,000");
        assertEquals(-50.0, DataTables.mean(List.of(a, b), 3_500, 9_000), 1e-12, "only seed a has 4,000");
        assertTrue(Double.isNaN(DataTables.mean(List.of(a, b), 5_000, 6_000)), "no evaluation in range");
    }

    @Test
    void numbersAreWrittenAsTheReadmesWriteThem() {
        assertEquals("0.394", DataTables.sig(0.39412));
        assertEquals("−0.0014", DataTables.sig(-0.00140049));
        assertEquals("5.24e−5", DataTables.sig(5.2423e-5));
        assertEquals("−1.9e−5", DataTables.sig(-1.8998e-5));
        assertEquals("1,306.9", DataTables.ret(1306.94));
        assertEquals("−1,306.9", DataTables.ret(-1306.94));
        assertEquals("—", DataTables.ret(Double.NaN));
    }

    private static Milestones.Curve curve(Path dir, String name, String rows) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("progress.csv"), "step,eval_return\n" + rows);
        return Milestones.read(run, name);
    }
}
