package org.mbpo.cli;

import org.mbpo.sweep.Sweep;
import org.mbpo.sweep.SweepSpec;
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
import java.util.concurrent.Callable;

/**
 * {@code ./mbpo sweep SPEC.json [--out DIR] [--jobs N] [--summary-only]}: {@link Sweep}, seeds × settings, each
 * cell a {@code ./mbpo} process with its own run directory, resumable.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run seeds × settings of a ./mbpo command (a JSON spec: base arguments, named settings, seeds), each cell "
                + "in its own process and run directory DIR/SETTING/seedS, N at a time; then write DIR/summary.csv, settings.csv "
                + "and curves.png.",
                "Run it again to finish an interrupted sweep: finished cells are skipped, interrupted ones resumed (--resume, where they left a checkpoint) or "
                        + "restarted. Exit status 1 if a cell failed."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "the sweep: {\"name\", \"base\": [...], \"settings\": {NAME: [...]}, "
            + "\"seeds\": [...]} (examples in sweeps/)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep's directory (default: runs/sweep-SPECNAME); reused to resume")
    Path out;

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N", description = "cells run at once, each on one thread (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--summary-only", description = "run nothing; rewrite the summary from the cells' directories")
    boolean summaryOnly;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(specFile)) {
            throw new UserError(specFile + ": no such file");
        }
        SweepSpec sweep;
        try {
            sweep = SweepSpec.read(specFile);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (jobs < 1) {
            throw new UserError("--jobs must be at least 1, got " + jobs);
        }
        String name = specFile.getFileName().toString().replaceAll("\\.json$", "");
        Path dir = out != null ? out : Path.of("runs", "sweep-" + name);
        PrintWriter stdout = spec.commandLine().getOut();
        if (summaryOnly) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("--out " + dir + ": no such sweep directory");
            }
            Sweep.summarize(sweep, dir);
            stdout.println("summary written to " + dir.resolve(Sweep.SETTINGS));
            return 0;
        }
        List<String> launcher = launcher();
        boolean resume = Sweep.supportsResume(launcher, sweep);
        stdout.printf(Locale.ROOT, "sweep %s: %d settings × %d seeds = %d cells, %d at a time -> %s (interrupted cells: %s)%n",
                sweep.name(), sweep.settings().size(), sweep.seeds().size(), sweep.cells().size(), jobs, dir,
                resume ? "resumed with --resume where they left a checkpoint, else restarted" : "restarted; the command has no --resume");
        stdout.flush();
        List<Sweep.Outcome> outcomes = Sweep.run(sweep, dir, jobs, launcher, resume, stdout);
        long failed = outcomes.stream().filter(o -> o.exitStatus() != 0).count();
        for (Sweep.SettingSummary s : Sweep.bySetting(sweep, Sweep.read(sweep, dir))) {
            stdout.printf(Locale.ROOT, "  %-24s %d/%d completed, final return %.1f ± %.1f%n", s.setting(), s.completed(), s.cells(),
                    s.meanReturn(), s.stdReturn());
        }
        stdout.printf(Locale.ROOT, "summary: %s, %s%s%n", dir.resolve(Sweep.SUMMARY), dir.resolve(Sweep.SETTINGS),
                failed > 0 ? "; " + failed + " cell(s) FAILED (logs in " + dir.resolve("logs") + ")" : "");
        stdout.flush();
        return failed > 0 ? 1 : 0;
    }

    /** This JVM's java, options that matter (headless, Vector API, project root) and classpath, then Main. */
    static List<String> launcher() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
