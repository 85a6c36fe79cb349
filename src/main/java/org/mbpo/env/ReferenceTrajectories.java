package org.mbpo.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference trajectories in the project's tab-separated format ({@code ../shared/reference/README.md}),
 * one record per line:
 * <pre>
 * HEADER  fields...
 * RESET   env_id  seed  obs...  |  state...
 * STEP    env_id  t  action...  |  obs...  |  reward  terminated  truncated  |  state...
 * </pre>
 * Every number is a decimal that round-trips the double it stands for; {@code terminated} and
 * {@code truncated} are {@code 0} or {@code 1}. Each RESET starts an episode; its STEP lines follow.
 */
public final class ReferenceTrajectories {

    private ReferenceTrajectories() {
    }

    /** The file's header fields and its episodes. */
    public record File(List<String> header, List<RecordedEpisode> episodes) {
    }

    /** One episode: the reset record and the steps that follow it. */
    public record RecordedEpisode(String envId, long seed, double[] resetObservation, double[] resetState, List<StepRecord> steps) {
    }

    /** One STEP record. */
    public record StepRecord(String envId, int t, double[] action, double[] observation, double reward,
                             boolean terminated, boolean truncated, double[] state) {
    }

    /** A malformed file; the message names the file, the line and what is wrong. */
    public static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    public static File read(Path path) throws IOException, FormatException {
        return parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    /** Parses lines; {@code source} names them in error messages. */
    public static File parse(String source, List<String> lines) throws FormatException {
        List<String> header = List.of();
        List<RecordedEpisode> episodes = new ArrayList<>();
        String envId = null;
        long seed = 0;
        double[] resetObs = null;
        double[] resetState = null;
        List<StepRecord> steps = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + (n + 1) + ": ";
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "HEADER" -> header = List.of(Arrays.copyOfRange(f, 1, f.length));
                case "RESET" -> {
                    if (envId != null) {
                        episodes.add(new RecordedEpisode(envId, seed, resetObs, resetState, List.copyOf(steps)));
                    }
                    List<String[]> groups = groups(f, 2, where, "RESET");
                    if (groups.size() != 2) {
                        throw new FormatException(where + "RESET needs 'env_id seed obs... | state...', found " + groups.size() + " groups");
                    }
                    envId = f[1];
                    seed = parseLong(groups.get(0)[0], where, "seed");
                    resetObs = numbers(groups.get(0), 1, where, "obs");
                    resetState = numbers(groups.get(1), 0, where, "state");
                    steps = new ArrayList<>();
                }
                case "STEP" -> {
                    if (envId == null) {
                        throw new FormatException(where + "STEP before any RESET");
                    }
                    if (!f[1].equals(envId)) {
                        throw new FormatException(where + "STEP for " + f[1] + " inside an episode of " + envId);
                    }
                    List<String[]> groups = groups(f, 2, where, "STEP");
                    if (groups.size() != 4 || groups.get(2).length != 3) {
                        throw new FormatException(where + "STEP needs 'env_id t action... | obs... | reward terminated truncated | state...'");
                    }
                    int t = (int) parseLong(groups.get(0)[0], where, "t");
                    if (t != steps.size()) {
                        throw new FormatException(where + "step index " + t + ", expected " + steps.size());
                    }
                    String[] r = groups.get(2);
                    steps.add(new StepRecord(envId, t, numbers(groups.get(0), 1, where, "action"),
                            numbers(groups.get(1), 0, where, "obs"), parseDouble(r[0], where, "reward"),
                            flag(r[1], where, "terminated"), flag(r[2], where, "truncated"),
                            numbers(groups.get(3), 0, where, "state")));
                }
                default -> throw new FormatException(where + "unknown record '" + f[0] + "' (expected HEADER, RESET or STEP)");
            }
        }
        if (envId != null) {
            episodes.add(new RecordedEpisode(envId, seed, resetObs, resetState, List.copyOf(steps)));
        }
        if (episodes.isEmpty()) {
            throw new FormatException(source + ": no RESET record: not a reference trajectory file");
        }
        return new File(header, List.copyOf(episodes));
    }

    /** Fields from index {@code from} split at the {@code |} separators. */
    private static List<String[]> groups(String[] f, int from, String where, String kind) throws FormatException {
        if (f.length < from + 1) {
            throw new FormatException(where + kind + " record too short");
        }
        List<String[]> out = new ArrayList<>();
        int start = from;
        for (int i = from; i <= f.length; i++) {
            if (i == f.length || f[i].equals("|")) {
                out.add(Arrays.copyOfRange(f, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static double[] numbers(String[] fields, int from, String where, String what) throws FormatException {
        double[] x = new double[fields.length - from];
        for (int i = 0; i < x.length; i++) {
            x[i] = parseDouble(fields[from + i], where, what + "[" + i + "]");
        }
        return x;
    }

    private static double parseDouble(String s, String where, String what) throws FormatException {
        try {
            return switch (s) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(s);
            };
        } catch (NumberFormatException e) {
            throw new FormatException(where + what + ": '" + s + "' is not a number");
        }
    }

    private static long parseLong(String s, String where, String what) throws FormatException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new FormatException(where + what + ": '" + s + "' is not an integer");
        }
    }

    private static boolean flag(String s, String where, String what) throws FormatException {
        return switch (s) {
            case "0", "False", "false" -> false;
            case "1", "True", "true" -> true;
            default -> throw new FormatException(where + what + ": '" + s + "' is not 0 or 1");
        };
    }

    /**
     * Replays an episode in a fresh environment: {@code reset(seed)} (which zeroes the time limit),
     * {@code setState} to the recorded RESET state, then the recorded actions in order. Returns the
     * episode as the project computes it, in the same form.
     */
    public static RecordedEpisode replay(RecordedEpisode reference) {
        try (Env env = Envs.make(reference.envId())) {
            env.reset(reference.seed());
            double[] obs0 = env.setState(reference.resetState());
            List<StepRecord> steps = new ArrayList<>();
            for (StepRecord r : reference.steps()) {
                Step s = env.step(r.action());
                steps.add(new StepRecord(reference.envId(), r.t(), r.action(), s.observation(), s.reward(),
                        s.terminated(), s.truncated(), env.state()));
            }
            return new RecordedEpisode(reference.envId(), reference.seed(), obs0, reference.resetState(), List.copyOf(steps));
        }
    }

    /** How numbers are written: Python's {@code repr} (the Gymnasium files) or C's {@code %.17g} (the MuJoCo files). */
    public enum NumberFormat {
        REPR, G17;

        String format(double x) {
            return this == REPR ? PythonFloats.repr(x) : PythonFloats.g17(x);
        }
    }

    /** The RESET line of an episode, numbers as Python's {@code repr} writes them. */
    public static String resetLine(RecordedEpisode e) {
        return resetLine(e, NumberFormat.REPR);
    }

    /** The RESET line of an episode. */
    public static String resetLine(RecordedEpisode e, NumberFormat f) {
        StringBuilder s = new StringBuilder("RESET\t").append(e.envId()).append('\t').append(e.seed());
        append(s, e.resetObservation(), f);
        s.append("\t|");
        append(s, e.resetState(), f);
        return s.toString();
    }

    /** The STEP line of a step record, numbers as Python's {@code repr} writes them. */
    public static String stepLine(StepRecord r) {
        return stepLine(r, NumberFormat.REPR);
    }

    /** The STEP line of a step record. */
    public static String stepLine(StepRecord r, NumberFormat f) {
        StringBuilder s = new StringBuilder("STEP\t").append(r.envId()).append('\t').append(r.t());
        append(s, r.action(), f);
        s.append("\t|");
        append(s, r.observation(), f);
        s.append("\t|\t").append(f.format(r.reward()))
                .append('\t').append(r.terminated() ? 1 : 0)
                .append('\t').append(r.truncated() ? 1 : 0)
                .append("\t|");
        append(s, r.state(), f);
        return s.toString();
    }

    private static void append(StringBuilder s, double[] x, NumberFormat f) {
        for (double v : x) {
            s.append('\t').append(f.format(v));
        }
    }
}
