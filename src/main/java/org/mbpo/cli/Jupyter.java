package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The user's Jupyter, reached through the {@code jupyter} command on the PATH. */
final class Jupyter {

    /** One line saying how to install what {@code ./mbpo notebooks} needs. */
    static final String INSTALL_HINT = "Jupyter not found: install it with 'apt-get install jupyter-notebook"
            + " jupyter-nbconvert python3-nbclient jupyter-client' (Debian) or 'conda env create -f environment.yml'";

    private final Path jupyter;

    private Jupyter(Path jupyter) {
        this.jupyter = jupyter;
    }

    /**
     * Jupyter with the given subcommand ({@code nbconvert}, {@code notebook}) installed.
     *
     * @param hintSuffix added to the install hint, e.g. "(or run ./mbpo test --unit-only)"
     * @throws UserError when either command is missing from the PATH
     */
    static Jupyter require(String subcommand, String hintSuffix) {
        Optional<Path> jupyter = Processes.onPath("jupyter");
        if (jupyter.isEmpty() || Processes.onPath("jupyter-" + subcommand).isEmpty()) {
            throw new UserError(INSTALL_HINT + (hintSuffix.isEmpty() ? "" : " " + hintSuffix));
        }
        return new Jupyter(jupyter.get());
    }

    /** {@code jupyter ARGS...} as a command line. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(jupyter.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The user's Jupyter data directory: {@code $JUPYTER_DATA_DIR}, or what {@code jupyter --data-dir} says. */
    Path dataDir() {
        String fromEnv = System.getenv("JUPYTER_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String out = standardOutput("--data-dir").strip();
        String[] lines = out.split("\n");
        return Path.of(lines[lines.length - 1].strip());
    }

    /** The installed kernelspecs, as {@code jupyter kernelspec list --json} prints them. */
    JsonNode kernelSpecs() {
        try {
            return new ObjectMapper().readTree(standardOutput("kernelspec", "list", "--json"));
        } catch (IOException e) {
            throw new UserError("cannot read the output of 'jupyter kernelspec list --json': " + e.getMessage(), e);
        }
    }

    /** Runs {@code jupyter ARGS...} and returns its standard output; standard error is dropped. */
    private String standardOutput(String... args) {
        List<String> command = command(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0) {
                throw new UserError("'" + String.join(" ", command) + "' failed with status " + status);
            }
            return out;
        } catch (IOException e) {
            throw new UserError("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }
}
