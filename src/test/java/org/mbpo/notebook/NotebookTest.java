package org.mbpo.notebook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** {@link Notebook} in a plain JVM: everything runs and prints text, so notebook code runs anywhere. */
class NotebookTest {

    @Test
    void modeFollowsTheEnvironmentVariable() {
        boolean fast = "fast".equalsIgnoreCase(System.getenv(Notebook.MODE_VARIABLE));
        assertEquals(fast, Notebook.fast());
        assertEquals(fast ? "small" : "large", Notebook.pick("small", "large"));
    }

    @Test
    void everyShowRunsOutsideAKernel() {
        XYChart chart = new XYChartBuilder().width(200).height(100).title("t").build();
        chart.addSeries("s", new double[] {0, 1, 2}, new double[] {1, 0, 1});
        assertDoesNotThrow(() -> Notebook.show(chart));
        assertDoesNotThrow(() -> Notebook.show(Table.create("t", IntColumn.create("i", 1, 2)), 1));
        assertDoesNotThrow(() -> Notebook.html("<b>x</b>"));
        assertDoesNotThrow(() -> Notebook.markdown("*x*"));
    }

    @Test
    void aNegativeRowCapIsRejected() {
        Table table = Table.create("t", IntColumn.create("i", 1));
        assertThrows(IllegalArgumentException.class, () -> Notebook.show(table, -1));
    }
}
