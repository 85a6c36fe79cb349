package org.mbpo.env;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link PythonFloats#repr} against strings Python wrote. */
class PythonFloatsTest {

    @Test
    void knownReprs() {
        // Each pair: a double and what CPython 3's repr() prints for it.
        Object[][] cases = {
                {0.1, "0.1"}, {1.0, "1.0"}, {-0.0, "-0.0"}, {1e-5, "1e-05"}, {0.0001, "0.0001"},
                {1e16, "1e+16"}, {1234567890123456.0, "1234567890123456.0"}, {123.0, "123.0"},
                {2.5e-300, "2.5e-300"}, {-1.5e22, "-1.5e+22"}, {Double.MIN_VALUE, "5e-324"},
                {Double.MAX_VALUE, "1.7976931348623157e+308"}, {100.0, "100.0"}, {0.3, "0.3"},
                {2.0 / 3.0, "0.6666666666666666"}, {Double.POSITIVE_INFINITY, "inf"}, {Double.NaN, "nan"},
                {5e-324 * 3, "1.5e-323"}, {9007199254740993.0, "9007199254740992.0"},
        };
        for (Object[] c : cases) {
            assertEquals(c[1], PythonFloats.repr((Double) c[0]), "repr(" + c[0] + ")");
        }
    }

    /** Every number in the Gymnasium reference files was written by Python's repr: writing it back gives the same text. */
    @Test
    void rewritesTheReferenceFilesExactly() throws Exception {
        Path dir = ClassicControlReplayTest.REFERENCE;
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir.toAbsolutePath() + " is absent");
        int checked = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (String line : lines) {
                    String[] fields = line.split("\t");
                    if (fields[0].equals("HEADER")) {
                        continue;
                    }
                    for (int i = 3; i < fields.length; i++) {
                        String s = fields[i];
                        if (s.equals("|") || s.equals("0") || s.equals("1")) {
                            continue;
                        }
                        assertEquals(s, PythonFloats.repr(Double.parseDouble(s)), f.getFileName() + ": " + s);
                        checked++;
                    }
                }
            }
        }
        assertEquals(true, checked > 1000, "too few numbers checked: " + checked);
    }

    /** The MuJoCo reference files were written with C's %.17g: writing each number back gives the same text. */
    @Test
    void g17RewritesTheMujocoReferenceFilesExactly() throws Exception {
        Path dir = Path.of("../shared/reference/mujoco_traj");
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir.toAbsolutePath() + " is absent");
        int checked = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] fields = line.split("\t");
                    if (fields[0].equals("HEADER")) {
                        continue;
                    }
                    for (int i = 3; i < fields.length; i++) {
                        if (!fields[i].equals("|")) {
                            assertEquals(fields[i], PythonFloats.g17(Double.parseDouble(fields[i])), f.getFileName() + ": " + fields[i]);
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(true, checked > 1000, "too few numbers checked: " + checked);
        assertEquals("1e+17", PythonFloats.g17(1e17));
        assertEquals("12345678901234568", PythonFloats.g17(12345678901234567.0));
        assertEquals("0.0001", PythonFloats.g17(1e-4));
        assertEquals("-0", PythonFloats.g17(-0.0));
    }
}
