package org.mbpo.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;

/**
 * XChart charts in one style for the notebooks and the command line: lines, scatters and the
 * y = x reference line that bound-against-gap plots need. Charts are returned for further
 * styling; show them with {@code org.mbpo.notebook.Notebook.show}.
 */
public final class Charts {
    /** The Okabe–Ito colour-blind-safe palette, used for series in order. */
    public static final Color[] COLORS = {
            new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(204, 121, 167),
            new Color(86, 180, 233), new Color(213, 94, 0), new Color(240, 228, 66), new Color(0, 0, 0)};

    /** Default size in pixels. */
    public static final int WIDTH = 720;
    public static final int HEIGHT = 480;

    /**
     * Pixels kept free on each side of a title: XChart centres it over the plot, which starts after the y axis and its
     * labels (about 60 pixels), and cuts it at the chart's right edge.
     */
    static final int TITLE_MARGIN = 50;

    private Charts() {
    }

    /**
     * An empty XY chart with titles, no markers on lines, and the legend below the plot, one entry a line, where
     * it can never cover data (a legend inside the plot covered curves in the theory notebooks).
     */
    public static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setMarkerSize(4);
        s.setSeriesColors(COLORS);
        s.setXAxisDecimalPattern("#0.###");
        s.setChartTitleFont(titleFont(s.getChartTitleFont(), title, WIDTH - 2 * TITLE_MARGIN));
        return chart;
    }

    /**
     * {@code font}, made smaller where {@code title} would be wider than {@code width} pixels in it (XChart cuts a title
     * at the chart's edge; notebook 07's long titles lost their last words), never below 9 points.
     */
    static Font titleFont(Font font, String title, int width) {
        FontRenderContext context = new FontRenderContext(null, true, true);
        double w = font.getStringBounds(title, context).getWidth();
        if (w <= width) {
            return font;
        }
        return font.deriveFont((float) Math.max(9, Math.floor(font.getSize2D() * width / w)));
    }

    /** Adds a line (no markers). */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return series;
    }

    /** Adds a dashed line (for bounds drawn against exact quantities). */
    public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = line(chart, name, x, y);
        series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return series;
    }

    /** Adds a line in a given colour (pair a quantity and its bound by colour). */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = line(chart, name, x, y);
        series.setLineColor(color);
        return series;
    }

    /** Adds a dashed line in a given colour. */
    public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = dashed(chart, name, x, y);
        series.setLineColor(color);
        return series;
    }

    /** Adds a scatter of points. */
    public static XYSeries scatter(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    /** Adds the line y = x over [0, max]: points under it satisfy gap ≤ bound. */
    public static XYSeries diagonal(XYChart chart, double max) {
        XYSeries series = line(chart, "gap = bound", new double[] {0, max}, new double[] {0, max});
        series.setLineColor(Color.GRAY);
        return series;
    }

    /** {@code n} evenly spaced values from {@code from} to {@code to}, both included. */
    public static double[] range(double from, double to, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
        }
        return x;
    }

    /** 0, 1, …, n−1 as doubles. */
    public static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }
}
