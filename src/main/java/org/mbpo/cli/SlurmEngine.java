package org.mbpo.cli;

import org.mbpo.sweep.SlurmArray;
import org.mbpo.sweep.SlurmOptions;
import org.mbpo.sweep.Sweep;
import org.mbpo.sweep.SweepDirectory;
import org.mbpo.sweep.SweepSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * {@code ./mbpo sweep SPEC --out DIR --engine slurm}: submits the sweep's unfinished cells as one Slurm job array
 * ({@link SlurmArray}); cells finished, queued or running are left alone, so running it again resubmits only what
 * is left. The array runs a copy of this jar kept in {@code DIR/slurm/} (made at the first submission), so that a
 * rebuild cannot change the code under a running sweep.
 */
final class SlurmEngine {
    /** The command line's Slurm options (null where not given: the spec's, then Slurm's defaults). */
    static final class Options {
        @Option(names = "--partition", paramLabel = "P", description = "Slurm: the partition")
        String partition;

        @Option(names = "--time", paramLabel = "HH:MM:SS", description = "Slurm: each cell's time limit")
        String time;

        @Option(names = "--cpus-per-task", paramLabel = "N", description = "Slurm: CPUs per cell (default 1; a cell trains on "
                + "min(N, 2) threads)")
        Integer cpusPerTask;

        @Option(names = "--mem", paramLabel = "M", description = "Slurm: memory per cell (8G, 4000M)")
        String mem;

        @Option(names = "--account", paramLabel = "A", description = "Slurm: the account to charge")
        String account;

        @Option(names = "--max-running", paramLabel = "N", description = "Slurm: at most N cells at once (the array's %%N)")
        Integer maxRunning;

        @Option(names = "--signal-before", paramLabel = "SECONDS", description = "Slurm: SIGUSR1 this long before the time limit: "
                + "the cell stops after its next checkpoint (default " + SlurmOptions.DEFAULT_SIGNAL_BEFORE + "; 0: none)")
        Integer signalBefore;

        @Option(names = "--requeue", description = "Slurm: a cell stopped so before its time limit requeues itself and resumes")
        Boolean requeue;

        @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "Slurm: one more sbatch argument, verbatim "
                + "(repeatable; write --sbatch-arg=--qos=high)")
        List<String> sbatchArgs = new ArrayList<>();

        /** The first Slurm option given, or null. */
        String given() {
            return partition != null ? "--partition" : time != null ? "--time" : cpusPerTask != null ? "--cpus-per-task"
                    : mem != null ? "--mem" : account != null ? "--account" : maxRunning != null ? "--max-running"
                    : signalBefore != null ? "--signal-before" : requeue != null ? "--requeue" : !sbatchArgs.isEmpty() ? "--sbatch-arg" : null;
        }

