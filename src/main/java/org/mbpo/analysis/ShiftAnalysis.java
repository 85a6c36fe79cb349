package org.mbpo.analysis;

import org.mbpo.analysis.SlopeFit;
import org.mbpo.theory.Bounds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * From the points of {@link ShiftExperiment} to the paper's two summaries: the slope dε_m′/dε_π per data-set
 * size (its Figure 1b), and the rollout length Theorem 2 favours once the measured slope is plugged in
 * (its Sec. 4.2 argument). Pure functions of the points, so notebooks recompute them from a CSV.
 */
public final class ShiftAnalysis {
    private ShiftAnalysis() {
    }

    /**
     * The fits of one error column against one shift column for one data-set size.
     *
     * @param size  the model's training-set size
     * @param x     the shift column (ε_π)
     * @param y     the error column (ε_m′)
     * @param local the line through the smallest shifts ({@link SlopeFit#ofSmallest}): the slope at ε_π = 0
     * @param all   the line through every policy
     */
    public record Fit(int size, String x, String y, SlopeFit local, SlopeFit all) {
    }

    /** The sizes present in {@code points}, increasing. */
    public static int[] sizes(List<ShiftPoint> points) {
        return points.stream().mapToInt(ShiftPoint::size).distinct().sorted().toArray();
    }

    /** The points of one size, in policy order. */
    public static List<ShiftPoint> ofSize(List<ShiftPoint> points, int size) {
        return points.stream().filter(p -> p.size() == size)
                .sorted((a, b) -> Integer.compare(a.policy(), b.policy())).toList();
    }

    /** One fit of {@code y} against {@code x} per size. */
    public static List<Fit> fits(List<ShiftPoint> points, String x, String y, double fitFraction, double confidence) {
        List<Fit> out = new ArrayList<>();
        for (int size : sizes(points)) {
            List<ShiftPoint> ps = ofSize(points, size);
            double[] xs = ps.stream().mapToDouble(p -> p.get(x)).toArray();
            double[] ys = ps.stream().mapToDouble(p -> p.get(y)).toArray();
            out.add(new Fit(size, x, y, SlopeFit.ofSmallest(xs, ys, fitFraction, confidence), SlopeFit.of(xs, ys, confidence)));
        }
        return out;
    }

    /** Every error column against every shift column, per size. */
    public static List<Fit> allFits(List<ShiftPoint> points, double fitFraction, double confidence) {
        List<Fit> out = new ArrayList<>();
        for (String x : ShiftPoint.SHIFT_COLUMNS) {
            for (String y : ShiftPoint.ERROR_COLUMNS) {
                out.addAll(fits(points, x, y, fitFraction, confidence));
            }
        }
        return out;
    }

    /**
     * The rollout length that minimises Theorem 2's constant for one data-set size, with the measured values
     * plugged in ({@link Bounds#optimalRolloutLength}; r_max scales the constant and does not move its minimiser).
     *
     * @param size       the model's training-set size
     * @param epsM       ε_m: the model's TV error on fresh data of π_D itself (policy 0)
     * @param epsPi      ε_π: the mean Monte Carlo TV of the first policy after π_D, the shift one interval of
     *                   policy optimisation produces
     * @param slope      dε_m′/dε_π at ε_π = 0 (TV against TV, the local fit)
     * @param slopeLow   the lower end of its interval
     * @param slopeHigh  the upper end
     * @param k          the favoured k at the slope
     * @param kAtHigh    the favoured k at the upper end of the interval (the pessimistic k)
     * @param kAtLow     the favoured k at the lower end (the optimistic k; {@code kMax} if ε_m′ no longer grows)
     */
    public record RolloutChoice(int size, double epsM, double epsPi, double slope, double slopeLow, double slopeHigh, int k,
                                int kAtHigh, int kAtLow) {
    }

    /** {@link RolloutChoice} per size, from the TV columns: x = {@code tv_mc}, y = {@code tv}. */
    public static List<RolloutChoice> rolloutChoices(List<ShiftPoint> points, double fitFraction, double confidence,
                                                     double gamma, int kMax) {
        List<RolloutChoice> out = new ArrayList<>();
        for (Fit f : fits(points, "tv_mc", "tv", fitFraction, confidence)) {
            List<ShiftPoint> ps = ofSize(points, f.size());
            double epsM = ps.get(0).tv();
            double epsPi = ps.stream().filter(p -> p.policy() == 1).findFirst().orElse(ps.get(ps.size() - 1)).tvMc();
            SlopeFit s = f.local();
            out.add(new RolloutChoice(f.size(), epsM, epsPi, s.slope(), s.slopeLow(), s.slopeHigh(),
                    Bounds.optimalRolloutLength(gamma, 1, epsM, epsPi, s.slope(), kMax).k(),
                    Bounds.optimalRolloutLength(gamma, 1, epsM, epsPi, s.slopeHigh(), kMax).k(),
                    Bounds.optimalRolloutLength(gamma, 1, epsM, epsPi, s.slopeLow(), kMax).k()));
        }
        return out;
    }

    /** The fits as CSV: one row per (x, y, size). */
    public static void writeFits(List<Fit> fits, Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("x,y,size,slope,slope_low,slope_high,intercept,r2,points,slope_all,slope_all_low,slope_all_high,intercept_all,r2_all,confidence");
        for (Fit f : fits) {
            SlopeFit l = f.local();
            SlopeFit a = f.all();
            lines.add(String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g,%.6g,%.6g,%.4f,%d,%.6g,%.6g,%.6g,%.6g,%.4f,%.3f", f.x(), f.y(),
                    f.size(), l.slope(), l.slopeLow(), l.slopeHigh(), l.intercept(), l.rSquared(), l.points(), a.slope(),
                    a.slopeLow(), a.slopeHigh(), a.intercept(), a.rSquared(), l.confidence()));
        }
        write(lines, file);
    }

    /** The rollout choices as CSV. */
    public static void writeRolloutChoices(List<RolloutChoice> choices, Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("size,eps_m,eps_pi,slope,slope_low,slope_high,k,k_at_slope_high,k_at_slope_low");
        for (RolloutChoice c : choices) {
            lines.add(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%d,%d", c.size(), c.epsM(), c.epsPi(), c.slope(),
                    c.slopeLow(), c.slopeHigh(), c.k(), c.kAtHigh(), c.kAtLow()));
        }
        write(lines, file);
    }

    private static void write(List<String> lines, Path file) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
