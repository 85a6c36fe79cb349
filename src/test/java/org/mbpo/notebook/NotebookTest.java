package org.mbpo.notebook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void theRootIsFoundFromTheProjectRootAndFromNotebooks(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("checkout");
        Files.createDirectories(project.resolve("notebooks"));
        Files.createDirectories(project.resolve("data/mbpo"));
        assertEquals(project, Notebook.rootFrom(project));
        assertEquals(project, Notebook.rootFrom(project.resolve("notebooks")));
        assertEquals(project, Notebook.rootFrom(project.resolve("data/mbpo")));
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> Notebook.rootFrom(tmp));
        assertTrue(outside.getMessage().contains(tmp.toString()), outside.getMessage());
    }

    @Test
    void theRootOfThisCheckoutHoldsTheStoredData() {
        // Maven runs the tests in the project root.
        assertTrue(Files.isDirectory(Notebook.path("data/mbpo")), Notebook.root().toString());
    }

    @Test
    void aNegativeRowCapIsRejected() {
        Table table = Table.create("t", IntColumn.create("i", 1));
        assertThrows(IllegalArgumentException.class, () -> Notebook.show(table, -1));
    }
}
