package org.mbpo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbpo.report.DataTables;
import org.mbpo.report.Milestones;
import org.mbpo.sweep.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./mbpo milestones RUN_DIR... [--at STEPS] [--levels RETURNS] [--readme FILE --section NAME]}:
 * the Markdown table of {@link Milestones} (return at given steps, first step reaching given
 * returns), printed, or written into a marked section of a README ({@code scripts/paper-budget-table.sh}).
 * {@code --value-expansion} writes the stored value-expansion sweep's tables instead (its Pendulum and InvertedPendulum
 * cells, and its Hopper-v4 part: {@link SweepTable}, {@code scripts/value-expansion-table.sh}).
 */
@Command(name = "milestones", mixinStandardHelpOptions = true,
        description = {"A Markdown table of run directories' learning curves: the evaluation return at given real steps and"
                + " the first step at which it reaches given returns.",
                "With --readme, writes the table between the lines <!-- SECTION:start --> and <!-- SECTION:end --> of FILE."})
final class MilestonesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RUN_DIR", description = "run directories (each with config.json and progress.csv)")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--paper-budget", description = "the Hopper-v4 runs at the paper's budget (data/mbpo/paper-budget/):"
            + " rewrite their table, and that of the runs lost with a machine (data/mbpo/interrupted/), in data/mbpo/README.md"
            + " (what scripts/paper-budget-table.sh does)")
    boolean paperBudget;

    @Option(names = "--value-expansion", description = "the stored value-expansion sweep (data/ablations/value-expansion/):"
            + " rewrite its tables, with its Hopper-v4 part's, in that directory's README.md (what scripts/value-expansion-table.sh does)")
    boolean valueExpansion;

    @Option(names = "--data-tables", description = "the tables of data/'s READMEs made from stored runs (measurements, SAC's and"
            + " MBPO's benchmarks, the Pendulum ablations): rewrite them all (what scripts/data-tables.sh does)")
    boolean dataTables;

    @Option(names = "--at", split = ",", paramLabel = "STEPS", defaultValue = "25000,50000,75000,100000,125000",
            description = "real steps at which to read the evaluation return (default: ${DEFAULT-VALUE})")
    long[] atSteps;

    @Option(names = "--levels", split = ",", paramLabel = "RETURNS", defaultValue = "1000,2000,3000",
            description = "returns whose first step to find (default: ${DEFAULT-VALUE})")
    double[] levels;

    @Option(names = "--readme", paramLabel = "FILE", description = "write the table into this file's section instead of printing it")
    Path readme;

    @Option(names = "--section", paramLabel = "NAME", defaultValue = "milestones",
            description = "the section's name in --readme (default: ${DEFAULT-VALUE})")
    String section;

    @Override
    public Integer call() {
        if (dataTables) {
            if (!runs.isEmpty() || readme != null || paperBudget || valueExpansion) {
                throw new UserError("--data-tables names its own runs and READMEs; give no RUN_DIR, --readme, --paper-budget or --value-expansion with it");
            }
            Path root = NotebooksCommand.projectRoot();
            for (String file : DataTables.readmes()) {
                Path readme = root.resolve(file);
                try {
                    writeText(readme, DataTables.regenerate(root, file, Files.readString(readme)));
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    throw new UserError(readme + ": " + e.getMessage() + " (nothing written to it)");
                } catch (IOException e) {
                    throw new UserError("cannot read " + readme + ": " + e.getMessage());
                }
            }
            return 0;
        }
        if (valueExpansion) {
            if (!runs.isEmpty() || readme != null || paperBudget) {
                throw new UserError("--value-expansion names its own sweep and README; give no RUN_DIR, --readme or --paper-budget with it");
            }
            Path root = NotebooksCommand.projectRoot();
            String table;
            String hopper;
            try {
                table = SweepTable.valueExpansion(root);
                hopper = SweepTable.valueExpansionHopper(root);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
            Path readme = root.resolve(SweepTable.VALUE_EXPANSION_README);
            writeSection(readme, SweepTable.VALUE_EXPANSION_SECTION, table);
            return writeSection(readme, SweepTable.VALUE_EXPANSION_HOPPER_SECTION, hopper);
        }
        if (paperBudget) {
            if (!runs.isEmpty() || readme != null) {
                throw new UserError("--paper-budget names its own runs and README; give no RUN_DIR or --readme with it");
            }
            Path root = NotebooksCommand.projectRoot();
            runs = Milestones.paperBudgetRuns(root);
            if (runs.isEmpty()) {
                throw new UserError("no run under " + root.resolve("data/mbpo/paper-budget") + " yet (scripts/hopper-paper-budget.sh starts them)");
            }
            atSteps = Milestones.PAPER_BUDGET_STEPS;
            levels = Milestones.PAPER_BUDGET_LEVELS;
            readme = root.resolve("data/mbpo/README.md");
            section = Milestones.PAPER_BUDGET_SECTION;
            try {
                writeSection(readme, Milestones.PAPER_BUDGET_LOST_SECTION, Milestones.lostPaperBudgetTable(root));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
        } else if (runs.isEmpty()) {
            throw new UserError("name at least one RUN_DIR (or --paper-budget)");
        }
        for (Path run : runs) {
            if (!Files.isRegularFile(run.resolve("progress.csv")) || !Files.isRegularFile(run.resolve("config.json"))) {
                throw new UserError(run + " is not a run directory (it needs config.json and progress.csv)");
            }
        }
        String table;
        try {
            table = Milestones.markdown(runs, atSteps, levels);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        if (readme == null) {
            spec.commandLine().getOut().print(table);
            spec.commandLine().getOut().flush();
            return 0;
        }
        return writeSection(readme, section, table);
    }

    /** Writes {@code table} between the markers of {@code section} in {@code readme}, and says whether it changed. */
    private int writeSection(Path readme, String section, String table) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UserError("cannot read " + readme + ": " + e.getMessage());
        }
        try {
            return writeText(readme, Milestones.replaceSection(text, section, table));
        } catch (IllegalArgumentException e) {
            throw new UserError(readme + ": " + e.getMessage());
        }
    }

    /** Writes {@code updated} to {@code readme} if it differs from what is there, and says whether it did. */
    private int writeText(Path readme, String updated) {
        try {
            String text = Files.readString(readme);
            if (!updated.equals(text)) {
                Files.writeString(readme, updated);
            }
            spec.commandLine().getOut().println((updated.equals(text) ? "unchanged: " : "updated: ") + readme);
            spec.commandLine().getOut().flush();
        } catch (IOException e) {
            throw new UserError("cannot rewrite " + readme + ": " + e.getMessage());
        }
        return 0;
    }
}
