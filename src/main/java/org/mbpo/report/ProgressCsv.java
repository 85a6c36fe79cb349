package org.mbpo.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the learning curve out of a run's {@code progress.csv} (SAC's or MBPO's: columns {@code step} and
 * {@code eval_return} wherever they are). A run killed while appending a row (SAC writes rows as it goes) can leave
 * the last line cut short: a last line without its newline, or with fewer fields than the header, is left out and
 * named in {@link Curve#warning}, never read as numbers.
 */
public final class ProgressCsv {
    private ProgressCsv() {
    }

    /**
     * A run's evaluations.
     *
     * @param steps       the {@code step} of every row with an evaluation, in file order
     * @param evalReturns its {@code eval_return}, same length
     * @param warning     what was left out (a row cut short), or null
     */
    public record Curve(double[] steps, double[] evalReturns, String warning) {
    }

    /** No file, no evaluations. */
    public static final Curve EMPTY = new Curve(new double[0], new double[0], null);

    /**
     * The curve in {@code progress}, or {@link #EMPTY} if the file does not exist.
     *
     * @throws IllegalArgumentException naming the file and line, if a header lacks the columns or a whole row does
     *                                  not parse
     */
    public static Curve read(Path progress) {
        if (!Files.exists(progress)) {
            return EMPTY;
        }
        String text;
        try {
            text = Files.readString(progress, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + progress + ": " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            return EMPTY;
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        String[] header = lines.get(0).split(",", -1);
        int step = List.of(header).indexOf("step");
        int ret = List.of(header).indexOf("eval_return");
        if (step < 0 || ret < 0) {
            throw new IllegalArgumentException(progress + ": no step or eval_return column");
        }
        String warning = null;
        int last = lines.size() - 1;
        if (last >= 1 && (!text.endsWith("\n") || lines.get(last).split(",", -1).length < header.length)) {
            warning = progress + ": line " + (last + 1) + " is cut short (the run was stopped while writing it); left out";
            lines.remove(last);
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length <= Math.max(step, ret)) {
                throw new IllegalArgumentException(progress + ": line " + (i + 1) + " does not parse (" + f.length + " fields, the header has "
                        + header.length + ")");
            }
            if (f[ret].isEmpty()) {
                continue;
            }
            try {
                rows.add(new double[] {Double.parseDouble(f[step]), Double.parseDouble(f[ret])});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(progress + ": line " + (i + 1) + " does not parse");
            }
        }
        return new Curve(rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray(), warning);
    }
}
