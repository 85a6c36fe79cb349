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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./mbpo plot RUN_DIR... [--out FILE]}: learning curves of SAC and MBPO runs grouped by algorithm
 * and environment, mean ± std over seeds ({@link LearningCurves}), one chart per environment in one PNG;
 * prints each group's final and best mean return.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot learning curves of run directories (./mbpo train's, SAC or MBPO): evaluation return against real "
                + "steps, mean ± std over the seeds of each algorithm and environment, one chart per environment.",
                "Prints each group's return at the last step all its seeds reached."})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories (each with config.json and progress.csv)")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "the PNG to write (default: runs/learning-curves-TIME.png, "
            + "like the other commands' outputs; never the current directory)")
    Path out;

    @Override
    public Integer call() {
        Table summary;
        PrintWriter err = spec.commandLine().getErr();
        try {
            summary = LearningCurves.summarize(LearningCurves.load(runs, warning -> {
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
                int cols = 2;
                int rows = (charts.size() + cols - 1) / cols;
                BitmapEncoder.saveBitmap(charts, rows, cols, file, BitmapEncoder.BitmapFormat.PNG);
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
}
