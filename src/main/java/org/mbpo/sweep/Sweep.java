package org.mbpo.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.XYChart;
import org.mbpo.analysis.Stats;
import org.mbpo.report.Charts;
import org.mbpo.report.MeasurementCharts;

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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mbpo.run.RunDirectory;

/**
 * Runs a {@link SweepSpec}: every (setting, seed) cell as its own {@code ./mbpo} process writing its own run
 * directory ({@code DIR/SETTING/seedS}), {@code jobs} at a time (one per core; each child gets
 * {@code MBPO_THREADS=1} when more than one runs), then writes the summary.
 *
 * <p>Resumable: a cell whose directory holds {@code result.json} is finished (completed or diverged) and is
 * skipped; a directory without it was interrupted: it is resumed with {@code --resume} when the command has that
 * option, otherwise moved aside to {@code DIR/SETTING/seedS.partial-TIME} and run again. Each child's output goes
 * to {@code DIR/logs/SETTING-seedS.log}.
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

    /** What happened to one cell in this invocation. */
    public enum Action { SKIPPED, RAN, RESUMED, RESTARTED }

    /** One cell's outcome: what was done, the child's exit status (0 when skipped) and its wall time. */
    public record Outcome(SweepSpec.Cell cell, Action action, int exitStatus, double seconds) {
    }

    /**
     * Whether {@code launcher SUBCOMMAND --help} lists a {@code --resume} option (the subcommand is the spec's
     * first base argument).
     */
    public static boolean supportsResume(List<String> launcher, SweepSpec spec) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(spec.base().get(0));
        cmd.add("--help");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out.contains("--resume");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs every unfinished cell and writes the summary.
     *
     * @param launcher the command that starts {@code ./mbpo} (the launcher, or java with this jar and Main)
     * @param resume   whether the cells' command takes {@code --resume} ({@link #supportsResume})
     * @param log      one line per cell started and finished, or null
     * @return the outcomes, in cell order
     */
    public static List<Outcome> run(SweepSpec spec, Path dir, int jobs, List<String> launcher, boolean resume, PrintWriter log) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(logs);
            Files.writeString(dir.resolve("sweep.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Map.of("name", spec.name(), "base", spec.base(), "settings", spec.settings(), "seeds", spec.seeds())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
        }
        List<SweepSpec.Cell> cells = spec.cells();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (SweepSpec.Cell cell : cells) {
            futures.add(pool.submit(() -> runCell(spec, cell, dir, launcher, resume, jobs > 1, log)));
        }
        pool.shutdown();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            pool.shutdownNow();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        summarize(spec, dir);
        return outcomes;
    }

    private static Outcome runCell(SweepSpec spec, SweepSpec.Cell cell, Path dir, List<String> launcher, boolean resume,
                                   boolean oneThread, PrintWriter log) throws IOException, InterruptedException {
        Path runDir = cell.dir(dir);
        String label = cell.setting() + " seed " + cell.seed();
        if (Files.exists(runDir.resolve("result.json"))) {
            say(log, "%s: finished before, skipped", label);
            return new Outcome(cell, Action.SKIPPED, 0, 0);
        }
        Action action = Action.RAN;
        boolean resumeThis = false;
        if (Files.isDirectory(runDir) && !isEmpty(runDir)) {
            // Only a run that left a checkpoint can be resumed (MBPO's or SAC's); any other is run again from the start.
            if (resume && Files.exists(runDir.resolve(RunDirectory.CHECKPOINT))) {
                action = Action.RESUMED;
                resumeThis = true;
            } else {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Files.move(runDir, runDir.resolveSibling(runDir.getFileName() + ".partial-" + stamp));
                action = Action.RESTARTED;
            }
        }
        Files.createDirectories(runDir.getParent());
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(spec.arguments(cell, dir, resumeThis));
        Path logFile = dir.resolve("logs").resolve(cell.setting() + "-seed" + cell.seed() + ".log");
        Files.writeString(logFile, "$ " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (oneThread) {
            pb.environment().put("MBPO_THREADS", "1");
        }
        say(log, "%s: %s", label, action == Action.RAN ? "started" : action == Action.RESUMED ? "resuming" : "restarting (interrupted, no --resume)");
        long t0 = System.nanoTime();
        Process p = pb.start();
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        say(log, "%s: %s in %.0f s%s", label, status == 0 ? "finished" : "FAILED (exit " + status + ")", seconds,
                status == 0 ? "" : "; see " + logFile);
        return new Outcome(cell, action, status, seconds);
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
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
                    // SAC's result.json has wall_seconds; MBPO's has trained_seconds (its wall time over every session).
                    wall = r.path(r.has("wall_seconds") ? "wall_seconds" : "trained_seconds").asDouble(Double.NaN);
                } catch (IOException e) {
                    status = "unreadable";
                }
            }
            double[][] curve = curve(runDir.resolve("progress.csv"));
            int n = curve[0].length;
            out.add(new CellResult(cell, status, n == 0 ? 0 : (long) curve[0][n - 1], n == 0 ? Double.NaN : curve[1][n - 1], wall,
                    curve[0], curve[1]));
        }
        return out;
    }

    /** Steps and evaluation returns from a progress.csv (empty arrays if absent). */
    static double[][] curve(Path progress) {
        if (!Files.exists(progress)) {
            return new double[][] {{}, {}};
        }
        try {
            List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return new double[][] {{}, {}};
            }
            List<String> header = List.of(lines.get(0).split(","));
            int step = header.indexOf("step");
            int ret = header.indexOf("eval_return");
            if (step < 0 || ret < 0) {
                throw new IllegalArgumentException(progress + ": no step or eval_return column");
            }
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length > Math.max(step, ret) && !f[ret].isEmpty()) {
                    rows.add(new double[] {Double.parseDouble(f[step]), Double.parseDouble(f[ret])});
                }
            }
            return new double[][] {rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray()};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + progress, e);
        }
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
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        for (String s : spec.settings().keySet()) {
            List<CellResult> of = results.stream().filter(r -> r.cell().setting().equals(s) && r.steps().length > 0).toList();
            if (of.isEmpty()) {
                continue;
            }
            TreeMap<Double, double[]> sums = new TreeMap<>();
            for (CellResult r : of) {
                for (int i = 0; i < r.steps().length; i++) {
                    double[] acc = sums.computeIfAbsent(r.steps()[i], k -> new double[2]);
                    acc[0] += r.evalReturns()[i];
                    acc[1]++;
                }
            }
            double[] x = sums.entrySet().stream().filter(e -> e.getValue()[1] == of.size()).mapToDouble(Map.Entry::getKey).toArray();
            double[] y = sums.entrySet().stream().filter(e -> e.getValue()[1] == of.size())
                    .mapToDouble(e -> e.getValue()[0] / e.getValue()[1]).toArray();
            if (x.length > 0) {
                Charts.line(chart, s + " (" + of.size() + " seeds)", x, y);
            }
        }
        return chart;
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
