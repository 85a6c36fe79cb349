package org.mbpo.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A training run as its {@link RunDirectory} keeps it, whatever the algorithm (MBPO's {@code MbpoRun},
 * SAC's {@code SacRun}): what {@code config.json} says, the progress rows so far, the checkpoint, and the
 * totals {@code result.json} reports. Every evaluation is one progress row and one segment of
 * {@code timing.csv}.
 */
public interface TrainingRun extends AutoCloseable {

    /** {@code config.json}'s {@code algo}: "mbpo" or "sac". */
    String algorithm();

    String envId();

    long seed();

    /** Every setting, as {@code config.json}'s sections ({@code {"mbpo": …, "sac": …, "model": …}} or {@code {"sac": …, "run": …}}). */
    Map<String, Object> settingsDescription();

    /** The extra {@code config.json} fields of the algorithm (e.g. the target entropy used), after the settings. */
    Map<String, Object> configExtras();

    /** {@code progress.csv}'s header. */
    String progressHeader();

    /** The progress rows so far, one per evaluation (the same bits for a resumed run). */
    List<? extends EvaluationRow> rows();

    /** Real environment steps so far. */
    long realSteps();

    /** SAC updates so far. */
    long updates();

    /** Seconds trained and the session, over every session. */
    RunTotals totals();

    /** Writes the run's whole state to {@code file} (atomically: {@link CheckpointFile}). */
    void writeCheckpoint(Path file) throws IOException;

    /**
     * Puts this run, new and made from the checkpoint's settings, into the state {@code file} holds.
     *
     * @throws CheckpointException (one line, naming the file) if it is unreadable or another run's; nothing applied
     */
    void restoreCheckpoint(Path file);

    /** Releases the run's environments and threads. */
    @Override
    void close();

    /** Evaluations (rows) so far. */
    default int evaluations() {
        return rows().size();
    }

    /** {@code progress.csv}'s rows as CSV lines. */
    default List<String> progressRows() {
        return rows().stream().map(EvaluationRow::csv).toList();
    }

    /** The learning curve: steps, evaluation returns and training returns (NaN where no episode ended), one per row. */
    default double[][] curve() {
        List<? extends EvaluationRow> r = rows();
        return new double[][] {r.stream().mapToDouble(EvaluationRow::step).toArray(),
                r.stream().mapToDouble(EvaluationRow::evalReturn).toArray(),
                r.stream().mapToDouble(EvaluationRow::trainReturn).toArray()};
    }

    /** The last row, or null before any. */
    default EvaluationRow lastRow() {
        List<? extends EvaluationRow> r = rows();
        return r.isEmpty() ? null : r.get(r.size() - 1);
    }
}
