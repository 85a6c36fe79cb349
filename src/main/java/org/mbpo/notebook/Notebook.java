package org.mbpo.notebook;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * What notebooks call to show things, and the only thing they call for display:
 * {@code Notebook.show(chart)}, {@code Notebook.show(table)}, {@code Notebook.html("<b>…</b>")}.
 *
 * <p>Inside a Java Jupyter kernel (rapaio-jupyter-kernel, JJava, or the original IJava) the value
 * goes to the kernel's display system as rich output ({@code image/png}, {@code text/html},
 * {@code text/markdown}); the kernel is found by reflection, so this class needs none of them to
 * compile or run. In a plain JVM (tests, {@code jshell}) it prints a plain-text form instead, so
 * notebook code runs there too.
 *
 * <p>Notebooks run in two modes: <em>full</em> (the default: the paper's settings) and
 * <em>fast</em> (environment variable {@code MBPO_NOTEBOOK_MODE=fast}: a smoke test that must
 * finish in seconds). Notebooks choose their sizes with {@link #pick(Object, Object)}:
 * {@code int steps = Notebook.pick(2_000, 100_000);}.
 *
 * <p>Stored data is read through {@link #path(String)} ({@code Notebook.path("data/mbpo")}), which
 * finds the project's root whether the kernel was started in {@code notebooks/} (Jupyter's default:
 * the notebook's own folder) or in the project root (an editor's, or {@code jshell}'s).
 */
public final class Notebook {

    /** The environment variable that selects the mode: {@code fast}, or anything else (or unset) for full. */
    public static final String MODE_VARIABLE = "MBPO_NOTEBOOK_MODE";

    /** How many rows {@link #show(Table)} shows. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private static volatile KernelDisplay display;

    private Notebook() {
    }

    /** True when the notebook runs in fast mode ({@code MBPO_NOTEBOOK_MODE=fast}). */
    public static boolean fast() {
        return "fast".equalsIgnoreCase(System.getenv(MODE_VARIABLE));
    }

    /** {@code fast} in fast mode, {@code full} otherwise: {@code Notebook.pick(3, 100)} epochs. */
    public static <T> T pick(T fast, T full) {
        return fast() ? fast : full;
    }

    /**
     * A path inside the project, such as {@code "data/mbpo"} or {@code "sweeps/pendulum-ablations.json"},
     * resolved against {@link #root()}.
     */
    public static Path path(String inProject) {
        return root().resolve(inProject);
    }

    /**
     * The project's root: the working directory or the nearest folder above it that holds both
     * {@code notebooks/} and {@code data/}.
     *
     * @throws IllegalStateException naming the working directory, if no such folder is found
     */
    public static Path root() {
        return rootFrom(Path.of("").toAbsolutePath());
    }

    /** {@link #root()} searched from {@code start} instead of the working directory. */
    static Path rootFrom(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("notebooks")) && Files.isDirectory(dir.resolve("data"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root (a folder with notebooks/ and data/) at or above " + start
                + ": start the kernel inside the mbpo checkout");
    }

    /** Shows an XChart chart (any kind) as a PNG image of the chart's own width and height. */
    public static void show(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "chart");
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : ": " + chart.getTitle();
        showImage(image, "[chart " + image.getWidth() + "×" + image.getHeight() + title + "]");
    }

    /** Shows an image as PNG. */
    public static void show(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        showImage(image, "[image " + image.getWidth() + "×" + image.getHeight() + "]");
    }

    /** Shows a table as HTML with its first {@value #DEFAULT_MAX_ROWS} rows; numbers are formatted for reading. */
    public static void show(Table table) {
        show(table, DEFAULT_MAX_ROWS);
    }

    /**
     * Shows a table as HTML with at most {@code maxRows} rows: integers without decimals, other
     * numbers with four significant digits (scientific notation at or above 10⁶ and below 10⁻³),
     * missing values blank, and a last line saying how many rows were left out.
     */
    public static void show(Table table, int maxRows) {
        Objects.requireNonNull(table, "table");
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be at least 0, got " + maxRows);
        }
        display().display("text/html", TableText.html(table, maxRows), TableText.plain(table, maxRows));
    }

    /** Shows an HTML fragment; outside a kernel, prints it as it is. */
    public static void html(String html) {
        Objects.requireNonNull(html, "html");
        display().display("text/html", html, html);
    }

    /** Shows Markdown text (rendered by the notebook front end); outside a kernel, prints it as it is. */
    public static void markdown(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        display().display("text/markdown", markdown, markdown);
    }

    /** Which display is in use: a kernel's name, or "plain text" outside a kernel. */
    public static String kernel() {
        return display().name();
    }

    private static void showImage(BufferedImage image, String note) {
        display().display("image/png", image, note);
    }

    private static KernelDisplay display() {
        KernelDisplay d = display;
        if (d == null) {
            d = KernelDisplay.detect();
            display = d;
        }
        return d;
    }
}
