package org.mbpo.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.table.TableSliceGroup;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;

/**
 * Learning curves of training runs, grouped by algorithm and environment: the evaluation return's mean
 * and standard deviation over seeds against real environment steps. Works on any run directory with a
 * {@code config.json} ({@code algo}, {@code env}, {@code seed}) and a {@code progress.csv} with
 * {@code step} and {@code eval_return} columns: SAC's ({@code ./mbpo train --algo sac}) and MBPO's.
 * Tables are Tablesaw's; charts are XChart's.
 */
public final class LearningCurves {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LearningCurves() {
    }

    /**
     * One row per progress row of every run: {@code run} (the directory's name), {@code algo}
     * (upper case, e.g. MBPO), {@code env}, {@code seed}, {@code step}, {@code eval_return}.
     *
     * @throws IllegalArgumentException (one line, naming the file) if a directory is not a run directory
     *                                  or its files lack what is needed
     */
    public static Table load(List<Path> runDirectories) {
        return load(runDirectories, warning -> { });
    }

    /**
     * As {@link #load(List)}, passing each warning (a last row cut short, left out: {@link ProgressCsv}) to
     * {@code warnings}.
     */
    public static Table load(List<Path> runDirectories, java.util.function.Consumer<String> warnings) {
        StringColumn run = StringColumn.create("run");
        StringColumn algo = StringColumn.create("algo");
        StringColumn env = StringColumn.create("env");
        LongColumn seed = LongColumn.create("seed");
        LongColumn step = LongColumn.create("step");
        DoubleColumn evalReturn = DoubleColumn.create("eval_return");
        Set<String> seen = new LinkedHashSet<>();
        for (Path dir : runDirectories) {
            Path config = dir.resolve("config.json");
            Path progress = dir.resolve("progress.csv");
            if (!Files.isRegularFile(config) || !Files.isRegularFile(progress)) {
                throw new IllegalArgumentException(dir + " is not a run directory (it needs config.json and progress.csv)");
            }
            JsonNode c;
            try {
                c = JSON.readTree(config.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(dir + ": unreadable: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!c.path("algo").isTextual() || !c.path("env").isTextual() || !c.path("seed").canConvertToLong()) {
                throw new IllegalArgumentException(config + ": no algo, env or seed");
            }
            String a = c.get("algo").asText().toUpperCase(Locale.ROOT);
            String e = c.get("env").asText();
            long s = c.get("seed").asLong();
            if (!seen.add(a + " " + e + " " + s)) {
                throw new IllegalArgumentException(dir + ": a second run of " + a + " on " + e + " with seed " + s
                        + "; give each seed once (for a sweep whose settings share an algorithm, one setting's folder at a time)");
            }
            ProgressCsv.Curve curve;
            try {
                if (Files.size(progress) == 0) {
                    throw new IllegalArgumentException(progress + ": empty");
                }
                curve = ProgressCsv.read(progress);
            } catch (IOException | java.io.UncheckedIOException ex) {
                throw new IllegalArgumentException(dir + ": unreadable: " + ex.getMessage().lines().findFirst().orElse(""));
            }
            if (curve.warning() != null) {
                warnings.accept(curve.warning());
            }
            for (int i = 0; i < curve.steps().length; i++) {
                step.append((long) curve.steps()[i]);
                evalReturn.append(curve.evalReturns()[i]);
                run.append(dir.getFileName().toString());
                algo.append(a);
                env.append(e);
                seed.append(s);
            }
        }
        return Table.create("runs", run, algo, env, seed, step, evalReturn);
    }

    /**
     * Mean and standard deviation (over seeds, n − 1 in the denominator) of the evaluation return per
     * algorithm, environment and step, at the steps that every seed of the group reached: columns
     * {@code algo}, {@code env}, {@code step}, {@code seeds}, {@code mean}, {@code std} (NaN for one seed),
     * sorted by algorithm, environment and step.
     */
    public static Table summarize(Table runs) {
        Table grouped = runs.summarize("eval_return", mean, stdDev, count).by("algo", "env", "step");
        Table seeds = runs.selectColumns("algo", "env", "seed").dropDuplicateRows()
                .summarize("seed", count).by("algo", "env");
        StringColumn algo = StringColumn.create("algo");
        StringColumn env = StringColumn.create("env");
        LongColumn step = LongColumn.create("step");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn m = DoubleColumn.create("mean");
        DoubleColumn sd = DoubleColumn.create("std");
        for (int i = 0; i < grouped.rowCount(); i++) {
            String a = grouped.stringColumn("algo").get(i);
            String e = grouped.stringColumn("env").get(i);
            int inGroup = 0;
            for (int j = 0; j < seeds.rowCount(); j++) {
                if (seeds.stringColumn("algo").get(j).equals(a) && seeds.stringColumn("env").get(j).equals(e)) {
                    inGroup = (int) Math.round(seeds.numberColumn(2).getDouble(j));
                }
            }
            int here = (int) Math.round(grouped.numberColumn(5).getDouble(i));
            if (here != inGroup) {
                continue;
            }
            algo.append(a);
            env.append(e);
            step.append((long) grouped.numberColumn("step").getDouble(i));
            n.append(here);
            m.append(grouped.numberColumn(3).getDouble(i));
            sd.append(here > 1 ? grouped.numberColumn(4).getDouble(i) : Double.NaN);
        }
        Table t = Table.create("learning curves", algo, env, step, n, m, sd).sortOn("algo", "env", "step");
        m.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        sd.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return t;
    }

    /**
     * One row per algorithm and environment: seeds, the last step every seed reached, the mean ± std
     * there, and the best mean on the way.
     */
    public static Table finals(Table summary) {
        StringColumn algo = StringColumn.create("algo");
        StringColumn env = StringColumn.create("env");
        IntColumn seeds = IntColumn.create("seeds");
        LongColumn last = LongColumn.create("last step");
        DoubleColumn mean = DoubleColumn.create("mean there");
        DoubleColumn std = DoubleColumn.create("std there");
        DoubleColumn best = DoubleColumn.create("best mean");
        LongColumn bestAt = LongColumn.create("best at step");
        TableSliceGroup groups = summary.splitOn("algo", "env");
        for (Table g : groups.asTableList()) {
            int lastRow = g.rowCount() - 1;
            algo.append(g.stringColumn("algo").get(0));
            env.append(g.stringColumn("env").get(0));
            seeds.append(g.intColumn("seeds").get(0));
            last.append(g.longColumn("step").get(lastRow));
            mean.append(g.doubleColumn("mean").get(lastRow));
            std.append(g.doubleColumn("std").get(lastRow));
            int b = 0;
            for (int i = 1; i < g.rowCount(); i++) {
                if (g.doubleColumn("mean").get(i) > g.doubleColumn("mean").get(b)) {
                    b = i;
                }
            }
            best.append(g.doubleColumn("mean").get(b));
            bestAt.append(g.longColumn("step").get(b));
        }
        for (DoubleColumn c : new DoubleColumn[] {mean, std, best}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        }
        return Table.create("final returns", algo, env, seeds, last, mean, std, best, bestAt);
    }

    /** The environments of a summary, in order of appearance. */
    public static List<String> environments(Table summary) {
        return new ArrayList<>(new LinkedHashSet<>(summary.stringColumn("env").asList()));
    }

    /**
     * One chart per environment: for each algorithm the mean evaluation return over seeds against
     * steps, with a band of ± one standard deviation where there are two seeds or more.
     */
    public static List<XYChart> charts(Table summary) {
        List<XYChart> charts = new ArrayList<>();
        List<String> algos = new ArrayList<>(new LinkedHashSet<>(summary.stringColumn("algo").asList()));
        for (String env : environments(summary)) {
            XYChart chart = Charts.xy(env, "real environment steps", "evaluation return");
            for (String algo : algos) {
                Table g = summary.where(summary.stringColumn("env").isEqualTo(env).and(summary.stringColumn("algo").isEqualTo(algo)));
                if (g.rowCount() == 0) {
                    continue;
                }
                Color color = Charts.COLORS[algos.indexOf(algo) % Charts.COLORS.length];
                double[] x = g.longColumn("step").asDoubleArray();
                double[] mean = g.doubleColumn("mean").asDoubleArray();
                double[] std = g.doubleColumn("std").asDoubleArray();
                int seeds = g.intColumn("seeds").get(0);
                if (seeds > 1) {
                    int n = x.length;
                    double[] bx = new double[2 * n];
                    double[] by = new double[2 * n];
                    for (int i = 0; i < n; i++) {
                        bx[i] = x[i];
                        by[i] = mean[i] + std[i];
                        bx[2 * n - 1 - i] = x[i];
                        by[2 * n - 1 - i] = mean[i] - std[i];
                    }
                    XYSeries band = chart.addSeries(algo + " ± std", bx, by);
                    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    band.setMarker(SeriesMarkers.NONE);
                    band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                    band.setLineColor(new Color(0, 0, 0, 0));
                    band.setShowInLegend(false);
                }
                XYSeries line = Charts.line(chart, algo + " (" + seeds + (seeds == 1 ? " seed)" : " seeds, mean ± std)"), x, mean, color);
                line.setMarker(SeriesMarkers.CIRCLE);
            }
            charts.add(chart);
        }
        return charts;
    }

    /**
     * One run's learning curve, as its run directory draws it after every evaluation: the mean evaluation return
     * (deterministic episodes) and the mean return of the training episodes that ended, where any did (NaN
     * entries are left out), against real environment steps.
     *
     * @param steps        {@code [rows]}
     * @param evalReturns  {@code [rows]}
     * @param trainReturns {@code [rows]}, NaN where no training episode ended
     */
    public static XYChart ofRun(String title, double[] steps, double[] evalReturns, double[] trainReturns) {
        XYChart chart = Charts.xy(title, "real environment steps", "return");
        Charts.line(chart, "evaluation (deterministic, mean)", steps, evalReturns);
        List<double[]> train = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (!Double.isNaN(trainReturns[i])) {
                train.add(new double[] {steps[i], trainReturns[i]});
            }
        }
        if (!train.isEmpty()) {
            Charts.line(chart, "training episodes (mean)", train.stream().mapToDouble(p -> p[0]).toArray(),
                    train.stream().mapToDouble(p -> p[1]).toArray());
        }
        return chart;
    }
}
