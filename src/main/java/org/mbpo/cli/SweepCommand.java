package org.mbpo.cli;

import org.mbpo.sweep.Sweep;
import org.mbpo.sweep.SweepDirectory;
import org.mbpo.sweep.SweepSpec;
import org.mbpo.sweep.SweepStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./mbpo sweep SPEC.json [--out DIR] [--jobs N | --engine slurm ... | --cell I | --status | --collect]}:
 * {@link Sweep}, seeds × settings, each cell a {@code ./mbpo} command with its own run directory, resumable; run by
 * local processes (the default), by one Slurm job array ({@link SlurmEngine}), or one cell per call
 * ({@code --cell I}, for any array scheduler).
 *
 * <p>Before any cell starts, the spec is checked completely: every cell's command is parsed and checked as the
 * command itself would check it ({@link Checkable}), and the directory's record of its spec must agree
 * ({@link SweepDirectory#check}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run seeds × settings of a ./mbpo command (a JSON spec: base arguments, named settings, seeds), each cell "
                + "in its own process and run directory DIR/SETTING/seedS, N at a time; then write DIR/summary.csv, settings.csv "
                + "and curves.png. Every cell's command is checked before any starts; DIR records the spec it was made for.",
                "Run it again to finish an interrupted sweep: finished cells are skipped, interrupted ones resumed (--resume, where "
                        + "they left a checkpoint) or restarted. SIGINT/SIGTERM stop every running cell at its next safe point "
                        + "(exit 130/143). Exit status 1 if a cell failed.",
                "--engine slurm submits one Slurm job array instead (array task I runs --cell I); --status and --collect follow it."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "the sweep: {\"name\", \"base\": [...], \"settings\": {NAME: [...]}, "
            + "\"seeds\": [...], \"slurm\"?: {...}} (examples in sweeps/)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep's directory (default: runs/sweep-SPECNAME); reused to resume")
    Path out;

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N", description = "local engine: cells run at once, each on one "
            + "thread (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE", description = "local (processes on this machine) or "
            + "slurm (one job array) (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--cell", paramLabel = "I", description = "run cell I (cells.csv) in this process and nothing else: what each task "
            + "of a job array runs (Slurm's, or a Kubernetes Indexed Job's: --cell $JOB_COMPLETION_INDEX)")
    Integer cell;

    @Option(names = "--status", description = "print one line per cell (pending, running, finished, interrupted, failed; the last "
            + "evaluation), from the run directories and, under Slurm, squeue")
    boolean status;

    @Option(names = {"--collect", "--summary-only"}, description = "run nothing; write summary.csv, settings.csv and curves.png from "
            + "the cells that have finished, and say which have not")
    boolean collect;

    @CommandLine.Mixin
    SlurmEngine.Options slurm;

    @Override
    public Integer call() {
        SweepSpec sweep = readSpec(specFile);
        if (jobs < 1) {
            throw new UserError("--jobs must be at least 1, got " + jobs);
        }
        if (!engine.equals("local") && !engine.equals("slurm")) {
            throw new UserError("--engine " + engine + ": unknown; use local or slurm");
        }
        int modes = (cell != null ? 1 : 0) + (status ? 1 : 0) + (collect ? 1 : 0);
        if (modes > 1) {
            throw new UserError("give one of --cell, --status and --collect");
        }
        if (engine.equals("local") && slurm.given() != null && !status && !collect) {
            throw new UserError(slurm.given() + " is for --engine slurm");
        }
        String name = specFile.getFileName().toString().replaceAll("\\.json$", "");
        Path dir = out != null ? out : Path.of("runs", "sweep-" + name);
        PrintWriter stdout = spec.commandLine().getOut();
        if (status) {
            return printStatus(sweep, dir, stdout);
        }
        if (collect) {
            return collect(sweep, dir, stdout);
        }
        try {
            SweepDirectory.check(sweep, dir);
        } catch (IllegalArgumentException e) {
            throw new UserError("--out: " + e.getMessage());
        }
        boolean resume = checkCells(sweep, dir);
        if (cell != null) {
            return runCell(sweep, dir, cell, resume);
        }
        if (engine.equals("slurm")) {
            return new SlurmEngine(sweep, specFile, dir, slurm.build().or(sweep.slurm()), stdout).submit(launcher());
        }
        return runLocal(sweep, dir, resume, stdout);
    }

    /** Reads the spec, or one line saying what is wrong with it. */
    static SweepSpec readSpec(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        try {
            return SweepSpec.read(file);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Checks every cell's command as the command would check it, writing nothing.
     *
     * @return whether the command takes {@code --resume}
     * @throws UserError naming the first cell that would fail, and how many would
     */
    static boolean checkCells(SweepSpec sweep, Path dir) {
        if (sweep.command().get(0).equals("sweep")) {
            throw new UserError("base: a sweep cannot run sweeps; give the command of one run, e.g. [\"train\", ...]");
        }
        List<SweepSpec.Cell> cells = sweep.cells();
        String first = null;
        int failing = 0;
        boolean resume = false;
        for (int i = 0; i < cells.size(); i++) {
            SweepSpec.Cell c = cells.get(i);
            List<String> args = sweep.arguments(c, dir, false);
            CommandLine cli = Main.commandLine();
            try {
                CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(new String[0]));
                while (parsed.hasSubcommand()) {
                    parsed = parsed.subcommand();
                }
                Object command = parsed.commandSpec().userObject();
                if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                    throw new UserError("--help and --version run nothing");
                }
                resume = parsed.commandSpec().findOption("--resume") != null;
                if (command instanceof Checkable checkable) {
                    checkable.check();
                }
            } catch (CommandLine.ParameterException | UserError e) {
                failing++;
                if (first == null) {
                    first = "cell " + i + " (" + c.setting() + " seed " + c.seed() + ") would fail: " + e.getMessage();
                }
            }
        }
        if (first != null) {
            throw new UserError(first + (failing > 1 ? " (" + failing + " of " + cells.size() + " cells would fail)" : "")
                    + "; fix the spec, nothing has run");
        }
        return resume;
    }

    /** {@code --cell I}: one cell, here, the way the local engine runs it; its exit status is the command's. */
    private int runCell(SweepSpec sweep, Path dir, int index, boolean resume) {
        List<SweepSpec.Cell> cells = sweep.cells();
        if (index < 0 || index >= cells.size()) {
            throw new UserError("--cell " + index + ": the sweep has cells 0 to " + (cells.size() - 1) + " (see " + dir.resolve(SweepDirectory.CELLS) + ")");
        }
        SweepSpec.Cell c = cells.get(index);
        SweepDirectory.open(sweep, dir);
        PrintWriter stdout = spec.commandLine().getOut();
        String label = "cell " + index + " (" + c.setting() + " seed " + c.seed() + ")";
        try (SweepDirectory.CellLock lock = SweepDirectory.lock(dir, c)) {
            if (lock == null) {
                throw new UserError(label + " is running in another process; see --status");
            }
            Sweep.Attempt attempt = Sweep.prepare(sweep, c, dir, resume);
            if (attempt.action() == Sweep.Action.SKIPPED) {
                stdout.println(label + ": finished before, skipped");
                stdout.flush();
                return 0;
            }
            SweepDirectory.recordExit(dir, c, null);
            String doing = switch (attempt.action()) {
                case RESUMED -> "resuming";
                case RESTARTED -> "restarting (interrupted, no checkpoint to resume)";
                default -> "starting";
            };
            stdout.println(label + ": " + doing + ": ./mbpo " + String.join(" ", attempt.arguments()));
            stdout.flush();
            CommandLine cli = Main.commandLine();
            cli.setOut(spec.commandLine().getOut());
            cli.setErr(spec.commandLine().getErr());
            int status = cli.execute(attempt.arguments().toArray(new String[0]));
            SweepDirectory.recordExit(dir, c, status);
            return status;
        }
    }

    private int runLocal(SweepSpec sweep, Path dir, boolean resume, PrintWriter stdout) {
        SweepDirectory.open(sweep, dir);
        stdout.printf(Locale.ROOT, "sweep %s: %d settings × %d seeds = %d cells, %d at a time -> %s (interrupted cells: %s)%n",
                sweep.name(), sweep.settings().size(), sweep.seeds().size(), sweep.cells().size(), jobs, dir,
                resume ? "resumed with --resume where they left a checkpoint, else restarted" : "restarted; the command has no --resume");
        stdout.flush();
        List<String> launcher = new ArrayList<>();
        Processes.onPath("setsid").ifPresent(setsid -> launcher.add(setsid.toString()));  // cells apart from the terminal's Ctrl-C
        launcher.addAll(launcher());
        Sweep.Result result = Sweep.run(sweep, specFile.toAbsolutePath(), dir, jobs, launcher, resume, stdout);
        printSettings(sweep, dir, stdout);
        long failed = result.outcomes().stream().filter(o -> o.exitStatus() != 0 && !SweepStatus.isStop(o.exitStatus())).count();
        stdout.printf(Locale.ROOT, "summary: %s, %s%s%n", dir.resolve(Sweep.SUMMARY), dir.resolve(Sweep.SETTINGS),
                failed > 0 ? "; " + failed + " cell(s) FAILED (logs in " + dir.resolve(SweepDirectory.LOGS) + ")" : "");
        stdout.flush();
        if (result.stoppedBy() != null) {
            List<SweepStatus.Row> rows = SweepStatus.of(sweep, dir, Map.of());
            spec.commandLine().getErr().println("mbpo: sweep stopped by " + result.stoppedBy().signal() + ": " + SweepStatus.counts(rows)
                    + " (every finished cell, and each interrupted cell's checkpoint, is kept in " + dir + "); resume with: ./mbpo sweep "
                    + specFile + " --out " + dir);
            spec.commandLine().getErr().flush();
            return result.stoppedBy().exitStatus(true);
        }
        return failed > 0 ? 1 : 0;
    }

    private static void printSettings(SweepSpec sweep, Path dir, PrintWriter stdout) {
        for (Sweep.SettingSummary s : Sweep.bySetting(sweep, Sweep.read(sweep, dir))) {
            String finals = s.completed() == 0 ? "no final return (none completed)"
                    : s.completed() == 1 ? String.format(Locale.ROOT, "final return %.1f (one seed)", s.meanReturn())
                    : String.format(Locale.ROOT, "final return %.1f ± %.1f", s.meanReturn(), s.stdReturn());
            stdout.printf(Locale.ROOT, "  %-24s %d/%d completed, %s%n", s.setting(), s.completed(), s.cells(), finals);
        }
    }

    private int printStatus(SweepSpec sweep, Path dir, PrintWriter stdout) {
        requireSweepDirectory(sweep, dir);
        Map<Integer, String> queued = SlurmEngine.queued(dir, spec.commandLine().getErr());
        stdout.print(SweepStatus.table(SweepStatus.of(sweep, dir, queued)));
        stdout.flush();
        return 0;
    }

    private int collect(SweepSpec sweep, Path dir, PrintWriter stdout) {
        requireSweepDirectory(sweep, dir);
        Sweep.summarize(sweep, dir);
        printSettings(sweep, dir, stdout);
        List<SweepStatus.Row> rows = SweepStatus.of(sweep, dir, SlurmEngine.queued(dir, spec.commandLine().getErr()));
        List<String> unfinished = rows.stream().filter(r -> r.state() != SweepStatus.State.FINISHED)
                .map(r -> r.cell().setting() + " seed " + r.cell().seed() + " (" + r.state().name().toLowerCase(Locale.ROOT) + ")").toList();
        stdout.println("summary written to " + dir.resolve(Sweep.SUMMARY) + ", " + dir.resolve(Sweep.SETTINGS) + ", " + dir.resolve(Sweep.CURVES)
                + (unfinished.isEmpty() ? "; every cell finished" : "; not finished: " + String.join(", ", unfinished)));
        stdout.flush();
        return 0;
    }

    private static void requireSweepDirectory(SweepSpec sweep, Path dir) {
        if (!Files.isRegularFile(dir.resolve(SweepDirectory.SPEC)) && !Files.isDirectory(dir.resolve(SweepDirectory.LOGS))) {
            throw new UserError("--out " + dir + ": no sweep there yet (no " + SweepDirectory.SPEC + "); run the sweep first");
        }
        try {
            SweepDirectory.check(sweep, dir);
        } catch (IllegalArgumentException e) {
            throw new UserError("--out: " + e.getMessage());
        }
    }

    /** This JVM's java, options that matter (headless, Vector API, project root) and classpath, then Main. */
    static List<String> launcher() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.javaExecutable().toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        String root = System.getProperty("mbpo.root");
        if (root != null) {
            cmd.add("-Dmbpo.root=" + root);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }
}
