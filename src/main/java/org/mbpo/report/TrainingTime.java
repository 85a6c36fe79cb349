package org.mbpo.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How long a run trained, over all its sessions, read from its run directory. {@code timing.csv} has a row per
 * finished segment (an MBPO epoch, or SAC's steps between evaluations) with its seconds, {@code epoch_s}, its
 * checkpoint included; their sum is the run's training time. {@code result.json}'s {@code trained_seconds} is the
 * same sum for a run never resumed, but until 2026-12-07 a resumed run's missed the segment before each resume
 * (the seconds were added to the totals after the checkpoint that the resume reads), as did {@code wall_s}.
 */
public final class TrainingTime {
    private TrainingTime() {
    }

    /**
     * The sum of {@code timing.csv}'s {@code epoch_s}; for a run without timing rows, {@code result.json}'s
     * {@code trained_seconds} (SAC's older {@code wall_seconds}); NaN if it has neither.
     *
     * @throws IllegalArgumentException (naming the run) if a file cannot be read or a time is not a number
     */
    public static double seconds(Path runDirectory) {
        Path timing = runDirectory.resolve("timing.csv");
        try {
            if (Files.exists(timing)) {
                List<String> lines = Files.readAllLines(timing, StandardCharsets.UTF_8);
                int column = lines.isEmpty() ? -1 : Arrays.asList(lines.get(0).split(",")).indexOf("epoch_s");
                double sum = 0;
                int rows = 0;
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] fields = line.split(",");
                    if (column >= 0 && fields.length > column && !fields[column].isEmpty()) {
                        sum += Double.parseDouble(fields[column]);
                        rows++;
                    }
                }
                if (rows > 0) {
                    return sum;
                }
            }
            Path result = runDirectory.resolve("result.json");
            if (Files.exists(result)) {
                JsonNode r = new ObjectMapper().readTree(result.toFile());
                return r.path(r.has("wall_seconds") ? "wall_seconds" : "trained_seconds").asDouble(Double.NaN);
            }
            return Double.NaN;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException(runDirectory + ": cannot read its training time: " + e.getMessage(), e);
        }
    }
}
