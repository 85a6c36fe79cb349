package org.mbpo.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mbpo.report.ProgressCsv;
import org.mbpo.stop.StopRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Where every cell of a sweep stands ({@code ./mbpo sweep SPEC --out DIR --status}), read from the cells' run
 * directories, the sweep directory's records ({@link SweepDirectory}) and, where Slurm runs the sweep, the states
 * {@code squeue} reports for its array tasks.
 */
public final class SweepStatus {
    private SweepStatus() {
    }

    /** A cell's state. */
    public enum State {
        /** waiting to run: queued in Slurm, or never started */
        PENDING,
        /** running now: in Slurm's RUNNING state, or its lock held by a process */
        RUNNING,
        /** completed (its result.json says so) */
        FINISHED,
        /** stopped or killed before the end; the next attempt resumes it (or restarts it where it cannot be resumed) */
        INTERRUPTED,
        /** failed: diverged, or its last attempt exited with an error (its log says why) */
        FAILED
    }

    /**
     * One cell's line.
     *
     * @param index      the cell's number
     * @param state      where it stands
     * @param step       the step of its last evaluation (0 if none)
     * @param evalReturn the return of its last evaluation (NaN if none)
     * @param note       what else to know (Slurm's state, an exit status, where the log is), or ""
     */
    public record Row(int index, SweepSpec.Cell cell, State state, long step, double evalReturn, String note) {
    }

    /**
     * Every cell's line.
     *
     * @param queued the Slurm states of the cells still in Slurm's queue, by cell ({@link SlurmArray#queued}); empty
     *               without Slurm
     */
    public static List<Row> of(SweepSpec spec, Path dir, Map<Integer, String> queued) {
        List<Row> rows = new ArrayList<>();
        List<SweepSpec.Cell> cells = spec.cells();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < cells.size(); i++) {
            SweepSpec.Cell cell = cells.get(i);
            Path runDir = cell.dir(dir);
            ProgressCsv.Curve curve = ProgressCsv.read(runDir.resolve("progress.csv"));
            int n = curve.steps().length;
            long step = n == 0 ? 0 : (long) curve.steps()[n - 1];
            double ret = n == 0 ? Double.NaN : curve.evalReturns()[n - 1];
            String log = dir.relativize(SweepDirectory.log(dir, cell)).toString();
            State state;
            String note = "";
            String result = resultStatus(json, runDir.resolve("result.json"));
            String slurm = queued.get(i);
            OptionalInt exit = SweepDirectory.lastExit(dir, cell);
            if ("completed".equals(result)) {
                state = State.FINISHED;
            } else if (result != null) {
                state = State.FAILED;
                note = result + "; see " + log;
            } else if (slurm != null) {
                state = slurm.equals("PENDING") || slurm.equals("REQUEUED") || slurm.equals("REQUEUE_HOLD") ? State.PENDING : State.RUNNING;
                note = "slurm: " + slurm;
            } else if (SweepDirectory.isLocked(dir, cell)) {
                state = State.RUNNING;
            } else if (exit.isPresent() && exit.getAsInt() != 0 && !isStop(exit.getAsInt())) {
                state = State.FAILED;
                note = "exit " + exit.getAsInt() + "; see " + log;
            } else if (exit.isPresent() && exit.getAsInt() == 0) {
                state = State.FINISHED;
            } else if (Files.isDirectory(runDir) && !SweepDirectory.isEmpty(runDir)) {
                state = State.INTERRUPTED;
                note = exit.isPresent() ? "stopped (exit " + exit.getAsInt() + ")" : "killed, or still starting";
            } else {
                state = State.PENDING;
            }
            rows.add(new Row(i, cell, state, step, ret, note));
        }
        return rows;
    }

    /** Whether {@code status} is that of a run stopped by a signal (130, 143, 138) or at a checkpoint (75). */
    public static boolean isStop(int status) {
        for (StopRequest.Kind k : StopRequest.Kind.values()) {
            if (status == k.signalStatus() || status == k.exitStatus(true)) {
                return true;
            }
        }
        return false;
    }

    private static String resultStatus(ObjectMapper json, Path result) {
        if (!Files.exists(result)) {
            return null;
        }
        try {
            JsonNode r = json.readTree(result.toFile());
            return r.path("status").asText("unknown");
        } catch (IOException e) {
            return "unreadable result.json";
        }
    }

    /** The table {@code --status} prints: a header, one line per cell, then the count in each state. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%4s  %-24s %6s  %-11s %9s %12s  %s%n", "cell", "setting", "seed",
                "state", "step", "eval_return", "note"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%4d  %-24s %6d  %-11s %9s %12s  %s%n", r.index(), r.cell().setting(), r.cell().seed(),
                    r.state().name().toLowerCase(Locale.ROOT), r.step() == 0 ? "-" : String.format(Locale.ROOT, "%,d", r.step()),
                    Double.isNaN(r.evalReturn()) ? "-" : String.format(Locale.ROOT, "%.1f", r.evalReturn()), r.note()).stripTrailing())
                    .append('\n');
        }
        b.append(counts(rows)).append('\n');
        return b.toString();
    }

    /** {@code 4 cells: 2 finished, 1 running, 1 pending}. */
    public static String counts(List<Row> rows) {
        Map<State, Long> n = rows.stream().collect(Collectors.groupingBy(Row::state, () -> new EnumMap<>(State.class), Collectors.counting()));
        return rows.size() + " cells: " + n.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
