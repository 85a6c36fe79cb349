package org.mbpo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mbpo.notebook.Notebook;
import org.mbpo.run.RunProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./mbpo notebooks}: installs the Jupyter kernel {@value KernelSpec#NAME} (a Java kernel with
 * the mbpo jar on its classpath) and starts Jupyter in {@code notebooks/}; with {@code --execute},
 * runs the notebooks headless instead and writes executed copies to {@code target/notebooks/}.
 *
 * <p>A notebook is tried again (up to {@code --attempts} times) only when its kernel never
 * answered at start-up, which rapaio-jupyter-kernel does about once in ten starts; a cell error is
 * never retried. See {@link NbconvertOutcome}.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = {
                "Installs the Jupyter kernel 'mbpo-java' (Java with the mbpo jar on its classpath) and starts"
                        + " Jupyter in notebooks/.",
                "With --execute, runs the notebooks headless instead and writes executed copies to target/notebooks/."})
final class NotebooksCommand implements Callable<Integer> {

    /** Which Java kernel runs the notebooks. */
    enum KernelChoice { auto, rapaio, jjava }

    @Option(names = "--execute", description = "Run the notebooks headless (all of notebooks/*.ipynb, or those named).")
    boolean execute;

    @Option(names = "--fast", description = "Fast mode (MBPO_NOTEBOOK_MODE=fast): small sizes, for smoke tests.")
    boolean fast;

    @Option(names = "--in-place", description = "With --execute: write the outputs back into the source notebooks"
            + " (to publish full-mode outputs) instead of target/notebooks/.")
    boolean inPlace;

    @Option(names = "--html", paramLabel = "DIR", description = "Write the notebooks as static HTML pages with an index.html"
            + " into DIR, for readers without Jupyter: the committed notebooks with the outputs they carry or, with --execute,"
            + " the copies just executed.")
    Path html;

    @Option(names = "--mathjax-url", paramLabel = "URL", description = "With --html: the MathJax script the pages load"
            + " (default: nbconvert's, from a CDN; e.g. file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_HTML"
            + " to read offline with Debian's libjs-mathjax).")
    String mathJaxUrl;

    @Option(names = "--from-root", description = "With --execute: start each kernel in the project root instead of"
            + " notebooks/ (Jupyter's default), to check that a notebook finds its data from either; copies go to"
            + " target/notebooks/from-root/.")
    boolean fromRoot;

    @Option(names = "--kernel", paramLabel = "KERNEL", description = "rapaio, jjava, or auto (default): JJava"
            + " when installed (a kernelspec naming a jjava jar, or JJAVA_JAR=/path/to/jjava.jar), else rapaio.")
    KernelChoice kernel = KernelChoice.auto;

    @Option(names = "--install-kernel", description = "Only install the kernel 'mbpo-java' (in the user's Jupyter data"
            + " directory, for a Jupyter started without ./mbpo, and in target/jupyter), then exit.")
    boolean installOnly;

