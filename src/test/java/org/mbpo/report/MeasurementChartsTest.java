package org.mbpo.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mbpo.analysis.RolloutVariance;
import org.mbpo.analysis.ShiftAnalysis;
import org.mbpo.analysis.ShiftPoint;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The measurement charts and tables, checked through their data. */
class MeasurementChartsTest {

    /** Two sizes, five policies each, mse = e_N + s_N · tv_mc exactly. */
    static List<ShiftPoint> points() {
        List<ShiftPoint> ps = new ArrayList<>();
        for (int policy = 0; policy < 5; policy++) {
            double x = 0.1 * policy;
            ps.add(new ShiftPoint(policy, policy * 10L, 100, x, x, x, x, 0.5 + 2 * x, 0, 0.2, -1, -2));
            ps.add(new ShiftPoint(policy, policy * 10L, 400, x, x, x, x, 0.1 + 0.5 * x, 0, 0.1, -1, -2));
        }
        return ps;
    }

    @Test
    void errorAgainstShiftHasThePointsAndTheFittedLinePerSize() {
        XYChart chart = MeasurementCharts.errorVsShift("t", points(), "tv_mc", "mse", 0.6, 0.95);
        assertEquals(4, chart.getSeriesMap().size(), "a scatter and a line per size");
        XYSeries scatter = chart.getSeriesMap().get("N = 100");
        assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4}, scatter.getXData(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.7, 0.9, 1.1, 1.3}, scatter.getYData(), 1e-12);
        // fraction 0.6 of 5 points: the 3 smallest shifts, x up to 0.2; the line runs from 0 to 0.2
        XYSeries line = chart.getSeriesMap().values().stream().filter(s -> s.getName().startsWith("N = 400: slope 0.500"))
                .findFirst().orElseThrow();
        assertArrayEquals(new double[] {0, 0.2}, line.getXData(), 1e-12);
        assertArrayEquals(new double[] {0.1, 0.2}, line.getYData(), 1e-9);
    }

    @Test
    void slopeAgainstSizeCarriesTheIntervals() {
        List<ShiftAnalysis.Fit> fits = ShiftAnalysis.fits(points(), "tv_mc", "mse", 1.0, 0.95);
        XYChart chart = MeasurementCharts.slopeVsSize("t", fits);
        XYSeries s = chart.getSeriesMap().values().iterator().next();
        assertArrayEquals(new double[] {100, 400}, s.getXData(), 0);
        assertArrayEquals(new double[] {2, 0.5}, s.getYData(), 1e-9);
        assertArrayEquals(new double[] {0, 0}, s.getExtraValues(), 1e-6, "an exact line has (up to rounding) no interval");
        assertEquals(false, chart.getStyler().isXAxisLogarithmic(), "a linear size axis, whose ticks name the sizes");
        Table t = MeasurementTables.slopes("t", fits);
        assertEquals(2, t.rowCount());
        assertEquals(2.0, t.doubleColumn("slope at 0").get(0), 1e-9);
        assertEquals(0.1, t.doubleColumn("ε_m′ at 0").get(1), 1e-9);
    }

    @Test
    void rolloutVarianceDrawsTheMeanAndBands() {
        // 2 steps, 1 coordinate: mean 0, 1, 2; std 0, 0.5, 1; real 0, 1.2, 1.5
        RolloutVariance v = new RolloutVariance(2, 10, 1, new double[] {0, 1.2, 1.5}, new double[] {0, 1, 2},
                new double[] {0, 0.5, 1});
        XYChart chart = MeasurementCharts.rolloutVariance("t", v, 0);
        assertArrayEquals(new double[] {0, 1.2, 1.5}, chart.getSeriesMap().get("real episode").getYData(), 0);
        assertArrayEquals(new double[] {0, 1.5, 3}, chart.getSeriesMap().get("mean ± std").getYData(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1}, chart.getSeriesMap().get("mean − std").getYData(), 1e-12);
        assertArrayEquals(new double[] {0, 2, 4}, chart.getSeriesMap().get("mean ± 2 std").getYData(), 1e-12);
        // z = 0.45: step 1 inside (|1.2 − 1| = 0.2 ≤ 0.225), step 2 outside (|1.5 − 2| = 0.5 > 0.45)
        assertEquals(0.5, v.coverage(0.45), 1e-12);
        assertEquals(1.0, v.coverage(1.0), 1e-12);
    }
}
