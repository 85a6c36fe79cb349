package org.mbpo.experiment;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A list of data-set sizes, strictly increasing, written {@code 1000,4000,16000} on the command line and
 * in {@code --set sizes=...} ({@link #parse}).
 */
public record Sizes(int[] values) {

    public Sizes {
        values = values.clone();
        if (values.length < 1) {
            throw new IllegalArgumentException("sizes: need at least one size");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 10) {
                throw new IllegalArgumentException("sizes: " + values[i] + " is too small (at least 10 transitions)");
            }
            if (i > 0 && values[i] <= values[i - 1]) {
                throw new IllegalArgumentException("sizes must increase strictly, got " + Arrays.toString(values));
            }
        }
    }

    /** Parses {@code 1000,4000,16000} (underscores allowed: {@code 16_000}). */
    public static Sizes parse(String text) {
        try {
            return new Sizes(Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(s -> Integer.parseInt(s.replace("_", ""))).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sizes: expected whole numbers separated by commas, got '" + text + "'");
        }
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    public int count() {
        return values.length;
    }

    public int get(int i) {
        return values[i];
    }

    /** The largest size. */
    public int max() {
        return values[values.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sizes s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
