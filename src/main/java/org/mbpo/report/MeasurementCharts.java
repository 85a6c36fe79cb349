package org.mbpo.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.mbpo.analysis.RolloutVariance;
import org.mbpo.analysis.ShiftAnalysis;
import org.mbpo.analysis.ShiftPoint;
import org.mbpo.analysis.SlopeFit;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Charts of the paper's measurements: model error against policy shift, slopes, model returns, rollout variance. */
public final class MeasurementCharts {
    private MeasurementCharts() {
    }

    /** The axis title of a column of {@link ShiftPoint}. */
    public static String label(String column) {
        return switch (column) {
            case "kl" -> "ε_π: mean KL(π_D ‖ π)";
            case "tv_pinsker" -> "ε_π: mean Pinsker bound on TV";
            case "tv_mc" -> "ε_π: mean TV(π, π_D) (Monte Carlo)";
            case "mse" -> "ε_m′: model MSE on π's data";
            case "nll" -> "ε_m′: model NLL per dimension on π's data";
            case "tv" -> "ε_m′: model TV error on π's data";
            default -> column;
        };
    }

    /**
     * ε_m′ against ε_π, one colour per data-set size: the measured points, and the line fitted to the
     * smallest shifts (dashed, drawn over the fitted range).
     */
    public static XYChart errorVsShift(String title, List<ShiftPoint> points, String x, String y, double fitFraction,
                                       double confidence) {
        XYChart chart = Charts.xy(title + ": model error against policy shift", label(x), label(y));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<ShiftAnalysis.Fit> fits = ShiftAnalysis.fits(points, x, y, fitFraction, confidence);
        int c = 0;
        for (ShiftAnalysis.Fit f : fits) {
            Color color = Charts.COLORS[c++ % Charts.COLORS.length];
            List<ShiftPoint> ps = ShiftAnalysis.ofSize(points, f.size());
            double[] xs = ps.stream().mapToDouble(p -> p.get(x)).toArray();
            double[] ys = ps.stream().mapToDouble(p -> p.get(y)).toArray();
            XYSeries s = Charts.scatter(chart, String.format("N = %,d", f.size()), xs, ys);
            s.setMarkerColor(color);
            double[] sorted = xs.clone();
            java.util.Arrays.sort(sorted);
            double hi = sorted[(int) Math.min(sorted.length - 1, f.local().points() - 1)];
            SlopeFit l = f.local();
            Charts.dashed(chart, String.format("N = %,d: slope %.3g ± %.2g", f.size(), l.slope(), l.slopeHalfWidth()), new double[] {0, hi},
                    new double[] {l.intercept(), l.intercept() + l.slope() * hi}, color);
        }
        return chart;
    }

    /** The slope at ε_π = 0 against the data-set size (linear axis), with its confidence interval as error bars. */
    public static XYChart slopeVsSize(String title, List<ShiftAnalysis.Fit> fits) {
        String x = fits.isEmpty() ? "" : fits.get(0).x();
        String y = fits.isEmpty() ? "" : fits.get(0).y();
        XYChart chart = Charts.xy(title + ": dε_m′/dε_π at ε_π = 0 (" + y + " vs " + x + ")", "model training-set size (transitions)",
                "slope");
        // A linear axis: XChart's logarithmic one labels only the powers of ten, so sizes such as 2,000 and 5,000 could not
        // be read off (and its tick-label function hangs XChart 3.8.8 when labels repeat).
        chart.getStyler().setXAxisDecimalPattern("#,###");
        double[] sizes = fits.stream().mapToDouble(ShiftAnalysis.Fit::size).toArray();
        double[] slopes = fits.stream().mapToDouble(f -> f.local().slope()).toArray();
        double[] errors = fits.stream().mapToDouble(f -> f.local().slopeHalfWidth()).toArray();
        XYSeries s = chart.addSeries("slope, " + Math.round(100 * (fits.isEmpty() ? 0.95 : fits.get(0).local().confidence()))
                + "% interval", sizes, slopes, errors);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        return chart;
    }

    /** Model-predicted return against real return, one point per (policy, model); the line model = real. */
    public static XYChart modelVsRealReturn(String title, String[] groups, double[][] real, double[][] model) {
        XYChart chart = Charts.xy(title + ": model return against real return", "real return", "model return");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < groups.length; g++) {
            Charts.scatter(chart, groups[g], real[g], model[g]);
            for (int i = 0; i < real[g].length; i++) {
                lo = Math.min(lo, Math.min(real[g][i], model[g][i]));
                hi = Math.max(hi, Math.max(real[g][i], model[g][i]));
            }
        }
        if (lo < hi) {
            Charts.line(chart, "model = real", new double[] {lo, hi}, new double[] {lo, hi}, Color.GRAY);
        }
        return chart;
    }

    /** One state coordinate over time: the real episode, and the replays' mean ± one and two standard deviations. */
    public static XYChart rolloutVariance(String title, RolloutVariance v, int coordinate) {
        XYChart chart = Charts.xy(title + ": " + v.replays() + " model replays of a real action sequence, coordinate " + coordinate,
                "step", "observation[" + coordinate + "]");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double[] t = Charts.indices(v.steps() + 1);
        double[] m = v.column(v.mean(), coordinate);
        double[] s = v.column(v.std(), coordinate);
        double[] up1 = new double[t.length];
        double[] lo1 = new double[t.length];
        double[] up2 = new double[t.length];
        double[] lo2 = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            up1[i] = m[i] + s[i];
            lo1[i] = m[i] - s[i];
            up2[i] = m[i] + 2 * s[i];
            lo2[i] = m[i] - 2 * s[i];
        }
        Color band = Charts.COLORS[0];
        Charts.line(chart, "real episode", t, v.column(v.real(), coordinate), Color.BLACK);
        Charts.line(chart, "model mean", t, m, band);
        Charts.dashed(chart, "mean ± std", t, up1, band);
        Charts.dashed(chart, "mean − std", t, lo1, band).setShowInLegend(false);
        Color faint = new Color(band.getRed(), band.getGreen(), band.getBlue(), 110);
        Charts.dashed(chart, "mean ± 2 std", t, up2, faint);
        Charts.dashed(chart, "mean − 2 std", t, lo2, faint).setShowInLegend(false);
        return chart;
    }

    /** Writes a chart as PNG. */
    public static void save(Chart<?, ?> chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
