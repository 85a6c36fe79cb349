package org.mbpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./mbpo test}: the project's whole test, as the README gives it. Runs {@code mvn -B verify}
 * (unit tests and the jar), then every notebook headless in fast mode
 * ({@code ./mbpo notebooks --execute --fast}), and the notebooks that read stored data (05–08) once
 * more with their kernels started in the project root ({@code --from-root}).
 *
 * <p>The notebooks run in a new JVM from the jar that {@code mvn verify} has just rebuilt, so they
 * test the code as it now is, not the jar this command started from.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Runs the unit tests (mvn -B verify), then every notebook headless in fast mode.")
final class TestCommand implements Callable<Integer> {

    @Option(names = "--unit-only", description = "Run only the unit tests (no Jupyter needed).")
    boolean unitOnly;

    @Override
    public Integer call() {
        Path root = NotebooksCommand.projectRoot();
        if (!unitOnly) {
            Jupyter.require("nbconvert", "(or run ./mbpo test --unit-only)"); // fail before the long build
        }
        Path mvn = Processes.onPath("mvn").orElseThrow(() -> new UserError(
                "mvn not found: install Maven 3.8+ (Debian: apt-get install maven; conda: conda env create -f environment.yml)"));

        int status = Processes.run(new ProcessBuilder(mvn.toString(), "-B", "verify")
                .directory(root.toFile()).inheritIO());
        if (status != 0 || unitOnly) {
            return status;
        }
        status = notebooks(root, "--execute", "--fast");
        if (status != 0) {
            return status;
        }
        // The notebooks that read stored data, once more with their kernels started in the project root.
        return notebooks(root, "--execute", "--fast", "--from-root", "05", "06", "07", "08");
    }

    private static int notebooks(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable().toString(), "-Djava.awt.headless=true",
                "-Dmbpo.root=" + root, "-jar", root.resolve("target/mbpo.jar").toString(), "notebooks"));
        command.addAll(List.of(args));
        return Processes.run(new ProcessBuilder(command).directory(root.toFile()).inheritIO());
    }
}
