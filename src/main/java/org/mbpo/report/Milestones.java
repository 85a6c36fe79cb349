package org.mbpo.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Milestones of learning curves, read from run directories: the evaluation return at given real
 * steps and the first step at which the return reaches given levels — the figures a reader of an
 * RL paper compares ("Hopper at 125k steps", "steps to 3,000"). {@link #markdown} makes the table
 * that {@code data/mbpo/README.md} carries and {@code scripts/paper-budget-table.sh} regenerates;
 * notebook 05 shows the same table from the same code.
 */
public final class Milestones {
    /**
     * The Hopper-v4 runs at the paper's budget (issue 11): MBPO with the {@code hopper} preset to 125,000
     * real steps and SAC to 300,000 (seeds 1–3), in {@code data/mbpo/paper-budget/}, as
     * {@code scripts/hopper-paper-budget.sh} makes them. The paper's Figure 2 shows MBPO near 3,300 at 125k.
     */
    public static final List<String> PAPER_BUDGET_RUNS = List.of(
            "data/mbpo/paper-budget/mbpo-Hopper-v4-seed1", "data/mbpo/paper-budget/sac-Hopper-v4-seed1",
            "data/mbpo/paper-budget/sac-Hopper-v4-seed2", "data/mbpo/paper-budget/sac-Hopper-v4-seed3");
    /** The steps at which the paper-budget table reads the return. */
    public static final long[] PAPER_BUDGET_STEPS = {25_000, 50_000, 75_000, 100_000, 125_000, 300_000};
    /** The returns whose first step the paper-budget table finds. */
    public static final double[] PAPER_BUDGET_LEVELS = {1_000, 2_000, 3_000};
    /** The section of {@code data/mbpo/README.md} that holds the paper-budget table. */
    public static final String PAPER_BUDGET_SECTION = "paper-budget";

    private Milestones() {
    }

    /** The paper-budget runs that exist under {@code root} (a run not started yet is left out). */
    public static List<Path> paperBudgetRuns(Path root) {
        return PAPER_BUDGET_RUNS.stream().map(root::resolve).filter(d -> Files.isRegularFile(d.resolve("progress.csv"))).toList();
    }

    /** The paper-budget table of the runs under {@code root}. */
    public static String paperBudgetTable(Path root) {
        return markdown(paperBudgetRuns(root), PAPER_BUDGET_STEPS, PAPER_BUDGET_LEVELS);
    }

    /** Where paper-budget runs lost with their machine are kept, as they were, out of the paper-budget table. */
    public static final String PAPER_BUDGET_LOST = "data/mbpo/interrupted";
    /** The section of {@code data/mbpo/README.md} that holds the table of the lost paper-budget runs. */
    public static final String PAPER_BUDGET_LOST_SECTION = "paper-budget-lost";

    /** The Hopper-v4 runs under {@code root}'s {@link #PAPER_BUDGET_LOST}, by directory name. */
    public static List<Path> lostPaperBudgetRuns(Path root) {
        Path lost = root.resolve(PAPER_BUDGET_LOST);
        if (!Files.isDirectory(lost)) {
            return List.of();
        }
        try (var dirs = Files.list(lost)) {
            return dirs.filter(d -> d.getFileName().toString().contains("-Hopper-v4-") && Files.isRegularFile(d.resolve("progress.csv")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lost, e);
        }
    }

    /**
     * The table of the lost paper-budget runs: the same columns as {@link #paperBudgetTable}, each run named by its
     * directory, an unfinished one's last step marked "(lost)" and a return it never reached "not reached"; and a last
     * column that compares each with the paper-budget run that replaced it (same algorithm and seed) by
     * {@link #equalRows}: "48,000 (every row)" where the restart wrote every row the lost run had, bit for bit, to
     * that step; "8,000 (so far)" where the restart has not got further; "8,000 (then differs)"; "differs from the
     * first row"; "no rows yet" while the restart has written none; "—" without a restart.
     */
    public static String lostPaperBudgetTable(Path root) {
        List<Path> runs = lostPaperBudgetRuns(root);
        List<Curve> curves = new ArrayList<>();
        long[] budgets = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            curves.add(read(runs.get(i), "`interrupted/" + runs.get(i).getFileName() + "`"));
            budgets[i] = budget(runs.get(i));
        }
        String[] lines = markdown(curves, budgets, PAPER_BUDGET_STEPS, PAPER_BUDGET_LEVELS, " (lost)", "not reached").split("\n");
        StringBuilder b = new StringBuilder(lines[0]).append(" restart equal to |\n").append(lines[1]).append("---:|\n");
        List<Path> restarts = paperBudgetRuns(root);
        for (int i = 0; i < runs.size(); i++) {
            String name = name(runs.get(i));
            Path restart = restarts.stream().filter(r -> name(r).equals(name)).findFirst().orElse(null);
            b.append(lines[i + 2]).append(' ').append(restart == null ? "—" : equalRows(runs.get(i), restart)).append(" |\n");
        }
        return b.toString();
    }

    /**
     * How far {@code restart}'s {@code progress.csv} repeats {@code lost}'s, row by row from the first, as text: the
     * step of the last equal row with "(every row)", "(so far)" or "(then differs)", "differs from the first row", or
     * "no rows yet" while the restart has written none (its header only, or no file).
     * Rows are compared as written in the columns both files have (an older format's {@code wall_s}, say, is left
     * out), so equal means bit for bit; a last row cut by an interrupted write is left out.
     */
    public static String equalRows(Path lost, Path restart) {
        List<String> restartHeader = header(restart);
        if (restartHeader.isEmpty()) {
            return "no rows yet";
        }
        List<String> both = new ArrayList<>(header(lost));
        both.retainAll(restartHeader);
        List<String> a = rows(lost, both);
        List<String> b = rows(restart, both);
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        if (n == 0) {
            return b.isEmpty() ? "no rows yet" : "differs from the first row";
        }
        long step = Long.parseLong(a.get(n - 1).split(",", -1)[both.indexOf("step")]);
        return thousands(step) + (n == a.size() ? " (every row)" : n == b.size() ? " (so far)" : " (then differs)");
    }

    private static List<String> header(Path runDirectory) {
        if (!Files.isRegularFile(runDirectory.resolve("progress.csv"))) {
            return List.of();
        }
        List<String> lines = lines(runDirectory.resolve("progress.csv"));
        return lines.isEmpty() ? List.of() : List.of(lines.get(0).split(",", -1));
    }

    /**
     * The complete rows of a run directory's {@code progress.csv} (a last row cut by an interrupted write left out),
     * each cut to {@code columns}, which must include {@code step}.
     */
    private static List<String> rows(Path runDirectory, List<String> columns) {
        Path file = runDirectory.resolve("progress.csv");
        List<String> lines = lines(file);
        List<String> header = lines.isEmpty() ? List.of() : List.of(lines.get(0).split(",", -1));
        if (!columns.contains("step")) {
            throw new IllegalArgumentException(file + ": no step column");
        }
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length < header.size()) {
                continue;  // only the last row can be short: ProgressCsv drops it too
            }
            List<String> kept = new ArrayList<>();
            for (String c : columns) {
                kept.add(f[header.indexOf(c)]);
            }
            rows.add(String.join(",", kept));
        }
        return rows;
    }

    /** A file's lines, its last one left out when the file does not end with a newline (a write was cut). */
    private static List<String> lines(Path file) {
        try {
            String text = Files.readString(file);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.isEmpty() && !text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * One run's evaluations: {@code steps[i]} real steps, {@code returns[i]} the mean evaluation
     * return there. {@code finished} says whether the run wrote its {@code result.json}.
     */
    public record Curve(String name, long[] steps, double[] returns, boolean finished) {
        /** The last step evaluated, or 0 for a run with no evaluation yet. */
        public long lastStep() {
            return steps.length == 0 ? 0 : steps[steps.length - 1];
        }

        /** The evaluation return at exactly {@code step}, or NaN if the run has no evaluation there. */
        public double returnAt(long step) {
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] == step) {
                    return returns[i];
                }
            }
            return Double.NaN;
        }

        /** The first step whose evaluation return is at least {@code level}, or −1 if none is yet. */
        public long firstReaching(double level) {
            for (int i = 0; i < steps.length; i++) {
                if (returns[i] >= level) {
                    return steps[i];
                }
            }
            return -1;
        }
    }

    /**
     * Reads a run directory's learning curve ({@link ProgressCsv}: a last row cut by an interrupted write is
     * left out).
     *
     * @param name the run's name in tables, e.g. "MBPO, seed 1"
     */
    public static Curve read(Path runDirectory, String name) {
        ProgressCsv.Curve curve = ProgressCsv.read(runDirectory.resolve("progress.csv"));
        long[] steps = new long[curve.steps().length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = (long) curve.steps()[i];
        }
        return new Curve(name, steps, curve.evalReturns(), Files.exists(runDirectory.resolve("result.json")));
    }

    /**
     * The mean of {@code curves} at the steps every one of them evaluated (seeds of one setting): finished
     * only if all are.
     */
    public static Curve mean(String name, List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no curves to average");
        }
        List<Long> steps = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        for (long step : curves.get(0).steps()) {
            double sum = 0;
            boolean everywhere = true;
            for (Curve c : curves) {
                double r = c.returnAt(step);
                everywhere &= !Double.isNaN(r);
                sum += r;
            }
            if (everywhere) {
                steps.add(step);
                means.add(sum / curves.size());
            }
        }
        return new Curve(name, steps.stream().mapToLong(Long::longValue).toArray(),
                means.stream().mapToDouble(Double::doubleValue).toArray(), curves.stream().allMatch(Curve::finished));
    }

    /**
     * A run directory's planned real steps, from its {@code config.json}: SAC's {@code run.steps}, or
     * MBPO's {@code initial_steps + epochs · epoch_length}.
     */
    public static long budget(Path runDirectory) {
        JsonNode config = config(runDirectory);
        if (config.path("run").has("steps")) {
            return config.path("run").path("steps").asLong();
        }
        JsonNode mbpo = config.path("mbpo");
        if (mbpo.has("epochs")) {
            return mbpo.path("initial_steps").asLong() + mbpo.path("epochs").asLong() * mbpo.path("epoch_length").asLong();
        }
        throw new IllegalArgumentException(runDirectory.resolve("config.json") + " names no number of steps");
    }

    /** "MBPO, seed 1": the algorithm and seed a run directory's {@code config.json} records. */
    public static String name(Path runDirectory) {
        JsonNode config = config(runDirectory);
        return config.path("algo").asText().toUpperCase(Locale.ROOT) + ", seed " + config.path("seed").asText();
    }

    /** {@link #markdown} for run directories, each named by {@link #name} and bounded by {@link #budget}. */
    public static String markdown(List<Path> runDirectories, long[] atSteps, double[] levels) {
        List<Curve> curves = new ArrayList<>();
        long[] budgets = new long[runDirectories.size()];
        for (int i = 0; i < runDirectories.size(); i++) {
            Path run = runDirectories.get(i);
            curves.add(read(run, name(run)));
            budgets[i] = budget(run);
        }
        return markdown(curves, budgets, atSteps, levels);
    }

    private static JsonNode config(Path runDirectory) {
        Path file = runDirectory.resolve("config.json");
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * A Markdown table, one row per curve: the evaluation return at each of {@code atSteps} ("—"
     * where the run has not got there; blank where it never will, its budget being shorter), the
     * first step reaching each of {@code levels} ("not yet" for a running run, "never" for a finished
     * one), and the last step evaluated, marked "(running)" for an unfinished run.
     *
     * @param budgets each curve's planned number of real steps, to tell "not yet" from "beyond its budget"
     */
    public static String markdown(List<Curve> curves, long[] budgets, long[] atSteps, double[] levels) {
        return markdown(curves, budgets, atSteps, levels, " (running)", "not yet");
    }

    /**
     * {@link #markdown(List, long[], long[], double[])} with the words for an unfinished run: {@code lastStepMark}
     * after its last step, {@code notReached} for a return it has not reached.
     */
    private static String markdown(List<Curve> curves, long[] budgets, long[] atSteps, double[] levels, String lastStepMark,
                                   String notReached) {
        if (budgets.length != curves.size()) {
            throw new IllegalArgumentException(curves.size() + " curves but " + budgets.length + " budgets");
        }
        StringBuilder b = new StringBuilder("| run |");
        for (long s : atSteps) {
            b.append(" at ").append(thousands(s)).append(" |");
        }
        for (double level : levels) {
            b.append(" first ≥ ").append(String.format(Locale.ROOT, "%,.0f", level)).append(" |");
        }
        b.append(" last step |\n|---|");
        b.append("---:|".repeat(atSteps.length + levels.length + 1)).append('\n');
        for (int c = 0; c < curves.size(); c++) {
            Curve curve = curves.get(c);
            b.append("| ").append(curve.name()).append(" |");
            for (long s : atSteps) {
                double r = curve.returnAt(s);
                String cell = !Double.isNaN(r) ? String.format(Locale.ROOT, "%,.1f", r)
                        : s > budgets[c] ? "" : "—";
                b.append(' ').append(cell).append(" |");
            }
            for (double level : levels) {
                long first = curve.firstReaching(level);
                b.append(' ').append(first >= 0 ? thousands(first) : curve.finished() ? "never" : notReached).append(" |");
            }
            b.append(' ').append(thousands(curve.lastStep())).append(curve.finished() ? "" : lastStepMark).append(" |\n");
        }
        return b.toString();
    }

    /**
     * {@code text} with the lines between the marker lines {@code <!-- NAME:start -->} and
     * {@code <!-- NAME:end -->} replaced by {@code body}.
     *
     * @throws IllegalArgumentException if the markers are missing or out of order
     */
    public static String replaceSection(String text, String name, String body) {
        String start = "<!-- " + name + ":start -->\n";
        String end = "<!-- " + name + ":end -->";
        int i = text.indexOf(start);
        int j = text.indexOf(end);
        if (i < 0 || j < i) {
            throw new IllegalArgumentException("no section '" + name + "' (lines " + start.trim() + " and " + end + ")");
        }
        return text.substring(0, i + start.length()) + body + text.substring(j);
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
