package org.mbpo.sweep;

import org.mbpo.analysis.Stats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's results as one Markdown table, made from its cells' files ({@link Sweep#read}: {@code progress.csv} and
 * {@code result.json}): per setting, the step at which each seed's evaluation return first reaches a level (the level
 * chosen per environment, the environment read from the setting's {@code --env}), the step at which the mean over the
 * seeds does, the final return's mean ± standard deviation over the finished seeds, and the mean wall time of a
 * finished run. Unfinished cells are shown as such ("not yet", "no evaluation yet", "not started"), never left out.
 * {@code ./mbpo milestones --value-expansion} writes it into a README's marked section
 * ({@code scripts/value-expansion-table.sh}).
 */
public final class SweepTable {
    /** The value-expansion comparison (issue 14): its spec, its stored directory and its README, from the project root. */
    public static final String VALUE_EXPANSION_SPEC = "sweeps/value-expansion.json";
    public static final String VALUE_EXPANSION_DIR = "data/ablations/value-expansion";
    public static final String VALUE_EXPANSION_README = "data/ablations/value-expansion/README.md";
    public static final String VALUE_EXPANSION_SECTION = "value-expansion";
    /**
     * Its return levels: 950 on InvertedPendulum-v4 (the learning check; 1,000 is the most an episode can
     * score) and −200 on Pendulum-v1 (the level {@code data/ablations/README.md} reads the Pendulum ablations at).
     */
    public static final Map<String, Double> VALUE_EXPANSION_LEVELS = Map.of("InvertedPendulum-v4", 950.0, "Pendulum-v1", -200.0);
    /** Its Hopper-v4 part: one seed of each setting at 15,000 real steps, its own spec and directory, a table in the same README. */
    public static final String VALUE_EXPANSION_HOPPER_SPEC = "sweeps/value-expansion-hopper.json";
    public static final String VALUE_EXPANSION_HOPPER_DIR = "data/ablations/value-expansion-hopper";
    public static final String VALUE_EXPANSION_HOPPER_SECTION = "value-expansion-hopper";
    /** Hopper-v4's level: 1,000, the first of the levels {@code data/mbpo}'s paper-budget table reads (the only one 15,000 steps reach there). */
    public static final Map<String, Double> VALUE_EXPANSION_HOPPER_LEVELS = Map.of("Hopper-v4", 1000.0);

    private SweepTable() {
    }

    /** The value-expansion table of the runs stored under {@code root}. */
    public static String valueExpansion(Path root) {
        return markdown(SweepSpec.read(root.resolve(VALUE_EXPANSION_SPEC)), root.resolve(VALUE_EXPANSION_DIR), VALUE_EXPANSION_LEVELS);
    }

    /** The Hopper-v4 value-expansion table of the runs stored under {@code root} (every cell "not started" before the sweep starts). */
    public static String valueExpansionHopper(Path root) {
        return markdown(SweepSpec.read(root.resolve(VALUE_EXPANSION_HOPPER_SPEC)), root.resolve(VALUE_EXPANSION_HOPPER_DIR),
                VALUE_EXPANSION_HOPPER_LEVELS);
    }

    /**
     * The table for the cells of {@code spec} under {@code dir}.
     *
     * @param levels the return level per environment id (an environment without one gets no level columns: "—")
     */
    public static String markdown(SweepSpec spec, Path dir, Map<String, Double> levels) {
        List<Sweep.CellResult> cells = Sweep.read(spec, dir);
        StringBuilder b = new StringBuilder("| setting | environment | level | first ≥ level, per seed | mean over seeds first ≥ level "
                + "| final return, mean ± std (seeds) | wall s per run |\n|---|---|---:|---|---:|---:|---:|\n");
        for (String setting : spec.settings().keySet()) {
            List<Sweep.CellResult> of = cells.stream().filter(c -> c.cell().setting().equals(setting)).toList();
            String env = environment(spec, setting);
            Double level = env == null ? null : levels.get(env);
            List<String> firsts = new ArrayList<>();
            for (Sweep.CellResult c : of) {
                boolean started = Files.exists(c.cell().dir(dir).resolve("config.json"));
                firsts.add(level == null ? "—" : first(c.steps(), c.evalReturns(), level, c.status(), started));
            }
            long evaluated = of.stream().filter(c -> c.steps().length > 0).count();
            boolean allDone = of.stream().allMatch(c -> c.status().equals("completed"));
            String meanFirst = "—";
            if (level != null && !of.isEmpty() && evaluated == of.size()) {
                double[][] mean = Sweep.meanCurve(of);
                meanFirst = first(mean[0], mean[1], level, allDone ? "completed" : "running", true);
            }
            double[] finals = of.stream().filter(c -> c.status().equals("completed")).mapToDouble(Sweep.CellResult::finalReturn).toArray();
            double[] walls = of.stream().filter(c -> c.status().equals("completed")).mapToDouble(Sweep.CellResult::wallSeconds).toArray();
            b.append("| `").append(setting).append("` | ").append(env == null ? "—" : env).append(" | ")
                    .append(level == null ? "—" : String.format(Locale.ROOT, "%,.0f", level)).append(" | ")
                    .append(String.join(" / ", firsts)).append(" | ").append(meanFirst).append(" | ")
                    .append(finals.length == 0 ? "—" : String.format(Locale.ROOT, "%,.1f ± %,.1f (%d)", Stats.mean(finals),
                            finals.length > 1 ? Stats.sampleStd(finals) : 0.0, finals.length)).append(" | ")
                    .append(walls.length == 0 ? "—" : String.format(Locale.ROOT, "%,.0f", Stats.mean(walls))).append(" |\n");
        }
        long done = cells.stream().filter(c -> c.status().equals("completed")).count();
        b.append('\n').append(done).append(" of ").append(cells.size()).append(" cells completed.\n");
        return b.toString();
    }

    /**
     * The first step at which {@code returns} reach {@code level}, "never" for a finished run that did not, "not yet"
     * for one interrupted or still going, "no evaluation yet" for one {@code started} (its run directory made) without
     * one, "not started" for one not started.
     */
    static String first(double[] steps, double[] returns, double level, String status, boolean started) {
        for (int i = 0; i < steps.length; i++) {
            if (returns[i] >= level) {
                return String.format(Locale.ROOT, "%,.0f", steps[i]);
            }
        }
        if (steps.length == 0 && !status.equals("completed")) {
            return started ? "no evaluation yet" : "not started";
        }
        return status.equals("completed") ? "never" : "not yet";
    }

    /** The environment id a setting's cells train on: the value of the last {@code --env} in the base and the setting's arguments, or null. */
    private static String environment(SweepSpec spec, String setting) {
        List<String> args = new ArrayList<>(spec.base());
        args.addAll(spec.settings().get(setting));
        String env = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--env") && i + 1 < args.size()) {
                env = args.get(i + 1);
            } else if (args.get(i).startsWith("--env=")) {
                env = args.get(i).substring("--env=".length());
            }
        }
        return env;
    }
}
