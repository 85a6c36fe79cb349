package org.mbpo.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.mbpo.report.Charts;
import org.mbpo.train.RunDirectory;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MBPO run's directory:
 * <ul>
 *   <li>{@code config.json}: algorithm, environment, seed, every setting ({@link MbpoSettings#describe()}), threads and
 *       provenance; written once, at the start, and read back by {@code --resume};</li>
 *   <li>{@code progress.csv}: one {@link EpochRow} per epoch; identical, bit for bit, for a run resumed after an
 *       interruption and for the same run uninterrupted;</li>
 *   <li>{@code timing.csv}: one {@link TimingRow} per epoch (wall-clock times, which differ from run to run);</li>
 *   <li>{@code learning-curve.png}, {@code checkpoint.bin} ({@link MbpoCheckpoint}) after every epoch;
 *       {@code result.json} at the end.</li>
 * </ul>
 * Every file but {@code timing.csv} is replaced atomically (written aside, then renamed), so a run killed at any
 * moment leaves whole files. While a process trains in the directory it holds a lock on {@code .lock}; a second
 * process is refused.
 */
public final class MbpoRunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String PROGRESS = "progress.csv";
    public static final String TIMING = "timing.csv";
    public static final String CURVE = "learning-curve.png";
    public static final String RESULT = "result.json";
    private static final String LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Integer> resumedAfter = new ArrayList<>();

    /**
     * What {@code config.json} says about a run.
     *
     * @param algo     "mbpo"
     * @param env      the environment id
     * @param seed     the seed
     * @param settings every setting
     * @param threads  the threads it ran with (results do not depend on them)
     */
    public record Config(String algo, String env, long seed, MbpoSettings settings, int threads) {
    }

    private MbpoRunDirectory(Path path) {
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
                throw new IllegalArgumentException(path + " is in use by another training process");
            }
            this.lock = l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path.resolve(LOCK) + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * A directory for a new run, with its {@code config.json}.
     *
     * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory (runs are never overwritten)
     */
    public static MbpoRunDirectory create(Path dir, MbpoRun run, int threads, Map<String, Object> provenance) {
        RunDirectory.createEmpty(dir, "choose a new --out directory (or --resume it)");
        MbpoRunDirectory d = new MbpoRunDirectory(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algo", "mbpo");
        config.put("env", run.envId);
        config.put("seed", run.seed);
        config.putAll(run.settings.describe());
        config.put("target_entropy_used", run.settings.sac().targetEntropy(run.actDim));
        config.put("threads", threads);
        config.put("provenance", provenance);
        d.writeJson(CONFIG, config);
        d.writeAtomically(PROGRESS, (EpochRow.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        d.writeAtomically(TIMING, (TimingRow.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        return d;
    }

    /**
     * Reads {@code config.json} of an MBPO run directory.
     *
     * @throws CheckpointException (one line) if it is missing, unreadable, or not an MBPO run's
     */
    public static Config readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        try {
            JsonNode c = JSON.readTree(file.toFile());
            String algo = c.path("algo").asText();
            if (!algo.equals("mbpo")) {
                throw new CheckpointException(file + ": a run of '" + algo + "'; only MBPO runs have checkpoints to resume");
            }
            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            for (String name : List.of("mbpo", "sac", "model")) {
                JsonNode section = c.get(name);
                if (section == null || !section.isObject()) {
                    throw new CheckpointException(file + ": no '" + name + "' settings");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    fields.put(e.getKey(), e.getValue().asText());
                }
                sections.put(name, fields);
            }
            if (!c.path("seed").canConvertToLong() || !c.path("env").isTextual()) {
                throw new CheckpointException(file + ": no seed or env");
            }
            return new Config(algo, c.get("env").asText(), c.get("seed").asLong(), MbpoSettings.fromDescription(sections),
                    c.path("threads").asInt(1));
        } catch (IOException e) {
            throw new CheckpointException(file + ": unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        }
    }

    /**
     * Opens the existing directory of {@code run} (a new run made from its {@code config.json}) and puts
     * the run into the state of its checkpoint, or leaves it at its start if there is none yet. Only
     * then is anything written: {@code progress.csv} from the checkpoint's rows, {@code timing.csv} cut
     * to the checkpoint's epochs.
     *
     * @throws CheckpointException if the checkpoint is corrupt or belongs to another run (nothing written)
     */
    public static MbpoRunDirectory resume(Path dir, MbpoRun run) {
        MbpoRunDirectory d = new MbpoRunDirectory(dir);
        try {
            Path checkpoint = dir.resolve(MbpoCheckpoint.FILE);
            if (Files.exists(checkpoint)) {
                MbpoCheckpoint.restore(checkpoint, run);
            }
            d.resumedAfter.add(run.epochsDone);
            d.writeProgress(run);
            List<String> timing = new ArrayList<>();
            timing.add(TimingRow.HEADER);
            Path timingFile = dir.resolve(TIMING);
            if (Files.exists(timingFile)) {
                for (String line : Files.readAllLines(timingFile, StandardCharsets.UTF_8)) {
                    String first = line.split(",", 2)[0];
                    if (first.matches("\\d+") && Integer.parseInt(first) <= run.epochsDone) {
                        timing.add(line);
                    }
                }
            }
            d.writeAtomically(TIMING, (String.join("\n", timing) + "\n").getBytes(StandardCharsets.UTF_8));
            if (!run.rows.isEmpty()) {
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

    /** After each epoch: {@code progress.csv}, the curve, the checkpoint, then the epoch's timing row. */
    void epochFinished(MbpoRun run, TimingRow timing) {
        writeProgress(run);
        writeCurve(run);
        long t0 = System.nanoTime();
        try {
            MbpoCheckpoint.write(run, path.resolve(MbpoCheckpoint.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + path + ": " + e.getMessage(), e);
        }
        double checkpointSeconds = (System.nanoTime() - t0) / 1e9;
        TimingRow t = timing.withCheckpoint(checkpointSeconds);
        run.trainedSeconds += t.epochSeconds();
        try {
            Files.writeString(path.resolve(TIMING), t.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(TIMING), e);
        }
    }

    /**
     * Writes {@code result.json}: the status ("completed", "stopped", "diverged"), a message, the last
     * row's numbers and the epochs after which the run was resumed in this session.
     */
    public void writeResult(MbpoRun run, String status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (message != null && !message.isEmpty()) {
            m.put("message", message);
        }
        m.put("epochs_done", run.epochsDone);
        m.put("real_steps", run.realSteps());
        m.put("updates", run.updates);
        m.put("trained_seconds", run.trainedSeconds);
        m.put("sessions", run.session);
        if (!resumedAfter.isEmpty()) {
            m.put("resumed_after_epoch", resumedAfter);
        }
        if (!run.rows.isEmpty()) {
            EpochRow last = run.rows.get(run.rows.size() - 1);
            m.put("final_step", last.step());
            m.put("final_eval_return", last.evalReturn());
            m.put("final_eval_return_std", last.evalReturnStd());
        }
        writeJson(RESULT, m);
    }

    private void writeProgress(MbpoRun run) {
        StringBuilder b = new StringBuilder(EpochRow.HEADER).append('\n');
        for (EpochRow r : run.rows) {
            b.append(r.csv()).append('\n');
        }
        writeAtomically(PROGRESS, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeCurve(MbpoRun run) {
        XYChart chart = learningCurve("MBPO on " + run.envId + ", seed " + run.seed, run.rows);
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
            writeAtomically(CURVE, png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + path.resolve(CURVE), e);
        }
    }

    /** Evaluation return (mean over the deterministic episodes) and mean training-episode return against real steps. */
    public static XYChart learningCurve(String title, List<EpochRow> rows) {
        XYChart chart = Charts.xy(title, "real environment steps", "return");
        Charts.line(chart, "evaluation (deterministic, mean)", rows.stream().mapToDouble(EpochRow::step).toArray(),
                rows.stream().mapToDouble(EpochRow::evalReturn).toArray());
        List<EpochRow> withTrain = rows.stream().filter(r -> !Double.isNaN(r.trainReturn())).toList();
        if (!withTrain.isEmpty()) {
            Charts.line(chart, "training episodes (mean)", withTrain.stream().mapToDouble(EpochRow::step).toArray(),
                    withTrain.stream().mapToDouble(EpochRow::trainReturn).toArray());
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return chart;
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
            Path tmp = MbpoCheckpoint.asideOf(target);
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
