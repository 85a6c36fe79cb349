package org.mbpo.sweep;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }

    /** Issue 16, item 1: a resumed cell ran "train ... --out DIR --resume", which --resume refuses; it must be "train --resume DIR". */
    @Test
    void anInterruptedCellIsResumedWithItsDirectoryAndNothingElseButItsThreads() {
        SweepSpec spec = new SweepSpec("s", List.of("train", "--env", "Pendulum-v1", "--threads", "1"),
                Map.of("k1", List.of("--set", "rollout=1")), List.of(3L));
        Path dir = Path.of("/tmp/sw");
        assertEquals(List.of("train", "--resume", "/tmp/sw/k1/seed3", "--threads", "1"), spec.arguments(spec.cells().get(0), dir, true));
        SweepSpec shift = new SweepSpec("s", List.of("experiment", "shift", "--env", "Pendulum-v1"), Map.of("a", List.of()), List.of(1L));
        assertEquals(List.of("experiment", "shift", "--resume", "/tmp/sw/a/seed1"), shift.arguments(shift.cells().get(0), dir, true),
                "the command's words before its first option, then --resume");
    }

    @Test
    void aChangedSpecIsNamedDifferenceByDifference() {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("a", List.of("--set", "x=1"));
        settings.put("b", List.of());
        SweepSpec was = new SweepSpec("s", List.of("train"), settings, List.of(1L, 2L));
        assertEquals(List.of(), was.differencesFrom(was));
        assertEquals(List.of(), new SweepSpec("renamed", List.of("train"), settings, List.of(1L, 2L),
                new SlurmOptions("p", null, null, null, null, null, null, true, List.of())).differencesFrom(was),
                "the name and the Slurm options do not change what the cells run");
        Map<String, List<String>> changed = new LinkedHashMap<>();
        changed.put("a", List.of("--set", "x=2"));
        changed.put("c", List.of());
        SweepSpec now = new SweepSpec("s", List.of("train", "--steps", "500"), changed, List.of(1L, 2L, 3L));
        assertEquals(List.of("base was [train], now [train, --steps, 500]", "settings.a was [--set, x=1], now [--set, x=2]",
                "setting 'b' was there, now it is not", "setting 'c' is new", "seeds were [1, 2], now [1, 2, 3]"), now.differencesFrom(was));
        Map<String, List<String>> reordered = new LinkedHashMap<>();
        reordered.put("b", List.of());
        reordered.put("a", List.of("--set", "x=1"));
        assertEquals(1, new SweepSpec("s", List.of("train"), reordered, List.of(1L, 2L)).differencesFrom(was).size(),
                "the order numbers the cells");
    }
}
