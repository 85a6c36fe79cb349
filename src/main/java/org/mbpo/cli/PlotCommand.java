package org.mbpo.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.mbpo.report.LearningCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./mbpo plot RUN_DIR... [--out FILE]}: learning curves of SAC and MBPO runs grouped by algorithm
 * and environment, mean ± std over seeds ({@link LearningCurves}), one chart per environment in one PNG;
 * prints each group's final and best mean return. A folder that is not a run directory stands for the run
 * directories one or two levels below it: a sweep's {@code SETTING/seedN} cells ({@link #runDirectories}).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot learning curves of run directories (./mbpo train's, SAC or MBPO): evaluation return against real "
                + "steps, mean ± std over the seeds of each algorithm and environment, one chart per environment.",
                "Prints each group's return at the last step all its seeds reached."})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories (each with config.json and progress.csv), "
            + "or folders holding them one or two levels below (a sweep's directory, or one setting's SETTING/seedN cells)")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "the PNG to write (default: runs/learning-curves-TIME.png, "
            + "like the other commands' outputs; never the current directory)")
    Path out;

    @Override
    public Integer call() {
        Table summary;
        PrintWriter err = spec.commandLine().getErr();
        try {
            summary = LearningCurves.summarize(LearningCurves.load(runDirectories(runs), warning -> {
                err.println("mbpo: warning: " + warning);
                err.flush();
            }));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (out == null) {
            out = Path.of("runs", "learning-curves-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".png");
            try {
                Files.createDirectories(out.getParent());
            } catch (IOException e) {
                throw new UserError("cannot create " + out.getParent() + " (" + OutDirectory.reason(e) + "); give --out FILE");
            }
        }
        if (summary.rowCount() == 0) {
            throw new UserError("no step is shared by every seed of a group; nothing to plot");
        }
        List<XYChart> charts = LearningCurves.charts(summary);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("--out: directory " + parent + " does not exist");
        }
        String file = out.toString().endsWith(".png") ? out.toString() : out + ".png";
        try {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmap(charts.get(0), file, BitmapEncoder.BitmapFormat.PNG);
            } else {
                ImageIO.write(grid(charts, 2), "png", new File(file));
            }
        } catch (IOException e) {
            throw new UserError("--out: cannot write " + file + ": " + e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(LearningCurves.finals(summary).printAll());
        stdout.println("wrote " + file);
        stdout.flush();
        return 0;
    }

    /**
     * The charts drawn row by row into a grid {@code cols} wide, a cell as large as the largest chart, the cells
     * the last row leaves empty white. (XChart's own grid needs exactly rows × cols charts: three environments
     * threw an IndexOutOfBoundsException.)
     */
    static BufferedImage grid(List<XYChart> charts, int cols) {
        List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * width, rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), (i % cols) * width, (i / cols) * height, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /**
     * The run directories that {@code given} names: a run directory (with {@code config.json} and
     * {@code progress.csv}) as it is; any other folder as the run directories one or two levels below it, in
     * name order, so that a sweep's directory or one of its settings plots its {@code SETTING/seedN} cells.
     *
     * @throws UserError for a folder with no run directory in it or below it
     */
    static List<Path> runDirectories(List<Path> given) {
        List<Path> runs = new ArrayList<>();
        for (Path path : given) {
            if (isRunDirectory(path) || !Files.isDirectory(path)) {
                runs.add(path);
                continue;
            }
            List<Path> below;
            try (Stream<Path> walk = Files.walk(path, 2)) {
                below = walk.filter(p -> !p.equals(path) && isRunDirectory(p)).sorted().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new UserError("cannot read " + path + ": " + e.getMessage());
            }
            if (below.isEmpty()) {
                throw new UserError(path + " is not a run directory (it needs config.json and progress.csv), "
                        + "and no run directory is one or two levels below it");
            }
            runs.addAll(below);
        }
        return runs;
    }

    private static boolean isRunDirectory(Path path) {
        return Files.isRegularFile(path.resolve("config.json")) && Files.isRegularFile(path.resolve("progress.csv"));
    }
}
