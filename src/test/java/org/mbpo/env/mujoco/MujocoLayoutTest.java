package org.mbpo.env.mujoco;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The binding's struct layout: equal to what the compiler computes from the headers, and a wrong one is caught at load time. */
class MujocoLayoutTest {

    @BeforeAll
    static void library() {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MujocoLayout.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** src/main/c/mujoco_layout.c, compiled against the installed headers, prints exactly the table the binding uses. */
    @Test
    void tableEqualsTheCompilersOffsets() throws Exception {
        Path source = Path.of("src/main/c/mujoco_layout.c");
        assumeTrue(Files.exists(Path.of("/usr/include/mujoco/mujoco.h")), "skipped: no MuJoCo headers in /usr/include/mujoco");
        Path exe = Files.createTempFile("mujoco_layout", "");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", source.toString(), "-o", exe.toString(), "-lmujoco").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "skipped: no C compiler (cc): " + e.getMessage());
            return;
        }
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS), "cc timed out");
        assertEquals(0, cc.exitValue(), new String(cc.getInputStream().readAllBytes()));
        Process run = new ProcessBuilder(exe.toString()).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor());
        Files.deleteIfExists(exe);
        // The program reports the version it was compiled and linked against (the system's), which may differ from
        // the library this JVM loaded (MBPO_MUJOCO_LIB); compare with that version's table.
        String version = printed.lines().findFirst().orElseThrow().replace("version ", "").trim();
        assertEquals(resource("layout-" + version + ".txt"), printed, "layout-" + version + ".txt differs from mujoco_layout.c's output");
    }

    @Test
    void aWrongOffsetFailsTheLoadTimeCheck() throws Exception {
        String good = resource("layout-" + Mujoco.mj_version() + ".txt");
        MujocoLayout.forVersion(Mujoco.mj_version()); // parses
        LayoutCheck.verify(MujocoLayout.parse(good, "good")); // the real table passes
        // 1: swap qpos and qvel offsets.
        String swapped = swapOffsets(good, "data qpos", "data qvel");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LayoutCheck.verify(MujocoLayout.parse(swapped, "swapped")));
        assertTrue(e.getMessage().contains("qpos") || e.getMessage().contains("qvel"), e.getMessage());
        // 2: body_mass read from the next pointer (body_inertia's neighbour), as a version change would do.
        String shifted = shiftOffset(good, "model body_mass", 8);
        assertThrows(IllegalStateException.class, () -> LayoutCheck.verify(MujocoLayout.parse(shifted, "shifted")));
        // 3: the timestep read from another option field.
        String option = swapOffsets(good, "option timestep", "option tolerance");
        assertThrows(IllegalStateException.class, () -> LayoutCheck.verify(MujocoLayout.parse(option, "option")));
    }

    private static String swapOffsets(String table, String a, String b) {
        String la = line(table, a);
        String lb = line(table, b);
        String oa = la.substring(la.lastIndexOf(' ') + 1);
        String ob = lb.substring(lb.lastIndexOf(' ') + 1);
        return table.replace(la + "\n", a + " " + ob + "\n").replace(lb + "\n", b + " " + oa + "\n");
    }

    private static String shiftOffset(String table, String key, long by) {
        String l = line(table, key);
        long o = Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
        return table.replace(l + "\n", key + " " + (o + by) + "\n");
    }

    private static String line(String table, String key) {
        return table.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(() -> new AssertionError("no " + key));
    }
}