        SlurmOptions build() {
            try {
                return new SlurmOptions(partition, time, cpusPerTask, mem, account, maxRunning, signalBefore, requeue, sbatchArgs);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                int colon = m.indexOf(':');
                throw new UserError("--" + m.substring(0, colon).replace('_', '-') + m.substring(colon));
            }
        }
    }

    private final SweepSpec sweep;
    private final Path specFile;
    private final Path dir;
    private final SlurmOptions options;
    private final PrintWriter out;

    SlurmEngine(SweepSpec sweep, Path specFile, Path dir, SlurmOptions options, PrintWriter out) {
        this.sweep = sweep;
        this.specFile = specFile;
        this.dir = dir;
        this.options = options;
        this.out = out;
    }

    /**
     * Submits every cell that is not finished, queued or running, as one array. Mutates the sweep directory.
     *
     * @param launcher java, its options and classpath, and Main (the classpath is replaced by the sweep's jar copy)
     * @return 0, or a {@link UserError} when sbatch is missing or refuses (its message shown)
     */
    int submit(List<String> launcher) {
        Path sbatch = Processes.onPath("sbatch").orElseThrow(() -> new UserError("--engine slurm: sbatch not found on PATH; run this on "
                + "a Slurm login node (or leave out --engine to run the cells on this machine)"));
        boolean fresh = !Files.exists(dir);
        SweepDirectory.open(sweep, dir);
        Path abs = dir.toAbsolutePath().normalize();
        Map<Integer, String> queued = queued(dir, null);
        List<SweepSpec.Cell> cells = sweep.cells();
        List<Integer> todo = new ArrayList<>();
        int finished = 0;
        for (int i = 0; i < cells.size(); i++) {
            if (Sweep.plan(cells.get(i), dir, false) == Sweep.Action.SKIPPED) {
                finished++;
            } else if (!queued.containsKey(i) && !SweepDirectory.isLocked(dir, cells.get(i))) {
                todo.add(i);
            }
        }
        if (todo.isEmpty()) {
            out.printf("nothing to submit: %d of %d cells finished, %d queued or running; see --status%n", finished, cells.size(),
                    cells.size() - finished);
            out.flush();
            return 0;
        }
        Path script = abs.resolve("slurm").resolve("cell.sh");
        String jobId;
        try {
            List<String> cellCommand = cellCommand(launcher, abs);
            Files.createDirectories(script.getParent());
            Files.writeString(script, SlurmArray.script(cellCommand, abs, options.requeues()));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> command = SlurmArray.sbatch(options, sweep.name(), todo, abs, Path.of("").toAbsolutePath(), script);
            command.set(0, sbatch.toString());
            Processes.Captured r = Processes.capture(command, 120);
            if (r.status() != 0) {
                throw new UserError("sbatch refused the job array (exit " + r.status() + "): " + r.firstLine()
                        + "; the command was: " + String.join(" ", command));
            }
            jobId = r.out().strip().split("[;\\s]", 2)[0];
            if (!jobId.matches("\\d+")) {
                throw new UserError("sbatch printed no job id (it printed '" + r.firstLine() + "')");
            }
        } catch (IOException | RuntimeException e) {
            if (fresh) {
                deleteQuietly(dir);   // the directory was made by this command, for this submission only
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException("cannot write " + script + ": " + e.getMessage(), (IOException) e);
        }
        SlurmArray.recordSubmission(dir, jobId, todo);
        out.printf("submitted job array %s: cells %s (%d of %d; %d finished before)%s -> %s%n", jobId, SlurmArray.indices(todo, null),
                todo.size(), cells.size(), finished, options.maxRunning() == null ? "" : ", " + options.maxRunning() + " at a time", dir);
        out.printf("each cell's output: %s/SETTING-seedS.log (Slurm's: slurm-%s_I.out); follow with: ./mbpo sweep %s --out %s --status;"
                + " when it is done: ... --collect%n", dir.resolve(SweepDirectory.LOGS), jobId, specFile, dir);
        out.flush();
        return 0;
    }

    /**
     * The command each array task runs, up to the cell's number: java with the sweep's copy of this jar when it runs
     * from one, else with this JVM's classpath; the spec and directory as absolute paths.
     */
    private List<String> cellCommand(List<String> launcher, Path abs) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        int cp = cmd.indexOf("-cp");
        Path jar = Path.of(cmd.get(cp + 1));
        if (isFatJar(jar)) {
            Path copy = abs.resolve("slurm").resolve("mbpo.jar");
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                Path tmp = copy.resolveSibling(".mbpo.jar.tmp");
                Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
            } else if (Files.size(copy) != Files.size(jar) || Files.mismatch(copy, jar) != -1) {
                out.println("note: the cells run " + copy + ", this sweep's jar from its first submission, not " + jar
                        + " (a new build needs a new --out)");
            }
            cmd.set(cp + 1, copy.toString());
        }
        cmd.addAll(List.of("sweep", specFile.toAbsolutePath().normalize().toString(), "--out", abs.toString(), "--cell"));
        return cmd;
    }

    private static boolean isFatJar(Path p) {
        if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p)) {
            return false;
        }
        try (JarFile j = new JarFile(p.toFile())) {
            return j.getEntry(Main.class.getName().replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The Slurm states of the sweep's array tasks still in Slurm's queue, by cell ({@code squeue}, one call per
     * recorded job; a job Slurm has forgotten has no tasks queued). Empty without Slurm or submissions.
     *
     * @param err where to say that squeue is missing, or null
     */
    static Map<Integer, String> queued(Path dir, PrintWriter err) {
        Set<String> jobs = SlurmArray.submittedJobs(dir);
        if (jobs.isEmpty()) {
            return Map.of();
        }
        var squeue = Processes.onPath("squeue");
        if (squeue.isEmpty()) {
            if (err != null) {
                err.println("mbpo: note: squeue not found, so the states come from the run directories only");
                err.flush();
            }
            return Map.of();
        }
        Map<Integer, String> states = new HashMap<>();
        for (String job : jobs) {
            Processes.Captured r = Processes.capture(List.of(squeue.get().toString(), "-h", "-r", "-j", job, "-o", "%F|%K|%T"), 60);
            if (r.status() == 0) {
                SlurmArray.queued(r.out(), Set.of(job)).forEach((cell, state) -> states.merge(cell, state,
                        (a, b) -> a.equals("RUNNING") ? a : b));
            }
        }
        return states;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left behind; harmless
                }
            });
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
