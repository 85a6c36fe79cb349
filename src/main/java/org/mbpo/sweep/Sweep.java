package org.mbpo.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.XYChart;
import org.mbpo.analysis.Stats;
import org.mbpo.report.Charts;
import org.mbpo.report.MeasurementCharts;
import org.mbpo.report.ProgressCsv;
import org.mbpo.report.TrainingTime;
import org.mbpo.run.RunDirectory;
import org.mbpo.stop.StopRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link SweepSpec}: every (setting, seed) cell as its own {@code ./mbpo sweep SPEC --out DIR --cell I}
 * process writing its own run directory ({@code DIR/SETTING/seedS}), {@code jobs} at a time (one per core; each
 * child gets {@code MBPO_THREADS=1} when more than one runs), then writes the summary. A Slurm job array
 * ({@link SlurmArray}) runs the same {@code --cell} command per task, so both engines write the same files.
 *
 * <p>Resumable: a cell whose directory holds {@code result.json} is finished (completed or diverged) and is
 * skipped; a directory without it was interrupted: it is resumed with {@code COMMAND --resume DIR} when the command
 * has that option and the run left a checkpoint, otherwise moved aside to {@code DIR/SETTING/seedS.partial-TIME}
 * and run again ({@link #prepare}). Each cell's output goes to {@code DIR/logs/SETTING-seedS.log}
 * ({@link SweepDirectory}).
 *
 * <p>Stopping: a SIGINT, SIGTERM or SIGUSR1 to the sweep's process is passed on to every running cell (each stops
 * at its next safe point, keeping its checkpoint), and no further cell starts.
 *
 * <p>Summary ({@link #summarize}): {@code summary.csv} (one row per cell: status, final step, final evaluation
 * return, wall time), {@code settings.csv} (per setting: cells finished, mean and standard deviation of the final
 * return over seeds, mean wall time) and {@code curves.png} (mean evaluation return over seeds against steps).
 * Cells are read from their {@code result.json} and {@code progress.csv} (columns {@code step} and {@code eval_return}).
 */
public final class Sweep {
    private Sweep() {
    }

    public static final String SUMMARY = "summary.csv";
    public static final String SETTINGS = "settings.csv";
    public static final String CURVES = "curves.png";

    /** What happened, or would happen, to one cell. */
    public enum Action { SKIPPED, RAN, RESUMED, RESTARTED, NOT_STARTED }

    /** One cell's outcome: what was done, the child's exit status (0 when skipped or not started) and its wall time. */
    public record Outcome(SweepSpec.Cell cell, Action action, int exitStatus, double seconds) {
    }

    /**
     * What the next attempt at {@code cell} does (reads only): skip it (finished), run it, resume it ({@code resume}:
     * the command takes {@code --resume}; the run left a checkpoint) or restart it.
     */
    public static Action plan(SweepSpec.Cell cell, Path dir, boolean resume) {
        Path runDir = cell.dir(dir);
        if (Files.exists(runDir.resolve("result.json"))) {
            return Action.SKIPPED;
        }
        if (!Files.isDirectory(runDir) || SweepDirectory.isEmpty(runDir)) {
            return Action.RAN;
        }
        // Only a run that left a checkpoint can be resumed (MBPO's or SAC's); any other is run again from the start.
        return resume && Files.exists(runDir.resolve(RunDirectory.CHECKPOINT)) ? Action.RESUMED : Action.RESTARTED;
    }

    /** The next attempt at a cell: what it does, and the command's arguments (none when skipped). */
    public record Attempt(Action action, List<String> arguments) {
    }

    /**
     * Prepares the next attempt at {@code cell} ({@link #plan}): moves an interrupted run that cannot be resumed aside
     * to {@code SETTING/seedS.partial-TIME} and creates the setting's directory. Mutates the sweep directory.
     */
    public static Attempt prepare(SweepSpec spec, SweepSpec.Cell cell, Path dir, boolean resume) {
        Action action = plan(cell, dir, resume);
        Path runDir = cell.dir(dir);
        try {
            if (action == Action.SKIPPED) {
                return new Attempt(action, List.of());
            }
            if (action == Action.RESTARTED) {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Files.move(runDir, runDir.resolveSibling(runDir.getFileName() + ".partial-" + stamp));
            }
            Files.createDirectories(runDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + runDir + ": " + e.getMessage(), e);
        }
        return new Attempt(action, spec.arguments(cell, dir, action == Action.RESUMED));
    }

    /**
     * Runs every unfinished cell, {@code jobs} at a time, each as {@code launcher sweep SPEC --out DIR --cell I}, and
     * writes the summary. The directory must be open ({@link SweepDirectory#open}).
     *
     * @param specFile the spec's file, which each cell's process reads again (and checks against the directory)
     * @param launcher the command that starts {@code ./mbpo} (java with this jar and Main)
     * @param resume   whether the cells' command takes {@code --resume} (for the messages; each cell decides itself)
     * @param log      one line per cell started and finished, or null
     * @return the outcomes, in cell order (cells not started because a stop was requested are {@link Action#NOT_STARTED}),
     *         and the stop request, if one came
     */
    @SuppressWarnings("try")  // the watch is held, not used: it passes signals on to the cells
    public static Result run(SweepSpec spec, Path specFile, Path dir, int jobs, List<String> launcher, boolean resume,
                                    PrintWriter log) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        List<SweepSpec.Cell> cells = spec.cells();
        Set<Process> running = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Outcome> outcomes = new ArrayList<>();
        StopRequest.Kind stoppedBy;
        try (StopRequest.Watch watch = StopRequest.watch(kind -> running.forEach(p -> signal(p, kind)))) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> runCell(specFile, cells.get(index), index, dir, launcher, resume, jobs > 1, running, log)));
            }
            pool.shutdown();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            stoppedBy = StopRequest.requested();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            pool.shutdownNow();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        summarize(spec, dir);
        return new Result(outcomes, stoppedBy);
    }

    /** What {@link #run} did: every cell's outcome, and the stop request that ended it early, or null. */
    public record Result(List<Outcome> outcomes, StopRequest.Kind stoppedBy) {
    }

    /** Sends a stop request's signal to a cell's process ({@code kill -s}; Java's own API sends SIGTERM only). */
    private static void signal(Process p, StopRequest.Kind kind) {
        try {
            new ProcessBuilder("kill", "-s", kind.signal().substring(3), Long.toString(p.pid())).inheritIO().start();
        } catch (IOException e) {
            p.destroy();
        }
    }

    private static Outcome runCell(Path specFile, SweepSpec.Cell cell, int index, Path dir, List<String> launcher, boolean resume,
                                   boolean oneThread, Set<Process> running, PrintWriter log) throws IOException, InterruptedException {
        String label = cell.setting() + " seed " + cell.seed();
        Action action = plan(cell, dir, resume);
        if (action == Action.SKIPPED) {
            say(log, "%s: finished before, skipped", label);
            return new Outcome(cell, Action.SKIPPED, 0, 0);
        }
        if (StopRequest.requested() != null) {
            return new Outcome(cell, Action.NOT_STARTED, 0, 0);
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("sweep", specFile.toString(), "--out", dir.toString(), "--cell", Integer.toString(index)));
        Path logFile = SweepDirectory.log(dir, cell);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (oneThread) {
            pb.environment().put("MBPO_THREADS", "1");
        }
        say(log, "%s: %s", label, action == Action.RAN ? "started" : action == Action.RESUMED ? "resuming"
                : "restarting (interrupted, no checkpoint to resume)");
        long t0 = System.nanoTime();
        Process p = pb.start();
        running.add(p);
        StopRequest.Kind late = StopRequest.requested();
        if (late != null) {
            signal(p, late);   // the request came while this cell was starting
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        } finally {
            running.remove(p);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        say(log, "%s: %s in %.0f s%s", label, status == 0 ? "finished" : StopRequest.requested() != null ? "stopped (exit " + status + ")"
                : "FAILED (exit " + status + ")", seconds, status == 0 ? "" : "; see " + logFile);
        return new Outcome(cell, action, status, seconds);
    }

    /** One cell as the summary reads it. */
    public record CellResult(SweepSpec.Cell cell, String status, long finalStep, double finalReturn, double wallSeconds,
                             double[] steps, double[] evalReturns) {
    }

    /** Reads every cell's run directory (status "missing" where there is no result.json). */
    public static List<CellResult> read(SweepSpec spec, Path dir) {
        List<CellResult> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (SweepSpec.Cell cell : spec.cells()) {
            Path runDir = cell.dir(dir);
            String status = "missing";
            double wall = Double.NaN;
            if (Files.exists(runDir.resolve("result.json"))) {
                try {
                    JsonNode r = json.readTree(runDir.resolve("result.json").toFile());
                    status = r.path("status").asText("unknown");
                    // The wall time over every session, from timing.csv (result.json's trained_seconds missed the
                    // segment before each resume until 2026-12-07); unknown where timing.csv cannot be read.
                    try {
                        wall = TrainingTime.seconds(runDir);
                    } catch (IllegalArgumentException e) {
                        wall = Double.NaN;
                    }
                } catch (IOException e) {
                    status = "unreadable";
                }
            }
            ProgressCsv.Curve curve = ProgressCsv.read(runDir.resolve("progress.csv"));
            int n = curve.steps().length;
            out.add(new CellResult(cell, status, n == 0 ? 0 : (long) curve.steps()[n - 1], n == 0 ? Double.NaN : curve.evalReturns()[n - 1],
                    wall, curve.steps(), curve.evalReturns()));
        }
        return out;
    }

    /** Per setting: the mean final return over its finished seeds, their standard deviation and count. */
    public record SettingSummary(String setting, int cells, int completed, double meanReturn, double stdReturn,
                                 double meanWallSeconds) {
    }

    /** The per-setting summary of {@code results} (cells that completed only). */
    public static List<SettingSummary> bySetting(SweepSpec spec, List<CellResult> results) {
        List<SettingSummary> out = new ArrayList<>();
        for (String s : spec.settings().keySet()) {
            List<CellResult> of = results.stream().filter(r -> r.cell().setting().equals(s)).toList();
            double[] finals = of.stream().filter(r -> r.status().equals("completed")).mapToDouble(CellResult::finalReturn).toArray();
            double[] walls = of.stream().filter(r -> r.status().equals("completed")).mapToDouble(CellResult::wallSeconds).toArray();
            out.add(new SettingSummary(s, of.size(), finals.length, Stats.mean(finals),
                    Stats.sampleStd(finals), Stats.mean(walls)));
        }
        return out;
    }

    /** Writes summary.csv, settings.csv and curves.png from the cells' directories. */
    public static void summarize(SweepSpec spec, Path dir) {
        List<CellResult> results = read(spec, dir);
        List<String> lines = new ArrayList<>();
        lines.add("setting,seed,status,final_step,final_eval_return,wall_seconds");
        for (CellResult r : results) {
            lines.add(String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%s", r.cell().setting(), r.cell().seed(), r.status(), r.finalStep(),
                    num(r.finalReturn()), num(r.wallSeconds())));
        }
        List<String> settings = new ArrayList<>();
        settings.add("setting,cells,completed,mean_final_return,std_final_return,mean_wall_seconds");
        for (SettingSummary s : bySetting(spec, results)) {
            settings.add(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s", s.setting(), s.cells(), s.completed(), num(s.meanReturn()),
                    num(s.stdReturn()), num(s.meanWallSeconds())));
        }
        try {
            Files.write(dir.resolve(SUMMARY), lines, StandardCharsets.UTF_8);
            Files.write(dir.resolve(SETTINGS), settings, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary into " + dir, e);
        }
        XYChart chart = curves(spec, results);
        if (!chart.getSeriesMap().isEmpty()) {
            MeasurementCharts.save(chart, dir.resolve(CURVES));
        }
    }

    /** Mean evaluation return over a setting's seeds against steps, at the steps every seed with data reached. */
    public static XYChart curves(SweepSpec spec, List<CellResult> results) {
        XYChart chart = Charts.xy(spec.name() + ": evaluation return, mean over seeds", "environment steps", "return");
        for (String s : spec.settings().keySet()) {
            List<CellResult> of = results.stream().filter(r -> r.cell().setting().equals(s) && r.steps().length > 0).toList();
            if (of.isEmpty()) {
                continue;
            }
            double[][] mean = meanCurve(of);
            if (mean[0].length > 0) {
                Charts.line(chart, s + " (" + of.size() + " seeds)", mean[0], mean[1]);
            }
        }
        return chart;
    }

    /** {@code {steps, mean returns}}: the mean evaluation return over {@code cells} at the steps every one of them reached. */
    public static double[][] meanCurve(List<CellResult> cells) {
        TreeMap<Double, double[]> sums = new TreeMap<>();
        for (CellResult r : cells) {
            for (int i = 0; i < r.steps().length; i++) {
                double[] acc = sums.computeIfAbsent(r.steps()[i], k -> new double[2]);
                acc[0] += r.evalReturns()[i];
                acc[1]++;
            }
        }
        double[] x = sums.entrySet().stream().filter(e -> e.getValue()[1] == cells.size()).mapToDouble(Map.Entry::getKey).toArray();
        double[] y = sums.entrySet().stream().filter(e -> e.getValue()[1] == cells.size())
                .mapToDouble(e -> e.getValue()[0] / e.getValue()[1]).toArray();
        return new double[][] {x, y};
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static void say(PrintWriter log, String format, Object... args) {
        if (log != null) {
            synchronized (log) {
                log.println(String.format(Locale.ROOT, format, args));
                log.flush();
            }
        }
    }
}
