package org.mbpo.sweep;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSpecTest {

    @Test
    void cellsAreSettingsTimesSeedsWithTheirOwnDirectories() {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("k1", List.of("--set", "rollout=1"));
        settings.put("base", List.of());
        SweepSpec spec = new SweepSpec("s", List.of("train", "--env", "Pendulum-v1"), settings, List.of(3L, 4L));
        List<SweepSpec.Cell> cells = spec.cells();
        assertEquals(List.of(new SweepSpec.Cell("k1", 3), new SweepSpec.Cell("k1", 4), new SweepSpec.Cell("base", 3),
                new SweepSpec.Cell("base", 4)), cells);
        Path dir = Path.of("/tmp/sw");
        assertEquals(List.of("train", "--env", "Pendulum-v1", "--set", "rollout=1", "--seed", "4", "--out", "/tmp/sw/k1/seed4"),
                spec.arguments(cells.get(1), dir, false));
        assertEquals(List.of("train", "--resume", "/tmp/sw/base/seed3"), spec.arguments(cells.get(2), dir, true),
                "an interrupted cell resumes from its own directory, with its own settings");
    }

    @Test
    void resumeSupportIsReadFromTheCommandsHelp() {
        SweepSpec spec = new SweepSpec("s", List.of("train"), Map.of("a", List.of()), List.of(1L));
        assertTrue(Sweep.supportsResume(List.of("sh", "-c", "echo '  --resume   continue a run'", "sh"), spec));
        assertFalse(Sweep.supportsResume(List.of("sh", "-c", "echo '  --out DIR'", "sh"), spec));
    }
}
