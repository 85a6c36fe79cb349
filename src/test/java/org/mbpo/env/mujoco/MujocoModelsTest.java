package org.mbpo.env.mujoco;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The project's model files compile to the same physics as Gymnasium's assets (../shared/reference/mujoco/). */
class MujocoModelsTest {
    static final Path REFERENCE = Path.of("../shared/reference/mujoco");

    @BeforeAll
    static void library() {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
        assumeTrue(Files.isDirectory(REFERENCE), "skipped: " + REFERENCE.toAbsolutePath() + " is absent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hopper", "walker2d", "half_cheetah", "ant", "humanoid", "inverted_pendulum", "inverted_double_pendulum"})
    void compiledModelEqualsGymnasiums(String name) {
        try (MjModel mine = MjModel.fromResource(name + ".xml"); MjModel ref = MjModel.fromFile(REFERENCE.resolve(name + ".xml"))) {
            assertEquals(ref.nq(), mine.nq(), name + ": nq");
            assertEquals(ref.nv(), mine.nv(), name + ": nv");
            assertEquals(ref.nu(), mine.nu(), name + ": nu");
            assertEquals(ref.timestep(), mine.timestep(), 0.0, name + ": timestep");
            assertArrayEquals(ref.bodyMass(), mine.bodyMass(), 0.0, name + ": body masses");
            for (String size : new String[] {"nbody", "njnt", "ngeom", "nsite", "ntendon", "neq"}) {
                assertEquals(ref.size(size), mine.size(size), name + ": " + size);
            }
            Map<String, double[]> want = ref.parameters();
            Map<String, double[]> got = mine.parameters();
            for (String field : want.keySet()) {
                assertArrayEquals(want.get(field), got.get(field), 0.0,
                        name + ": " + field + " " + Arrays.toString(got.get(field)) + " vs Gymnasium's " + Arrays.toString(want.get(field)));
            }
        }
    }
}
