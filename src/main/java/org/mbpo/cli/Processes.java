package org.mbpo.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finding and running the external commands the subcommands use (jupyter, mvn, sbatch, squeue). */
final class Processes {

    private Processes() {
    }

    /** The first executable file of that name on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the process, waits for it and returns its exit status. If this JVM is stopped
     * meanwhile (SIGTERM, or Ctrl-C), the process and its descendants (a Jupyter kernel under
     * nbconvert, say) are stopped too rather than left running.
     */
    static int run(ProcessBuilder builder) {
        String command = String.join(" ", builder.command());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UserError("cannot run '" + command + "': " + e.getMessage(), e);
        }
        Thread stopper = new Thread(() -> {
            List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running '" + command + "'", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to undo
            }
        }
    }

    /** What a finished command printed, and its exit status. */
    record Captured(int status, String out, String err) {
        /** The first non-blank line of standard error, else of standard output. */
        String firstLine() {
            return (err.isBlank() ? out : err).lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        }
    }

    /**
     * Runs {@code command}, capturing its output, for at most {@code timeoutSeconds}.
     *
     * @throws UserError if it cannot be started or does not finish in time
     */
    static Captured capture(List<String> command, int timeoutSeconds) {
        Path outFile = null;
        Path errFile = null;
        try {
            outFile = Files.createTempFile("mbpo-", ".out");
            errFile = Files.createTempFile("mbpo-", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError("'" + String.join(" ", command) + "' did not finish in " + timeoutSeconds + " s");
            }
            return new Captured(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } catch (IOException e) {
            throw new UserError("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running '" + String.join(" ", command) + "'", e);
        } finally {
            for (Path f : new Path[] {outFile, errFile}) {
                if (f != null) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // a temporary file left in /tmp
                    }
                }
            }
        }
    }

    /** The java executable running this JVM, so child JVMs and kernels run on the same JDK. */
    static Path javaExecutable() {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }
}
