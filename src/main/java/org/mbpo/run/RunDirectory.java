package org.mbpo.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.mbpo.report.LearningCurves;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's directory, one format for every algorithm (MBPO, SAC) and, for its {@code config.json} and
 * {@code result.json}, the experiments:
 * <ul>
 *   <li>{@code config.json}: algorithm, environment, seed, every setting, threads and provenance; written once, at
 *       the start, and read back by {@code --resume};</li>
 *   <li>{@code progress.csv}: one row per evaluation; identical, bit for bit, for a run resumed after an
 *       interruption and for the same run uninterrupted (nothing in it depends on the clock);</li>
 *   <li>{@code timing.csv}: one {@link TimingRow} per evaluation (wall-clock times, which differ from run to run);</li>
 *   <li>{@code learning-curve.png} and {@code checkpoint.bin} ({@link CheckpointFile}) after every evaluation;
 *       {@code result.json} at the end (also when the run diverged or was stopped).</li>
 * </ul>
 * Every file but {@code timing.csv} is replaced atomically (written aside, then renamed), so a run killed at any
 * moment leaves whole files. While a process works in the directory it holds a lock on {@code .lock}; a second
 * process is refused.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String PROGRESS = "progress.csv";
    public static final String TIMING = "timing.csv";
    public static final String CURVE = "learning-curve.png";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String RESULT = "result.json";
    private static final String LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Integer> resumedAfter = new ArrayList<>();

    private RunDirectory(Path path) {
        this.path = path;
        try {
            this.lockChannel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                throw new IllegalArgumentException(path + " is in use by another process");
            }
            this.lock = l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path.resolve(LOCK) + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    // ---- Opening ---------------------------------------------------------------------------------------

    /**
     * A new, empty directory (an experiment's, whose files its code writes), locked.
     *
     * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory (runs are never overwritten)
     * @throws UncheckedIOException     if it cannot be created
     */
    public static RunDirectory create(Path dir) {
        createEmpty(dir, "choose a new --out directory");
        return new RunDirectory(dir);
    }

    /**
     * A directory for a new training run, with its {@code config.json} (algo, env, seed, the settings' sections,
     * the algorithm's extras, threads, provenance) and empty {@code progress.csv} and {@code timing.csv}.
     *
     * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory
     */
    public static RunDirectory create(Path dir, TrainingRun run, int threads, Map<String, Object> provenance) {
        createEmpty(dir, "choose a new --out directory (or --resume it)");
        RunDirectory d = new RunDirectory(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algo", run.algorithm());
        config.put("env", run.envId());
        config.put("seed", run.seed());
        config.putAll(run.settingsDescription());
        config.putAll(run.configExtras());
        config.put("threads", threads);
        config.put("provenance", provenance);
        d.writeConfig(config);
        d.writeAtomically(PROGRESS, (run.progressHeader() + "\n").getBytes(StandardCharsets.UTF_8));
        d.writeAtomically(TIMING, (TimingRow.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        return d;
    }

    /**
     * Creates {@code dir}, or accepts it if it is an empty directory; a run never writes over another.
     *
     * @param whatToDo the advice after "already holds files; " when it is not empty
     * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory
     * @throws UncheckedIOException     if it cannot be created
     */
    public static void createEmpty(Path dir, String whatToDo) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(dir + " exists and is not a directory");
                }
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException(dir + " already holds files; " + whatToDo);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code config.json} of a training run's directory, and its {@code algo}.
     *
     * @throws CheckpointException (one line) if it is missing, unreadable, or has no algo, env or seed
     */
    public static JsonNode readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!c.path("algo").isTextual() || !c.path("seed").canConvertToLong() || !c.path("env").isTextual()) {
            throw new CheckpointException(file + ": no algo, seed or env");
        }
        return c;
    }

    /** A config.json section's fields as text, as {@code --set} takes them (for the settings' parsers). */
    public static Map<String, String> section(Path dir, JsonNode config, String name) {
        JsonNode section = config.get(name);
        if (section == null || !section.isObject()) {
            throw new CheckpointException(dir.resolve(CONFIG) + ": no '" + name + "' settings");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        section.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
        return fields;
    }

    /**
     * Opens the existing directory of {@code run} (a new run made from its {@code config.json}) and puts the
     * run into the state of its checkpoint, or leaves it at its start if there is none yet. Only then is
     * anything written: {@code progress.csv} from the checkpoint's rows, {@code timing.csv} cut to the
     * checkpoint's evaluations, the curve.
     *
     * <p>{@code progress.csv} may hold one evaluation more than the checkpoint (it is written first: a run stopped
     * between the two); the resumed run computes that row again, the same. More than one means the checkpoint is missing
     * (checkpoints stay out of git and go with a lost machine) or older than the rows: the resume is refused, since it
     * would replace finished rows with the rows of a run started again.
     *
     * @throws CheckpointException if the checkpoint is corrupt or belongs to another run (nothing written)
     * @throws IllegalArgumentException if {@code progress.csv} is more than one evaluation ahead of the checkpoint
     *                                  (nothing written)
     */
    public static RunDirectory resume(Path dir, TrainingRun run) {
        RunDirectory d = new RunDirectory(dir);
        try {
            Path checkpoint = dir.resolve(CHECKPOINT);
            boolean restored = Files.exists(checkpoint);
            if (restored) {
                run.restoreCheckpoint(checkpoint);
            }
            int stored = progressRows(dir.resolve(PROGRESS));
            int kept = run.progressRows().size();
            if (stored > kept + 1) {
                throw new IllegalArgumentException(dir.resolve(PROGRESS) + " holds " + stored + " evaluations but "
                        + (restored ? "its " + CHECKPOINT + " only " + kept : "there is no " + CHECKPOINT
                        + " (checkpoints are not kept in git, and a lost machine takes them)")
                        + ": a resume would run them again and replace them, so nothing was changed. To run it again"
                        + " from step 0 in another directory: mkdir NEW && cp " + dir.resolve(CONFIG)
                        + " NEW/ && ./mbpo train --resume NEW");
            }
            d.resumedAfter.add(run.evaluations());
            d.writeProgress(run);
            List<String> timing = new ArrayList<>();
            timing.add(TimingRow.HEADER);
            Path timingFile = dir.resolve(TIMING);
            if (Files.exists(timingFile)) {
                for (String line : Files.readAllLines(timingFile, StandardCharsets.UTF_8)) {
                    String first = line.split(",", 2)[0];
                    if (first.matches("\\d+") && Integer.parseInt(first) <= run.evaluations()) {
                        timing.add(line);
                    }
                }
            }
            d.writeAtomically(TIMING, (String.join("\n", timing) + "\n").getBytes(StandardCharsets.UTF_8));
            if (run.evaluations() > 0) {
                d.writeCurve(run);
            }
            return d;
        } catch (IOException e) {
            d.close();
            throw new UncheckedIOException("cannot resume in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The data rows of a {@code progress.csv} (its non-empty lines after the header); 0 if there is none. */
    private static int progressRows(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return (int) Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
        }
    }

    // ---- Writing -------------------------------------------------------------------------------------

    /**
     * After each evaluation: {@code progress.csv}, the curve, the checkpoint, then the segment's timing row
     * with the checkpoint's time; adds the segment's seconds to the run's. The segment's seconds go into the run's
     * totals before the checkpoint is written, so that a run resumed from it counts them; only the checkpoint's own
     * writing time is then missing from a resumed run's {@code trained_seconds} and {@code wall_s} (until
     * 2026-12-07 they were added after it, and every resume lost the whole segment before it:
     * {@link org.mbpo.report.TrainingTime} reads such runs right).
     */
    public void evaluated(TrainingRun run, TimingRow timing) {
        writeProgress(run);
        writeCurve(run);
        run.totals().addTrainedSeconds(timing.epochSeconds());
        long t0 = System.nanoTime();
        try {
            run.writeCheckpoint(path.resolve(CHECKPOINT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + path + ": " + e.getMessage(), e);
        }
        double checkpointSeconds = (System.nanoTime() - t0) / 1e9;
        TimingRow t = timing.withCheckpoint(checkpointSeconds);
        run.totals().addTrainedSeconds(checkpointSeconds);
        try {
            Files.writeString(path.resolve(TIMING), t.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(TIMING), e);
        }
    }

    /**
     * Writes {@code result.json}: the status ("completed", "stopped", "diverged"), a message, the run's totals,
     * the last row's numbers and the evaluations after which the run was resumed in this session.
     */
    public void writeResult(TrainingRun run, String status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (message != null && !message.isEmpty()) {
            m.put("message", message);
        }
        m.put("evaluations", run.evaluations());
        m.put("real_steps", run.realSteps());
        m.put("updates", run.updates());
        m.put("trained_seconds", run.totals().trainedSeconds());
        m.put("sessions", run.totals().session());
        if (!resumedAfter.isEmpty()) {
            m.put("resumed_after_evaluation", resumedAfter);
        }
        EvaluationRow last = run.lastRow();
        if (last != null) {
            m.put("final_step", last.step());
            m.put("final_eval_return", last.evalReturn());
            m.put("final_eval_return_std", last.evalReturnStd());
        }
        writeResult(m);
    }

    /** Writes {@code config.json}. */
    public void writeConfig(Map<String, Object> config) {
        writeJson(CONFIG, config);
    }

    /** Writes {@code result.json}. */
    public void writeResult(Map<String, Object> result) {
        writeJson(RESULT, result);
    }

    private void writeProgress(TrainingRun run) {
        StringBuilder b = new StringBuilder(run.progressHeader()).append('\n');
        for (String r : run.progressRows()) {
            b.append(r).append('\n');
        }
        writeAtomically(PROGRESS, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeCurve(TrainingRun run) {
        double[][] c = run.curve();
        String name = run.algorithm().equals("mbpo") ? "MBPO" : run.algorithm().toUpperCase(java.util.Locale.ROOT);
        XYChart chart = LearningCurves.ofRun(name + " on " + run.envId() + ", seed " + run.seed(), c[0], c[1], c[2]);
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
            writeAtomically(CURVE, png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + path.resolve(CURVE), e);
        }
    }

    private void writeJson(String name, Map<String, Object> content) {
        try {
            writeAtomically(name, JSON.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(name), e);
        }
    }

    /** Writes {@code name} aside, then renames it into place. */
    private void writeAtomically(String name, byte[] content) {
        Path target = path.resolve(name);
        try {
            Path tmp = CheckpointFile.asideOf(target);
            try {
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Releases the directory's lock. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
