package org.mbpo.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.report.Milestones;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SweepTable}: its rows from hand-made cells, and the table of the stored value-expansion sweep in its README
 * is the one {@code scripts/value-expansion-table.sh} makes (a stale or hand-edited table fails here).
 */
class SweepTableTest {

    private static void cell(Path dir, String progress, Double wallSeconds) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("progress.csv"), progress);
        if (wallSeconds != null) {
            Files.writeString(dir.resolve("result.json"), "{\"status\": \"completed\", \"trained_seconds\": " + wallSeconds + "}");
        }
    }

    @Test
    void rowsGiveEachSeedsFirstStepAtTheLevelTheMeansAndTheWallTime(@TempDir Path dir) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("a", List.of("--env", "E-v0"));
        settings.put("b", List.of("--steps", "9", "--env=F-v0"));
        SweepSpec spec = new SweepSpec("t", List.of("train"), settings, List.of(1L, 2L, 3L));
        // Setting a: seed 1 reaches 10 at step 200; seed 2 never does (finished); seed 3 is still running, below 10.
        cell(dir.resolve("a/seed1"), "step,eval_return\n100,5\n200,12\n300,11\n", 60.0);
        cell(dir.resolve("a/seed2"), "step,eval_return\n100,1\n200,2\n300,8\n", 80.0);
        cell(dir.resolve("a/seed3"), "step,eval_return\n100,30\n", null);
        String table = SweepTable.markdown(spec, dir, Map.of("E-v0", 10.0, "F-v0", -5.0));
        List<String> lines = table.lines().toList();
        // Seed 3 reached 30 at step 100: its first ≥ 10 is 100 even though it runs on. The mean over the three seeds
        // at the one step all reached (100): (5 + 1 + 30) / 3 = 12 ≥ 10. Finals of the finished seeds: 11 and 8, mean
        // 9.5, sample std √((1.5² + 1.5²) / 1) = 2.1; wall (60 + 80) / 2 = 70.
        assertEquals("| `a` | E-v0 | 10 | 200 / never / 100 | 100 | 9.5 ± 2.1 (2) | 70 |", lines.get(2));
        assertEquals("| `b` | F-v0 | -5 | not started / not started / not started | — | — | — |", lines.get(3), "a setting not started");
        assertTrue(table.endsWith("2 of 6 cells completed.\n"), table);
        assertEquals("not yet", SweepTable.first(new double[] {1}, new double[] {0}, 10, "missing", true));
        assertEquals("no evaluation yet", SweepTable.first(new double[0], new double[0], 10, "missing", true));
    }

    @Test
    void theStoredValueExpansionTableIsGeneratedFromItsCells() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        String readme = Files.readString(root.resolve(SweepTable.VALUE_EXPANSION_README));
        String regenerated = Milestones.replaceSection(readme, SweepTable.VALUE_EXPANSION_SECTION, SweepTable.valueExpansion(root));
        assertEquals(regenerated, readme, SweepTable.VALUE_EXPANSION_README + "'s table is stale: run scripts/value-expansion-table.sh");
        String hopper = Milestones.replaceSection(readme, SweepTable.VALUE_EXPANSION_HOPPER_SECTION, SweepTable.valueExpansionHopper(root));
        assertEquals(hopper, readme, SweepTable.VALUE_EXPANSION_README + "'s Hopper-v4 table is stale: run scripts/value-expansion-table.sh");
    }
}
