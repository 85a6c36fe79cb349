package org.mbpo.sweep;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How {@code ./mbpo sweep --engine slurm} submits a sweep's job array: sbatch's options, each null where not
 * given (then Slurm's default, or the one named here). A spec's {@code "slurm"} object gives them in snake_case
 * ({@code {"time": "04:00:00", "cpus_per_task": 2, "requeue": true}}); the command line's options take
 * precedence ({@link #or}).
 *
 * @param partition    {@code --partition}
 * @param time         {@code --time}, the array task's wall-clock limit ({@code MM}, {@code HH:MM:SS}, {@code D-HH:MM:SS}, ...)
 * @param cpusPerTask  {@code --cpus-per-task} (default 1; a cell trains on MBPO_THREADS = min(it, 2) threads)
 * @param mem          {@code --mem} ({@code 8G}, {@code 4000M}, ...)
 * @param account      {@code --account}
 * @param maxRunning   the array's {@code %N}: cells running at once
 * @param signalBefore seconds before the time limit at which the cell is asked to stop at its next checkpoint
 *                     ({@code --signal=B:USR1@SECONDS}; default {@link #DEFAULT_SIGNAL_BEFORE}; 0 for no signal)
 * @param requeue      whether a cell stopped so ({@link org.mbpo.stop.StopRequest#RESUMABLE_STATUS}) requeues itself
 *                     ({@code scontrol requeue}) to resume; default false
 * @param sbatchArgs   more of sbatch's arguments, verbatim (the spec's first, then the command line's)
 */
public record SlurmOptions(String partition, String time, Integer cpusPerTask, String mem, String account, Integer maxRunning,
                           Integer signalBefore, Boolean requeue, List<String> sbatchArgs) {

    /** Seconds before the time limit at which a cell gets SIGUSR1 unless told otherwise: enough for an MBPO epoch on Hopper. */
    public static final int DEFAULT_SIGNAL_BEFORE = 600;

    /** No option given. */
    public static final SlurmOptions NONE = new SlurmOptions(null, null, null, null, null, null, null, null, List.of());

    private static final List<String> KEYS = List.of("partition", "time", "cpus_per_task", "mem", "account", "max_running",
            "signal_before", "requeue", "sbatch_args");

    public SlurmOptions {
        sbatchArgs = sbatchArgs == null ? List.of() : List.copyOf(sbatchArgs);
        requireWord("partition", partition);
        requireWord("account", account);
        if (time != null && !time.matches("(\\d+-)?\\d+(:\\d{1,2}){0,2}")) {
            throw new IllegalArgumentException("time: '" + time + "' is not a Slurm time limit (MM, HH:MM:SS or D-HH:MM:SS)");
        }
        if (mem != null && !mem.matches("\\d+[KMGT]?")) {
            throw new IllegalArgumentException("mem: '" + mem + "' is not a Slurm memory size (e.g. 8G or 4000M)");
        }
        requireAtLeast("cpus_per_task", cpusPerTask, 1);
        requireAtLeast("max_running", maxRunning, 1);
        requireAtLeast("signal_before", signalBefore, 0);
    }

    private static void requireWord(String key, String value) {
        if (value != null && !value.matches("[A-Za-z0-9_.,:-]+")) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a Slurm name");
        }
    }

    private static void requireAtLeast(String key, Integer value, int least) {
        if (value != null && value < least) {
            throw new IllegalArgumentException(key + ": must be at least " + least + ", got " + value);
        }
    }

    /** These options, with {@code fallback}'s where these are null; the extra arguments are {@code fallback}'s, then these. */
    public SlurmOptions or(SlurmOptions fallback) {
        List<String> args = new ArrayList<>(fallback.sbatchArgs);
        args.addAll(sbatchArgs);
        return new SlurmOptions(first(partition, fallback.partition), first(time, fallback.time),
                first(cpusPerTask, fallback.cpusPerTask), first(mem, fallback.mem), first(account, fallback.account),
                first(maxRunning, fallback.maxRunning), first(signalBefore, fallback.signalBefore),
                first(requeue, fallback.requeue), args);
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    /** The seconds of {@link #signalBefore}, or the default. */
    public int signalSeconds() {
        return signalBefore == null ? DEFAULT_SIGNAL_BEFORE : signalBefore;
    }

    /** Whether stopped cells requeue themselves. */
    public boolean requeues() {
        return Boolean.TRUE.equals(requeue);
    }

    /** CPUs per array task (1 unless given). */
    public int cpus() {
        return cpusPerTask == null ? 1 : cpusPerTask;
    }

    /**
     * Reads a spec's {@code "slurm"} object (null or absent: {@link #NONE}).
     *
     * @throws IllegalArgumentException naming the field ({@code slurm.time: ...})
     */
    static SlurmOptions fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("slurm: expected an object of sbatch options, e.g. {\"time\": \"04:00:00\"}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("slurm." + key + ": unknown; the options are " + String.join(", ", KEYS));
            }
        }
        try {
            List<String> args = new ArrayList<>();
            JsonNode a = node.get("sbatch_args");
            if (a != null) {
                if (!a.isArray()) {
                    throw new IllegalArgumentException("sbatch_args: expected an array of strings");
                }
                for (JsonNode n : a) {
                    if (!n.isTextual()) {
                        throw new IllegalArgumentException("sbatch_args: '" + n + "' is not a string");
                    }
                    args.add(n.asText());
                }
            }
            return new SlurmOptions(text(node, "partition"), text(node, "time"), whole(node, "cpus_per_task"), text(node, "mem"),
                    text(node, "account"), whole(node, "max_running"), whole(node, "signal_before"), flag(node, "requeue"), args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slurm." + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key) {
        return field(node, key, JsonNode::isTextual, "a string", JsonNode::asText);
    }

    private static Integer whole(JsonNode node, String key) {
        return field(node, key, v -> v.isIntegralNumber() && v.canConvertToInt(), "a whole number", JsonNode::asInt);
    }

    private static Boolean flag(JsonNode node, String key) {
        return field(node, key, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
    }

    /** The field {@code key}, null if absent or null, else {@code get} of it if {@code ok}, else a one-line refusal. */
    private static <T> T field(JsonNode node, String key, java.util.function.Predicate<JsonNode> ok, String expected,
                               java.util.function.Function<JsonNode, T> get) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!ok.test(v)) {
            throw new IllegalArgumentException(key + ": expected " + expected + ", got " + v);
        }
        return get.apply(v);
    }
}
