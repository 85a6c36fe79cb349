package org.mbpo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NotebooksCommandTest {

    @TempDir
    Path tmp;

    @Test
    void startupTimeoutGrowsByHalfEachRetryUpToTwoMinutes() {
        NotebooksCommand c = new NotebooksCommand();
        c.startupTimeout = 10;
        // 10, 15, 22.5 → 23 (rounded), 33.75 → 34, …, capped at 120
        assertEquals(10, c.startupTimeout(1));
        assertEquals(15, c.startupTimeout(2));
        assertEquals(23, c.startupTimeout(3));
        assertEquals(34, c.startupTimeout(4));
        assertEquals(120, c.startupTimeout(12));
    }

    @Test
    void theCheckoutsJupyterDirectoryComesFirstOnJupyterPath() {
        Path root = Path.of("/p");
        ProcessBuilder b = new ProcessBuilder("true");
        b.environment().put("JUPYTER_PATH", "/opt/jupyter");
        NotebooksCommand.withCheckoutKernel(b, root);
        assertEquals("/p/target/jupyter" + File.pathSeparator + "/opt/jupyter", b.environment().get("JUPYTER_PATH"));
        ProcessBuilder none = new ProcessBuilder("true");
        none.environment().remove("JUPYTER_PATH");
        assertEquals("/p/target/jupyter",
                NotebooksCommand.withCheckoutKernel(none, root).environment().get("JUPYTER_PATH"));
    }

    /**
     * Two checkouts on one machine: the kernel 'mbpo-java' in the user's data directory names the other checkout's
     * jar, yet the Jupyter that this checkout starts finds this checkout's kernelspec (asked of the real Jupyter).
     */
    @Test
    void aJupyterStartedByThisCheckoutFindsItsOwnKernelBeforeTheUsers() throws Exception {
        assumeTrue(Processes.onPath("jupyter").isPresent(), "Jupyter is not installed");
        Path user = tmp.resolve("user-data");
        Path root = tmp.resolve("checkout");
        writeKernel(user, "/other-checkout/target/mbpo.jar");
        writeKernel(NotebooksCommand.checkoutJupyterPath(root), root + "/target/mbpo.jar");
        ProcessBuilder b = new ProcessBuilder("jupyter", "kernelspec", "list", "--json").redirectErrorStream(false);
        b.environment().put("JUPYTER_DATA_DIR", user.toString());
        b.environment().remove("JUPYTER_PATH");
        Process p = NotebooksCommand.withCheckoutKernel(b, root).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode mbpo = new ObjectMapper().readTree(out).path("kernelspecs").path(KernelSpec.NAME);
        assertEquals(NotebooksCommand.checkoutJupyterPath(root).resolve("kernels").resolve(KernelSpec.NAME).toString(),
                mbpo.path("resource_dir").asText(), out);
        assertEquals(root + "/target/mbpo.jar", mbpo.path("spec").path("env").path("RJK_CLASSPATH").asText(), out);
    }

    private static void writeKernel(Path jupyterDir, String jar) throws Exception {
        Path dir = Files.createDirectories(jupyterDir.resolve("kernels").resolve(KernelSpec.NAME));
        KernelSpec spec = KernelSpec.rapaio(Path.of("/jdk/bin/java"), Path.of("/k/rapaio-jupyter-kernel.jar"), Path.of(jar));
        Files.writeString(dir.resolve("kernel.json"), spec.toJson());
    }
}
