package org.mbpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The table of the Hopper-v4 runs at the paper's budget in {@code data/mbpo/README.md} is the one
 * {@code scripts/paper-budget-table.sh} makes from the stored {@code progress.csv} files, and so is the table of the
 * runs lost with their machine ({@code data/mbpo/interrupted/}): a stale or hand-edited table fails here.
 */
class PaperBudgetTableTest {

    @Test
    void theReadmeTableIsGeneratedFromTheStoredRuns() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        assertFalse(Milestones.paperBudgetRuns(root).isEmpty(), "no run in data/mbpo/paper-budget");
        String readme = Files.readString(root.resolve("data/mbpo/README.md"));
        String regenerated = Milestones.replaceSection(readme, Milestones.PAPER_BUDGET_SECTION, Milestones.paperBudgetTable(root));
        regenerated = Milestones.replaceSection(regenerated, Milestones.PAPER_BUDGET_LOST_SECTION, Milestones.lostPaperBudgetTable(root));
        assertEquals(regenerated, readme, "data/mbpo/README.md's paper-budget tables are stale: run scripts/paper-budget-table.sh");
    }
}
