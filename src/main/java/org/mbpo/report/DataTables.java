package org.mbpo.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The tables of {@code data/}'s READMEs that state what stored runs measured, made from those runs' files so that no
 * number in them is typed: the paper's measurements ({@code data/measurements/}), SAC's and MBPO's benchmarks
 * ({@code data/sac/}, {@code data/mbpo/}) and the Pendulum ablations ({@code data/ablations/pendulum/}). Each is a
 * {@link Section}: a README and the name of its marked section ({@link Milestones#replaceSection}).
 * {@code ./mbpo milestones --data-tables} rewrites them all ({@code scripts/data-tables.sh}); a test fails while a README
 * holds another table than the one made here. (The Hopper paper-budget and value-expansion tables have their own
 * commands: {@link Milestones#paperBudgetTable}, {@code SweepTable}.)
 */
public final class DataTables {
    /** One generated table: the README (from the project root), its section's name, and the function of the root that makes it. */
    public record Section(String readme, String name, Function<Path, String> table) {
    }

    /** Every generated table, in the order {@code scripts/data-tables.sh} writes them. */
    public static final List<Section> SECTIONS = List.of(
            new Section("data/measurements/README.md", "measurements-shift", DataTables::shift),
            new Section("data/measurements/README.md", "measurements-exploitation", DataTables::exploitation),
            new Section("data/sac/README.md", "sac-learning", DataTables::sacLearning),
            new Section("data/mbpo/README.md", "mbpo-pendulum", DataTables::mbpoPendulum),
            new Section("data/mbpo/README.md", "mbpo-invertedpendulum", DataTables::mbpoInvertedPendulum),
            new Section("data/mbpo/README.md", "mbpo-hopper-15k", DataTables::mbpoHopper15k),
            new Section("data/ablations/README.md", "ablations-pendulum", DataTables::pendulumAblations));

    /** The levels SAC's benchmark runs are read at: −200 on Pendulum-v1, 950 on InvertedPendulum-v4 (1,000 is an episode's most). */
    public static final Map<String, Double> SAC_BARS = Map.of("Pendulum-v1", -200.0, "InvertedPendulum-v4", 950.0);

    /** The steps at which the Hopper-v4 runs of 15,000 steps are compared. */
    static final long[] HOPPER_15K_STEPS = {6_000, 8_000, 10_000, 12_000, 13_000, 14_000, 15_000};

    private DataTables() {
    }

    /** {@code readme}'s text with every section of {@link #SECTIONS} that belongs to it regenerated from the runs under {@code root}. */
    public static String regenerate(Path root, String readme, String text) {
        for (Section s : SECTIONS) {
            if (s.readme().equals(readme)) {
                text = Milestones.replaceSection(text, s.name(), s.table().apply(root));
            }
        }
        return text;
    }

    /** The READMEs that hold generated tables, each once, in {@link #SECTIONS}' order. */
    public static List<String> readmes() {
        return SECTIONS.stream().map(Section::readme).distinct().toList();
    }

    // ---- data/measurements

    /**
     * Model error against policy shift, one row per run and model size: the fitted line's intercept (the model's MSE on
     * π_D's data), and the slopes dε_m′/dε_π at ε_π = 0 of the model's MSE and of its TV error, each with its interval
     * (from {@code fits.csv}, x = the Monte Carlo TV); a slope whose interval excludes 0 is bold. A run without its
     * {@code result.json} yet is listed as not finished.
     */
    static String shift(Path root) {
        StringBuilder b = new StringBuilder();
        double confidence = Double.NaN;
        for (Path run : children(root.resolve("data/measurements/shift"))) {
            if (listedAsUnfinished(b, run, 4)) {
                continue;
            }
            JsonNode shift = json(run.resolve("config.json")).path("shift");
            Csv fits = csv(run.resolve("fits.csv"));
            for (int i = 0; i < fits.rowCount(); i++) {
                double c = number(fits, i, "confidence");
                if (!Double.isNaN(confidence) && c != confidence) {
                    throw new IllegalArgumentException(run.resolve("fits.csv") + ": confidence " + c + " where other fits have " + confidence);
                }
                confidence = c;
            }
            String first = "`" + run.getFileName() + "`";
            String piD = "after " + Milestones.thousands(shift.path("pretrain_steps").asLong()) + " steps ("
                    + Milestones.thousands(shift.path("learning_starts").asLong()) + " random)";
            List<Fit> tvFits = fits(fits, "tv_mc", "tv");
            for (Fit mse : fits(fits, "tv_mc", "mse")) {
                Fit tv = tvFits.stream().filter(f -> f.size() == mse.size()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(run.resolve("fits.csv") + ": no tv fit for size " + mse.size()));
                b.append("| ").append(first).append(" | ").append(piD).append(" | ").append(Milestones.thousands(mse.size())).append(" | ")
                        .append(sig(mse.intercept())).append(" | ").append(mse.text()).append(" | ").append(tv.text()).append(" |\n");
                first = "";
                piD = "";
            }
        }
        String interval = Double.isNaN(confidence) ? "interval" : String.format(Locale.ROOT, "%.0f%% interval", 100 * confidence);
        return "| run | π_D | N | model MSE on π_D's data | slope of MSE, " + interval + " | slope of model TV, " + interval + " |\n"
                + "|---|---|---:|---:|---|---|\n" + b;
    }

    /** Model against real 20-step returns along SAC's training, and the open-loop replay's coverage, one row per run. */
    static String exploitation(Path root) {
        StringBuilder b = new StringBuilder("| run | policies | Pearson | Spearman | model below real | mean model − real "
                + "| real state within ±1.96 std |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Path run : children(root.resolve("data/measurements/exploitation"))) {
            if (listedAsUnfinished(b, run, 5)) {
                continue;
            }
            JsonNode config = json(run.resolve("config.json")).path("exploitation");
            JsonNode result = json(run.resolve("result.json"));
            Csv variance = csv(run.resolve("rollout-variance.csv"));
            long coordinates = IntStream.range(0, variance.rowCount()).mapToObj(i -> variance.getString(i, "coordinate")).distinct().count();
            b.append("| `").append(run.getFileName()).append("` (").append(Milestones.thousands(config.path("steps").asLong()))
                    .append(" steps, every ").append(Milestones.thousands(config.path("every").asLong())).append(") | ").append(result.path("policies").asInt()).append(" | ")
                    .append(fixed(result.path("pearson").asDouble(), 4)).append(" | ").append(fixed(result.path("spearman").asDouble(), 3))
                    .append(" | ").append(percent(result.path("fraction_underestimated").asDouble())).append(" | ")
                    .append(fixed(result.path("mean_model_minus_real").asDouble(), 2)).append(" | ")
                    .append(percent(result.path("rollout_coverage_2std").asDouble())).append(" of ")
                    .append(result.path("rollout_steps").asInt()).append(" steps × ").append(coordinates).append(" coordinates |\n");
        }
        return b.toString();
    }

    // ---- data/sac

    /** SAC's benchmark runs: the evaluation return at 20,000 steps, the first step at the environment's bar, the wall time. */
    static String sacLearning(Path root) {
        StringBuilder b = new StringBuilder("| run | eval return at 20k | bar | first ≥ bar at | wall time |\n|---|---:|---:|---:|---:|\n");
        for (Path run : children(root.resolve("data/sac/learning"))) {
            JsonNode config = json(run.resolve("config.json"));
            String env = config.path("env").asText();
            double bar = bar(run, env);
            Milestones.Curve c = Milestones.read(run, env);
            b.append("| ").append(env).append(", seed ").append(config.path("seed").asText()).append(" | ").append(ret(c.returnAt(20_000)))
                    .append(" | ").append(level(bar)).append(" | ").append(first(c, bar)).append(" | ")
                    .append(Math.round(json(run.resolve("result.json")).path("wall_seconds").asDouble())).append(" s |\n");
        }
        return b.toString();
    }

    // ---- data/mbpo

    /**
     * MBPO's three Pendulum-v1 seeds against SAC's mean return at 20,000 steps (its three seeds in {@code data/sac/learning}):
     * the first evaluation at that level, the return at 4,000 steps and at the end, the mean of all evaluations from
     * 3,000 steps on, and the training time.
     */
    static String mbpoPendulum(Path root) {
        List<Path> runs = seeds(root.resolve("data/mbpo"), "mbpo-Pendulum-v1-seed");
        List<Milestones.Curve> curves = runs.stream().map(r -> Milestones.read(r, r.getFileName().toString())).toList();
        double sac = Milestones.mean("SAC", seeds(root.resolve("data/sac/learning"), "Pendulum-v1-seed").stream()
                .map(r -> Milestones.read(r, "SAC")).toList()).returnAt(20_000);
        long last = curves.get(0).lastStep();
        StringBuilder b = header(runs);
        row(b, "first evaluation ≥ " + ret(sac) + " (SAC's mean at 20,000 steps)", curves, c -> first(c, sac), "—");
        row(b, "evaluation return at 4,000 steps", curves, c -> ret(c.returnAt(4_000)), ret(mean(curves, 4_000, 4_000)));
        row(b, "final (" + Milestones.thousands(last) + " steps)", curves, c -> ret(c.returnAt(last)), ret(mean(curves, last, last)));
        row(b, "mean of the evaluations from 3,000 to " + Milestones.thousands(last) + " steps", curves, c -> "", ret(mean(curves, 3_000, last)));
        trainingTimes(b, runs, " |");
        return b.toString();
    }

    /** MBPO's three InvertedPendulum-v4 seeds: the first evaluation ≥ 950, the lowest evaluation from then on, the training time. */
    static String mbpoInvertedPendulum(Path root) {
        List<Path> runs = seeds(root.resolve("data/mbpo"), "mbpo-InvertedPendulum-v4-seed");
        List<Milestones.Curve> curves = runs.stream().map(r -> Milestones.read(r, r.getFileName().toString())).toList();
        double bar = SAC_BARS.get("InvertedPendulum-v4");
        StringBuilder b = new StringBuilder("| |");
        for (Path r : runs) {
            b.append(" seed ").append(json(r.resolve("config.json")).path("seed").asText()).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        b.append("| first evaluation ≥ ").append(level(bar)).append(" |");
        curves.forEach(c -> b.append(' ').append(first(c, bar)).append(" |"));
        b.append("\n| lowest evaluation from then to ").append(Milestones.thousands(curves.get(0).lastStep())).append(" steps |");
        for (Milestones.Curve c : curves) {
            long from = c.firstReaching(bar);
            double low = Double.POSITIVE_INFINITY;
            for (int i = 0; i < c.steps().length; i++) {
                if (from >= 0 && c.steps()[i] >= from) {
                    low = Math.min(low, c.returns()[i]);
                }
            }
            b.append(' ').append(from >= 0 ? ret(low) : "—").append(" |");
        }
        b.append('\n');
        trainingTimes(b, runs, "");
        return b.toString();
    }

    /** MBPO's and SAC's Hopper-v4 runs of 15,000 steps, seed 1 each: the evaluation return at {@link #HOPPER_15K_STEPS}. */
    static String mbpoHopper15k(Path root) {
        StringBuilder b = new StringBuilder("| steps |");
        for (long s : HOPPER_15K_STEPS) {
            b.append(' ').append(Milestones.thousands(s)).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(HOPPER_15K_STEPS.length)).append('\n');
        for (String algo : List.of("mbpo", "sac")) {
            Milestones.Curve c = Milestones.read(root.resolve("data/mbpo/" + algo + "-Hopper-v4-seed1"), algo);
            b.append("| ").append(algo.toUpperCase(Locale.ROOT)).append(" |");
            for (long s : HOPPER_15K_STEPS) {
                b.append(' ').append(ret(c.returnAt(s))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    // ---- data/ablations

    /**
     * The Pendulum ablations, one row per setting of its {@code sweep.json}: the arguments it adds to the preset, the first
     * step at which the mean over seeds reaches −200, the mean of all seeds' evaluations from 2,000 to 2,800 and from
     * 3,000 to 4,000 steps, and the mean wall time of a run ({@code settings.csv}).
     */
    static String pendulumAblations(Path root) {
        Path dir = root.resolve("data/ablations/pendulum");
        JsonNode spec = json(dir.resolve("sweep.json"));
        Csv settings = csv(dir.resolve("settings.csv"));
        StringBuilder b = new StringBuilder("| setting | arguments added to the preset `pendulum` | mean over seeds first ≥ −200 at step "
                + "| mean of evaluations 2,000–2,800 | 3,000–4,000 | wall s per run |\n|---|---|---:|---:|---:|---:|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("settings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> setting = it.next();
            List<String> args = new ArrayList<>();
            setting.getValue().forEach(a -> args.add(a.asText()));
            List<Milestones.Curve> curves = new ArrayList<>();
            spec.path("seeds").forEach(seed -> curves.add(Milestones.read(dir.resolve(setting.getKey()).resolve("seed" + seed.asText()), setting.getKey())));
            Milestones.Curve mean = Milestones.mean(setting.getKey(), curves);
            double wall = Double.NaN;
            for (int i = 0; i < settings.rowCount(); i++) {
                if (settings.getString(i, "setting").equals(setting.getKey())) {
                    wall = number(settings, i, "mean_wall_seconds");
                }
            }
            if (Double.isNaN(wall)) {
                throw new IllegalArgumentException(dir.resolve("settings.csv") + ": no row for " + setting.getKey());
            }
            b.append("| `").append(setting.getKey()).append("` | ").append(args.isEmpty() ? "none" : "`" + String.join(" ", args) + "`")
                    .append(" | ").append(first(mean, -200)).append(" | ").append(ret(mean(curves, 2_000, 2_800))).append(" | ")
                    .append(ret(mean(curves, 3_000, 4_000))).append(" | ").append(Math.round(wall)).append(" |\n");
        }
        return b.toString();
    }

    // ---- helpers

    /**
     * Whether {@code run} has no {@code result.json} yet; if so, appends its row, "not finished" followed by
     * {@code emptyCells} empty cells.
     */
    private static boolean listedAsUnfinished(StringBuilder b, Path run, int emptyCells) {
        if (Files.exists(run.resolve("result.json"))) {
            return false;
        }
        b.append("| `").append(run.getFileName()).append("` | not finished |").append(" |".repeat(emptyCells)).append('\n');
        return true;
    }

    /**
     * The mean of every curve's evaluations at steps from {@code from} to {@code to}, both included, all curves' points
     * weighted alike; NaN if there is none.
     */
    static double mean(List<Milestones.Curve> curves, long from, long to) {
        double sum = 0;
        int n = 0;
        for (Milestones.Curve c : curves) {
            for (int i = 0; i < c.steps().length; i++) {
                if (c.steps()[i] >= from && c.steps()[i] <= to) {
                    sum += c.returns()[i];
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static StringBuilder header(List<Path> runs) {
        StringBuilder b = new StringBuilder("| |");
        for (Path r : runs) {
            b.append(" seed ").append(json(r.resolve("config.json")).path("seed").asText()).append(" |");
        }
        b.append(" mean |\n|---|").append("---:|".repeat(runs.size() + 1)).append('\n');
        return b;
    }

    private static void row(StringBuilder b, String what, List<Milestones.Curve> curves, Function<Milestones.Curve, String> cell, String mean) {
        b.append("| ").append(what).append(" |");
        curves.forEach(c -> b.append(' ').append(cell.apply(c)).append(" |"));
        b.append(' ').append(mean).append(" |\n");
    }

    /** The row of the runs' training times ({@link TrainingTime}), then {@code after} (an empty last cell or none). */
    private static void trainingTimes(StringBuilder b, List<Path> runs, String after) {
        b.append("| training time (s) |");
        runs.forEach(r -> b.append(' ').append(Math.round(TrainingTime.seconds(r))).append(" |"));
        b.append(after).append('\n');
    }

    private static double bar(Path run, String env) {
        Double bar = SAC_BARS.get(env);
        if (bar == null) {
            throw new IllegalArgumentException(run + ": no bar for " + env + " (DataTables.SAC_BARS)");
        }
        return bar;
    }

    private static String first(Milestones.Curve c, double level) {
        long at = c.firstReaching(level);
        return at >= 0 ? Milestones.thousands(at) : "not reached";
    }

    /** One line of a {@code fits.csv}: the slope at ε_π = 0 with its interval, and the line's intercept. */
    private record Fit(int size, double slope, double low, double high, double intercept) {
        /** "0.394 [0.0720, 0.715]", the slope bold when its interval excludes 0. */
        String text() {
            String s = sig(slope);
            return (low > 0 || high < 0 ? "**" + s + "**" : s) + " [" + sig(low) + ", " + sig(high) + "]";
        }
    }

    private static List<Fit> fits(Csv fits, String x, String y) {
        List<Fit> out = new ArrayList<>();
        for (int i = 0; i < fits.rowCount(); i++) {
            if (fits.getString(i, "x").equals(x) && fits.getString(i, "y").equals(y)) {
                out.add(new Fit(Integer.parseInt(fits.getString(i, "size")), number(fits, i, "slope"), number(fits, i, "slope_low"),
                        number(fits, i, "slope_high"), number(fits, i, "intercept")));
            }
        }
        return out;
    }

    private static double number(Csv t, int row, String column) {
        return Double.parseDouble(t.getString(row, column));
    }

    /** The sub-directories of {@code dir}, by name; those named {@code *.partial-*} (set aside by scripts) left out. */
    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().contains(".partial-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> seeds(Path dir, String prefix) {
        List<Path> runs = children(dir).stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run " + prefix + "* in " + dir);
        }
        return runs;
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A CSV file written by this package (a header line, then comma-separated fields, none quoted). */
    private record Csv(Path file, List<String> header, List<String[]> rows) {
        int rowCount() {
            return rows.size();
        }

        String getString(int row, String column) {
            int c = header.indexOf(column);
            if (c < 0 || c >= rows.get(row).length) {
                throw new IllegalArgumentException(file + ": no column '" + column + "' in line " + (row + 2));
            }
            return rows.get(row)[c];
        }
    }

    private static Csv csv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        return new Csv(file, List.of(lines.get(0).split(",", -1)),
                lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).map(l -> l.split(",", -1)).toList());
    }

    /** A return with one decimal and thousands separators, "—" for NaN. */
    static String ret(double x) {
        return Double.isNaN(x) ? "—" : minus(String.format(Locale.ROOT, "%,.1f", x));
    }

    /** Three significant digits: plain from 0.001 up, else as m·10^e written {@code 5.24e−5}. */
    static String sig(double x) {
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(3));
        if (Math.abs(x) >= 1e-3) {
            return minus(d.stripTrailingZeros().toPlainString());
        }
        int exponent = d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointRight(-exponent).stripTrailingZeros();
        return minus(mantissa.toPlainString() + "e" + exponent);
    }

    /** A return level, whole: "950", "−200". */
    private static String level(double x) {
        return minus(String.format(Locale.ROOT, "%,.0f", x));
    }

    private static String fixed(double x, int decimals) {
        return minus(String.format(Locale.ROOT, "%." + decimals + "f", x));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction).replace(".0%", "%");
    }

    private static String minus(String s) {
        return s.replace('-', '−');
    }
}
