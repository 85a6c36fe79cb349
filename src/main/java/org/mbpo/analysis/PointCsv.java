package org.mbpo.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The CSV files of the experiments' points: a fixed header, then one comma-separated row per point. */
final class PointCsv {
    private PointCsv() {
    }

    /** Writes {@code header} and then {@code rows}. */
    static void write(Path file, String header, List<String> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a file written by {@link #write}: every non-blank row after the header must have {@code fields}
     * fields, which {@code parse} turns into a point (it may throw NumberFormatException).
     *
     * @param kind what the file is, for the error ("an exploitation file")
     * @throws IllegalArgumentException naming the file and line if it is not such a file
     */
    static <T> List<T> read(Path file, String header, String kind, int fields, Function<String[], T> parse) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals(header)) {
            throw new IllegalArgumentException(file + ": not " + kind + " (expected the header " + header + ")");
        }
        List<T> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length != fields) {
                    throw new NumberFormatException(f.length + " fields, expected " + fields);
                }
                out.add(parse.apply(f));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }
}