    @Option(names = "--cell-timeout", paramLabel = "SECONDS",
            description = "With --execute: fail a cell that runs longer (-1: no limit; default ${DEFAULT-VALUE}).")
    int cellTimeout = 1800;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS",
            description = "With --execute: give up on a kernel that has not answered by then on the first attempt;"
                    + " each retry waits 1.5 times longer, up to 120 s (default ${DEFAULT-VALUE}; a kernel answers"
                    + " in about 1.5 s on a 2-core machine).")
    int startupTimeout = 10;

    @Option(names = "--attempts", paramLabel = "N",
            description = "With --execute: attempts per notebook when the kernel does not answer at start-up"
                    + " (default ${DEFAULT-VALUE}); cell errors are never retried.")
    int attempts = 8;

    @Parameters(paramLabel = "NOTEBOOK", arity = "0..*",
            description = "With --execute: notebooks to run, as paths or names in notebooks/ ('00-start-here', or a unique prefix such as '02').")
    List<String> notebooks = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!execute && (inPlace || fromRoot)) {
            throw new UserError("--in-place and --from-root go with --execute");
        }
        if (inPlace && fromRoot) {
            throw new UserError("--from-root runs copies of the notebooks; it cannot write them in place");
        }
        if (!execute && html == null && !notebooks.isEmpty()) {
            throw new UserError("NOTEBOOK arguments go with --execute or --html");
        }
        if (attempts < 1 || startupTimeout < 1) {
            throw new UserError("--attempts and --startup-timeout must be at least 1");
        }
        Path root = projectRoot();
        if (!execute && html != null) {
            // The committed notebooks carry their outputs: no kernel is needed to show them.
            Jupyter jupyter = Jupyter.require("nbconvert", "");
            NotebookPages.write(jupyter, notebooksToRun(root.resolve("notebooks")), html.toAbsolutePath(), mathJaxUrl, out());
            return 0;
        }
        Jupyter jupyter = Jupyter.require(execute ? "nbconvert" : "notebook", "");
        KernelSpec kernelSpec = chooseKernel(jupyter, root);
        // This checkout's own kernelspec, which the Jupyter that ./mbpo starts finds first (JUPYTER_PATH): a run
        // from another checkout, or a kernel installed for interactive use, never changes whose jar runs here.
        installKernel(kernelSpec, checkoutJupyterPath(root), false);
        if (!execute) {
            installKernel(kernelSpec, jupyter.dataDir(), true);  // for a Jupyter the user starts without ./mbpo
        }
        if (installOnly) {
            return 0;
        }
        return execute ? executeAll(jupyter, root) : startJupyter(jupyter, root);
    }

    /** The project root: system property {@code mbpo.root} (set by ./mbpo), else the current directory. */
    static Path projectRoot() {
        return Path.of(System.getProperty("mbpo.root", "")).toAbsolutePath().normalize();
    }

    // ---- the kernelspec -------------------------------------------------------------------------

    /**
     * The Jupyter directory of this checkout, {@code target/jupyter}: its {@code kernels/mbpo-java} names this
     * checkout's jar. Every Jupyter that {@code ./mbpo notebooks} starts has it first on its {@code JUPYTER_PATH}
     * ({@link #withCheckoutKernel}), ahead of the user's data directory, so two checkouts on one machine each run
     * their own jar.
     */
    static Path checkoutJupyterPath(Path root) {
        return root.resolve("target").resolve("jupyter");
    }

    /** {@code builder} with {@link #checkoutJupyterPath} put first on its {@code JUPYTER_PATH}. */
    static ProcessBuilder withCheckoutKernel(ProcessBuilder builder, Path root) {
        String before = builder.environment().get("JUPYTER_PATH");
        String dir = checkoutJupyterPath(root).toString();
        builder.environment().put("JUPYTER_PATH",
                before == null || before.isBlank() ? dir : dir + java.io.File.pathSeparator + before);
        return builder;
    }

    /** Writes {@code kernelSpec} as {@code kernels/mbpo-java/kernel.json} under {@code jupyterDir}, if it differs. */
    private void installKernel(KernelSpec kernelSpec, Path jupyterDir, boolean say) {
        Path dir = jupyterDir.resolve("kernels").resolve(KernelSpec.NAME);
        Path file = dir.resolve("kernel.json");
        String json = kernelSpec.toJson();
        try {
            if (Files.isRegularFile(file) && Files.readString(file).equals(json)) {
                return;
            }
            Files.createDirectories(dir);
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
        if (say) {
            out().printf("mbpo: installed the Jupyter kernel '%s' (%s) in %s%n", KernelSpec.NAME, kernelSpec.kernel(),
                    dir);
        }
    }

    private KernelSpec chooseKernel(Jupyter jupyter, Path root) {
        Path java = Processes.javaExecutable();
        Path mbpoJar = requireFile(root.resolve("target/mbpo.jar"));
        if (kernel != KernelChoice.rapaio) {
            Optional<KernelSpec> jjava = findJJava(jupyter, java, mbpoJar);
            if (jjava.isPresent()) {
                return jjava.get();
            }
            if (kernel == KernelChoice.jjava) {
                throw new UserError("JJava not found: install its kernelspec, or set JJAVA_JAR=/path/to/jjava.jar"
                        + " (or use --kernel rapaio)");
            }
        }
        Path kernelJar = requireFile(root.resolve("target/kernel/rapaio-jupyter-kernel.jar"));
        return KernelSpec.rapaio(java, kernelJar, mbpoJar);
    }

    private static Optional<KernelSpec> findJJava(Jupyter jupyter, Path java, Path mbpoJar) {
        String jar = System.getenv("JJAVA_JAR");
        if (jar != null && !jar.isBlank()) {
            Path path = Path.of(jar).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new UserError("JJAVA_JAR names no file: " + path);
            }
            return Optional.of(KernelSpec.jjavaJar(path, java, mbpoJar));
        }
        return KernelSpec.findJJava(jupyter.kernelSpecs()).map(install -> KernelSpec.jjava(install, java, mbpoJar));
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " is missing: build it with ./mbpo (or mvn package)");
        }
        return file;
    }

    // ---- interactive ----------------------------------------------------------------------------

    private int startJupyter(Jupyter jupyter, Path root) {
        List<String> command = jupyter.command("notebook");
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--allow-root"); // Jupyter refuses to run as root without it
        }
        ProcessBuilder builder = withCheckoutKernel(
                new ProcessBuilder(command).directory(root.resolve("notebooks").toFile()).inheritIO(), root);
        if (fast) {
            builder.environment().put(Notebook.MODE_VARIABLE, "fast");
        }
        return Processes.run(builder);
    }

    // ---- headless -------------------------------------------------------------------------------

    /** How one notebook went: its last outcome, the attempts it took and the seconds they took. */
    private record Result(Path notebook, NbconvertOutcome outcome, int attempts, double seconds) {
        boolean ok() {
            return outcome.kind() == NbconvertOutcome.Kind.OK;
        }
    }

    private int executeAll(Jupyter jupyter, Path root) {
        Path outDir = root.resolve(fromRoot ? "target/notebooks/from-root" : "target/notebooks");
        List<Path> toRun = notebooksToRun(root.resolve("notebooks"));
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UserError("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        int nameWidth = toRun.stream().mapToInt(p -> p.getFileName().toString().length()).max().orElse(0);
        List<Result> results = new ArrayList<>();
        for (Path notebook : toRun) {
            if (!inPlace && notebook.getParent().equals(outDir)) {
                throw new UserError(notebook + " is an executed copy; run the source notebook instead");
            }
            Result result = fromRoot ? executeFromRoot(jupyter, root, notebook, outDir)
                    : executeWithRetries(jupyter, notebook, outDir);
            results.add(result);
            printResult(result, outDir, nameWidth);
        }
        long failed = results.stream().filter(r -> !r.ok()).count();
        out().printf("%d notebook%s: %d ok, %d failed (%s mode)%n", results.size(), results.size() == 1 ? "" : "s",
                results.size() - failed, failed, fast ? "fast" : "full");
        if (html != null) {
            List<Path> executed = results.stream().filter(Result::ok)
                    .map(r -> inPlace ? r.notebook() : outDir.resolve(r.notebook().getFileName())).toList();
            NotebookPages.write(jupyter, executed, html.toAbsolutePath(), mathJaxUrl, out());
        }
        return failed == 0 ? 0 : 1;
    }

    /** The one notebook in {@code dir} whose name starts with {@code prefix}, if exactly one does. */
    private static Optional<Path> uniquePrefix(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".ipynb");
            }).toList();
            return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The named notebooks, or every notebooks/*.ipynb sorted by name. */
    private List<Path> notebooksToRun(Path notebookDir) {
        if (notebooks.isEmpty()) {
            try (Stream<Path> files = Files.list(notebookDir)) {
                List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".ipynb")).sorted()
                        .collect(Collectors.toList());
                if (all.isEmpty()) {
                    throw new UserError("no notebooks in " + notebookDir);
                }
                return all;
            } catch (IOException e) {
                throw new UserError("cannot list " + notebookDir + ": " + e.getMessage(), e);
            }
        }
        List<Path> named = new ArrayList<>();
        for (String name : notebooks) {
            named.add(Stream.of(Path.of(name), notebookDir.resolve(name), notebookDir.resolve(name + ".ipynb"))
                    .filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".ipynb"))
                    .findFirst()
                    .or(() -> uniquePrefix(notebookDir, name))
                    .map(p -> p.toAbsolutePath().normalize())
                    .orElseThrow(() -> new UserError("no notebook " + name + " (looked in . and " + notebookDir
                            + "; a unique prefix such as '02' also works)")));
        }
        return named;
    }

    /**
     * Runs a copy of {@code notebook} placed in the project root, so that its kernel starts there
     * (nbconvert starts a kernel in the notebook's own folder), and moves the executed copy to
     * {@code outDir} under the notebook's name.
     */
    private Result executeFromRoot(Jupyter jupyter, Path root, Path notebook, Path outDir) {
        Path copy = root.resolve(".from-root-" + notebook.getFileName());
        try {
            Files.copy(notebook, copy, StandardCopyOption.REPLACE_EXISTING);
            Result result = executeWithRetries(jupyter, copy, outDir);
            Path executed = outDir.resolve(copy.getFileName());
            if (Files.exists(executed)) {
                Files.move(executed, outDir.resolve(notebook.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = logFile(outDir, copy);
            if (Files.exists(log)) {
                Files.move(log, logFile(outDir, notebook), StandardCopyOption.REPLACE_EXISTING);
            }
            return new Result(notebook, result.outcome(), result.attempts(), result.seconds());
        } catch (IOException e) {
            throw new UserError("cannot run " + notebook.getFileName() + " from " + root + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                err().println("mbpo: could not remove " + copy + ": " + e.getMessage());
            }
        }
    }

    private Result executeWithRetries(Jupyter jupyter, Path notebook, Path outDir) {
        String name = notebook.getFileName().toString();
        Path log = logFile(outDir, notebook);
        long start = System.nanoTime();
        try {
            Files.deleteIfExists(log);
            int attempt = 1;
            NbconvertOutcome outcome = executeOnce(jupyter, notebook, outDir, log, attempt);
            while (outcome.worthRetrying() && attempt < attempts) {
                attempt++;
                err().printf("mbpo: %s: the kernel did not answer at start-up (%s); attempt %d of %d%n",
                        name, outcome.error(), attempt, attempts);
                outcome = executeOnce(jupyter, notebook, outDir, log, attempt);
            }
            if (inPlace && outcome.kind() == NbconvertOutcome.Kind.OK) {
                stamp(notebook);
            }
            return new Result(notebook, outcome, attempt, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records in a notebook executed in place how its outputs were made: {@code metadata.mbpo} with the
     * mode, the date and the checkout's commit ({@code -dirty} when the main sources or the pom had
     * uncommitted changes). The
     * committed notebooks' test requires {@code mode = full}.
     */
    private void stamp(Path notebook) {
        ObjectNode nb = NotebookJson.read(notebook);
        ObjectNode mbpo = nb.with("metadata").putObject("mbpo");
        mbpo.put("mode", fast ? "fast" : "full");
        mbpo.put("executed", LocalDate.now(ZoneOffset.UTC).toString());
        String commit = RunProvenance.gitCommit(projectRoot());
        if (!commit.equals("unknown")) {
            mbpo.put("commit", commit.substring(0, 7) + commit.substring(40)); // short, with any -dirty
        }
        NotebookJson.write(notebook, nb);
    }

    /**
     * The start-up timeout of an attempt: {@code --startup-timeout} at first, 1.5 times longer at each
     * retry (at most 120 s), so a machine slower than expected still gets its kernel started, while a
     * start that hung (about one in eight here) costs only the short first wait.
     */
    int startupTimeout(int attempt) {
        return (int) Math.min(120, Math.round(startupTimeout * Math.pow(1.5, attempt - 1)));
    }

    private static Path logFile(Path outDir, Path notebook) {
        return outDir.resolve(notebook.getFileName().toString().replaceAll("\\.ipynb$", "") + ".log");
    }

    /** One {@code jupyter nbconvert --execute} run; its output is appended to {@code log}. */
    private NbconvertOutcome executeOnce(Jupyter jupyter, Path notebook, Path outDir, Path log, int attempt)
            throws IOException {
        List<String> command = jupyter.command("nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                "--ExecutePreprocessor.timeout=" + cellTimeout,
                "--ExecutePreprocessor.startup_timeout=" + startupTimeout(attempt));
        command.add(inPlace ? "--inplace" : "--output-dir=" + outDir);
        command.add(notebook.toString());
        if (!inPlace) {
            Files.deleteIfExists(outDir.resolve(notebook.getFileName())); // no stale copy survives a failed run
        }
        Path attemptOutput = Files.createTempFile(outDir, "nbconvert-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(attemptOutput.toFile())
                    .redirectInput(ProcessBuilder.Redirect.INHERIT);
            withCheckoutKernel(builder, projectRoot());
            builder.environment().put(Notebook.MODE_VARIABLE, fast ? "fast" : "full");
            int status = Processes.run(builder);
            String output = Files.readString(attemptOutput, StandardCharsets.UTF_8);
            Files.writeString(log, "=== attempt " + attempt + ": " + String.join(" ", command) + "\n" + output,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return NbconvertOutcome.classify(status, output);
        } finally {
            Files.deleteIfExists(attemptOutput);
        }
    }

    private void printResult(Result result, Path outDir, int nameWidth) {
        String name = result.notebook().getFileName().toString();
        out().printf(Locale.ROOT, "%-" + nameWidth + "s  %7.1f s  %-6s  (%d attempt%s)%n", name, result.seconds(),
                result.ok() ? "ok" : "FAILED", result.attempts(), result.attempts() == 1 ? "" : "s");
        if (result.ok()) {
            return;
        }
        NbconvertOutcome outcome = result.outcome();
        PrintWriter out = out();
        switch (outcome.kind()) {
            case CELL_ERROR -> {
                out.println("  failing cell:");
                outcome.cellSource().lines().limit(8).forEach(line -> out.println("    | " + line));
                if (outcome.cellSource().lines().count() > 8) {
                    out.println("    | …");
                }
            }
            case KERNEL_NO_REPLY -> out.printf("  the kernel never answered at start-up, %d time%s%n",
                    result.attempts(), result.attempts() == 1 ? "" : "s");
            default -> { }
        }
        out.println("  error:");
        outcome.error().lines().forEach(line -> out.println("    " + line));
        out.println("  full output: " + projectRoot().relativize(logFile(outDir, result.notebook())));
        out.flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
