package org.mbpo.env.mujoco;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Issue 16, item 6: {@code environment.yml} took whatever MuJoCo conda-forge served, and the binding refuses every
 * version it has no layout for. The conda environment must pin one exact MuJoCo version that has a layout.
 */
class EnvironmentYmlTest {

    /** {@code mj_version()} of a release: 2.2.2 is 222; from 3.x on, 3.14.0 is 3014000 (the layouts' file names). */
    static int mjVersion(String release) {
        String[] p = release.split("\\.");
        int major = Integer.parseInt(p[0]);
        int minor = Integer.parseInt(p[1]);
        int patch = Integer.parseInt(p[2]);
        return major < 3 ? major * 100 + minor * 10 + patch : major * 1_000_000 + minor * 1000 + patch;
    }

    @Test
    void theCondaEnvironmentPinsAMujocoVersionTheBindingHasALayoutFor() throws IOException {
        assertEquals(222, mjVersion("2.2.2"));
        assertEquals(3014000, mjVersion("3.14.0"));
        Pattern mujoco = Pattern.compile("^\\s*-\\s*(libmujoco|mujoco-cxx|mujoco)(?![\\w-])\\s*(\\S*)");
        List<String> lines = Files.readAllLines(Path.of("environment.yml"));
        String pin = null;
        int found = 0;
        for (String line : lines) {
            Matcher m = mujoco.matcher(line.replaceAll("#.*", ""));
            if (m.find()) {
                found++;
                pin = m.group(2);
            }
        }
        assertEquals(1, found, "one MuJoCo package in environment.yml");
        assertNotNull(pin);
        Matcher exact = Pattern.compile("^==?(\\d+\\.\\d+\\.\\d+)$").matcher(pin);
        assertEquals(true, exact.matches(), "pinned to one exact version, not '" + pin + "'");
        int version = mjVersion(exact.group(1));
        assertNotNull(MujocoLayout.forVersion(version), "the binding has layout-" + version + ".txt for MuJoCo " + exact.group(1));
        assertEquals(true, Mujoco.CHECKED_VERSIONS.contains(exact.group(1)), "and names it among the checked versions");
    }
}
