package org.mbpo.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --status}: each cell's state from its directory, the sweep's records and Slurm's queue. */
class SweepStatusTest {
    @TempDir
    Path dir;

    private SweepSpec spec() {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("a", List.of());
        settings.put("b", List.of("--set", "x=1"));
        return new SweepSpec("t", List.of("train"), settings, List.of(1L, 2L, 3L));
    }

    private void run(String setting, long seed, String result, String progress) throws IOException {
        Path d = dir.resolve(setting).resolve("seed" + seed);
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{}");
        if (progress != null) {
            Files.writeString(d.resolve("progress.csv"), progress);
        }
        if (result != null) {
            Files.writeString(d.resolve("result.json"), "{\"status\": \"" + result + "\"}");
        }
    }

    @Test
    void everyStateFromTheFilesAndTheQueue() throws IOException {
        SweepSpec spec = spec();
        SweepDirectory.open(spec, dir);
        List<SweepSpec.Cell> cells = spec.cells();
        run("a", 1, "completed", "epoch,step,eval_return\n1,250,-900.5\n2,500,-150.25\n");   // 0 finished
        run("a", 2, "diverged", "epoch,step,eval_return\n1,250,-1000\n");                     // 1 failed
        run("a", 3, null, "epoch,step,eval_return\n1,250,-700\n");                           // 2 interrupted (stopped)
        SweepDirectory.recordExit(dir, cells.get(2), 130);
        run("b", 1, null, null);                                                              // 3 failed: exit 2
        SweepDirectory.recordExit(dir, cells.get(3), 2);
        run("b", 2, null, "epoch,step,eval_return\n1,250,-600\n");                           // 4 running in Slurm
        // 5: b seed 3, nothing yet; Slurm has it pending
        List<SweepStatus.Row> rows = SweepStatus.of(spec, dir, Map.of(4, "RUNNING", 5, "PENDING"));
        assertEquals(List.of(SweepStatus.State.FINISHED, SweepStatus.State.FAILED, SweepStatus.State.INTERRUPTED, SweepStatus.State.FAILED,
                SweepStatus.State.RUNNING, SweepStatus.State.PENDING), rows.stream().map(SweepStatus.Row::state).toList());
        assertEquals(500, rows.get(0).step());
        assertEquals(-150.25, rows.get(0).evalReturn());
        assertEquals("diverged; see logs/a-seed2.log", rows.get(1).note());
        assertEquals("stopped (exit 130)", rows.get(2).note());
        assertEquals("exit 2; see logs/b-seed1.log", rows.get(3).note());
        assertEquals("slurm: RUNNING", rows.get(4).note());
        assertTrue(Double.isNaN(rows.get(5).evalReturn()));

        String table = SweepStatus.table(rows);
        List<String> lines = table.lines().toList();
        assertEquals(8, lines.size(), table);
        assertEquals("cell  setting                    seed  state            step  eval_return  note", lines.get(0));
        assertEquals("   0  a                             1  finished          500       -150.3", lines.get(1));
        assertEquals("   5  b                             3  pending             -            -  slurm: PENDING", lines.get(6));
        assertEquals("6 cells: 1 pending, 1 running, 1 finished, 1 interrupted, 2 failed", lines.get(7));

        // Without Slurm's word: a cell whose lock a process holds is running; a killed one (no exit recorded) interrupted.
        try (SweepDirectory.CellLock lock = SweepDirectory.lock(dir, cells.get(4))) {
            assertTrue(lock != null);
            assertNull(SweepDirectory.lock(dir, cells.get(4)), "a cell runs once at a time");
            assertEquals(SweepStatus.State.RUNNING, SweepStatus.of(spec, dir, Map.of()).get(4).state());
        }
        SweepStatus.Row killed = SweepStatus.of(spec, dir, Map.of()).get(4);
        assertEquals(SweepStatus.State.INTERRUPTED, killed.state());
        assertEquals("killed, or still starting", killed.note());
        assertEquals(SweepStatus.State.PENDING, SweepStatus.of(spec, dir, Map.of()).get(5).state());
    }
}
