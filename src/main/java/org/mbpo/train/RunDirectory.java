package org.mbpo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.mbpo.report.Charts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training run's directory: {@code config.json} (settings and provenance, written first),
 * {@code progress.csv} (one {@link ProgressRow} per evaluation, flushed as it is written),
 * {@code learning-curve.png} (redrawn at every evaluation) and {@code result.json} (the outcome,
 * written last, also when the run fails).
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String PROGRESS = "progress.csv";
    public static final String CURVE = "learning-curve.png";
    public static final String RESULT = "result.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final List<ProgressRow> rows = new ArrayList<>();
    private BufferedWriter progress;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates {@code dir} (and its parents) for a new run.
     *
     * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory (runs are never overwritten)
     * @throws UncheckedIOException     if it cannot be created
     */
    public static RunDirectory create(Path dir) {
        createEmpty(dir, "choose a new --out directory");
        return new RunDirectory(dir);
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

    public Path path() {
        return path;
    }

    /** Writes {@code config.json}. */
    public void writeConfig(Map<String, Object> config) {
        writeJson(CONFIG, config);
    }

    /** Writes {@code result.json}. */
    public void writeResult(Map<String, Object> result) {
        writeJson(RESULT, result);
    }

    /** Appends a row to {@code progress.csv} (the header first) and flushes it. */
    public void append(ProgressRow row) {
        try {
            if (progress == null) {
                progress = Files.newBufferedWriter(path.resolve(PROGRESS), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                progress.write(ProgressRow.HEADER);
                progress.newLine();
            }
            progress.write(row.csv());
            progress.newLine();
            progress.flush();
            rows.add(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(PROGRESS), e);
        }
    }

    /** The rows appended so far. */
    public List<ProgressRow> rows() {
        return List.copyOf(rows);
    }

    /** Draws the evaluation (and training) returns against steps into {@code learning-curve.png}; nothing before the first row. */
    public void writeCurve(String title) {
        if (rows.isEmpty()) {
            return;
        }
        XYChart chart = learningCurve(title, rows);
        try {
            BitmapEncoder.saveBitmap(chart, path.resolve(CURVE).toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(CURVE), e);
        }
    }

    /** The learning-curve chart: mean evaluation return (and mean training return where there is one) against steps. */
    public static XYChart learningCurve(String title, List<ProgressRow> rows) {
        XYChart chart = Charts.xy(title, "environment steps", "return");
        double[] steps = rows.stream().mapToDouble(ProgressRow::step).toArray();
        double[] eval = rows.stream().mapToDouble(ProgressRow::evalReturn).toArray();
        Charts.line(chart, "evaluation (deterministic, mean)", steps, eval);
        List<ProgressRow> withTrain = rows.stream().filter(r -> !Double.isNaN(r.trainReturn())).toList();
        if (!withTrain.isEmpty()) {
            Charts.line(chart, "training episodes (mean)", withTrain.stream().mapToDouble(ProgressRow::step).toArray(),
                    withTrain.stream().mapToDouble(ProgressRow::trainReturn).toArray());
        }
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    private void writeJson(String name, Map<String, Object> content) {
        try {
            JSON.writeValue(path.resolve(name).toFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(name), e);
        }
    }

    @Override
    public void close() {
        if (progress != null) {
            try {
                progress.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
