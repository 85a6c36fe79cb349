package org.mbpo.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A training run as its {@link RunDirectory} keeps it, whatever the algorithm (MBPO's {@code MbpoRun},
 * SAC's {@code SacRun}): what {@code config.json} says, the progress rows so far, the learning curve, the
 * checkpoint, and the totals {@code result.json} reports. Every evaluation is one progress row and one
 * segment of {@code timing.csv}.
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

    /** {@code progress.csv}'s rows so far, one per evaluation, as CSV (the same bits for a resumed run). */
    List<String> progressRows();

    /** The learning curve: steps, evaluation returns and training returns (NaN where no episode ended), one per row. */
    double[][] curve();

    /** The last row's step, evaluation return and its standard deviation (for {@code result.json}), or null before any. */
    double[] lastEvaluation();

    /** Evaluations (rows) so far. */
    int evaluations();

    /** Real environment steps so far. */
    long realSteps();

    /** SAC updates so far. */
    long updates();

    /** Seconds of training in finished segments, over every session (checkpoints included). */
    double trainedSeconds();

    /** Adds {@code seconds} to {@link #trainedSeconds}; mutates the run. */
    void addTrainedSeconds(double seconds);

    /** 1 for a new run, +1 per resume. */
    int session();

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
}
