package org.mbpo.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweep.read and bySetting over run directories written by hand, as SAC's and MBPO's runs write them. */
class SweepReadTest {
    @TempDir
    Path dir;

    private void cell(String setting, long seed, String result, String progress) throws IOException {
        Path run = dir.resolve(setting).resolve("seed" + seed);
        Files.createDirectories(run);
        if (result != null) {
            Files.writeString(run.resolve("result.json"), result);
        }
        Files.writeString(run.resolve("progress.csv"), progress);
    }

    @Test
    void readsSacAndMbpoRunsAndSummarizesCompletedCellsPerSetting() throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("sac", List.of("--algo", "sac"));
        settings.put("mbpo", List.of());
        SweepSpec spec = new SweepSpec("t", List.of("train"), settings, List.of(1L, 2L));
        // SAC writes wall_seconds; MBPO writes trained_seconds and more columns, eval_return not last.
        cell("sac", 1, "{\"status\": \"completed\", \"wall_seconds\": 10.0}", "step,wall_s,eval_return\n100,1.0,-300\n200,2.0,-100\n");
        cell("sac", 2, "{\"status\": \"completed\", \"wall_seconds\": 14.0}", "step,wall_s,eval_return\n100,1.0,-500\n200,2.0,-200\n");
        cell("mbpo", 1, "{\"status\": \"completed\", \"trained_seconds\": 30.0}", "epoch,step,eval_return,k\n1,100,-400,1\n2,200,-150,1\n");
        cell("mbpo", 2, null, "epoch,step,eval_return,k\n1,100,-600,1\n");   // interrupted: no result.json

        List<Sweep.CellResult> results = Sweep.read(spec, dir);
        assertEquals(4, results.size());
        assertEquals(10.0, results.get(0).wallSeconds());
        assertEquals(30.0, results.get(2).wallSeconds(), "MBPO's trained_seconds is its wall time");
        assertEquals("missing", results.get(3).status());
        assertArrayEquals(new double[] {100, 200}, results.get(2).steps());
        assertEquals(-150, results.get(2).finalReturn());

        List<Sweep.SettingSummary> by = Sweep.bySetting(spec, results);
        assertEquals(-150, by.get(0).meanReturn(), 1e-12, "(-100 + -200) / 2");
        assertEquals(Math.sqrt(5000), by.get(0).stdReturn(), 1e-9, "sample std of -100 and -200");
        assertEquals(12.0, by.get(0).meanWallSeconds(), 1e-12);
        assertEquals(1, by.get(1).completed(), "the interrupted cell does not count");
        assertEquals(-150, by.get(1).meanReturn(), 1e-12);
        assertTrue(Double.isNaN(by.get(1).stdReturn()) || by.get(1).stdReturn() == 0, "one seed has no spread");
    }
}
