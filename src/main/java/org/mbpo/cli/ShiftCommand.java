package org.mbpo.cli;

import org.mbpo.agent.SacConfig;
import org.mbpo.analysis.ShiftAnalysis;
import org.mbpo.config.Overrides;
import org.mbpo.env.Envs;
import org.mbpo.experiment.ShiftConfig;
import org.mbpo.experiment.ShiftExperiment;
import org.mbpo.report.MeasurementCharts;
import org.mbpo.run.RunProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./mbpo experiment shift --env ID [--sizes N,N,N] [--seed S] [--out DIR] [--set key=value]...}:
 * {@link ShiftExperiment}, the paper's Figure 1.
 */
@Command(name = "shift", mixinStandardHelpOptions = true,
        description = {"Model error against policy shift (the paper's Figure 1): train a data-collecting SAC policy, models on "
                + "several amounts of its data, then measure each model's error under policies that move away from it.",
                "Writes DIR/points.csv, fits.csv, rollout-length.csv, error-vs-shift.png, slope-vs-size.png, config.json, result.json."})
final class ShiftCommand implements Callable<Integer>, Checkable {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ID", description = "the environment id (see './mbpo envs')")
    String envId;

    @Option(names = "--sizes", paramLabel = "N,N,...", description = "model training-set sizes, increasing (default: 1000,4000,16000)")
    String sizes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "the seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the output directory (default: runs/shift-ENV-seedS); must be new or empty")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting: a field of ShiftConfig (pretrain_steps, "
            + "shift_steps, checkpoints, ...), sac.FIELD of SacConfig, model.FIELD of EnsembleConfig (MBPO's model, patience 20) (repeatable)")
    List<String> settings = new ArrayList<>();

    /** Checks the environment (usable here) and every setting, writing nothing. */
    @Override
    public void check() {
        settings();
    }

    private SettingsParser settings() {
        TrainCommand.usableEnvironment("--env", envId);
        ShiftConfig config = ShiftConfig.defaults();
        if (sizes != null) {
            try {
                config = Overrides.apply(config, "sizes", sizes);
            } catch (IllegalArgumentException e) {
                throw new UserError("--sizes: " + e.getMessage());
            }
        }
        return new SettingsParser().with("shift", config).with("sac", SacConfig.defaults())
                .with("model", ShiftExperiment.modelDefaults()).apply(settings);
    }

    @Override
    public Integer call() {
        SettingsParser parsed = settings();
        ShiftConfig shift = parsed.get("shift");
        Path dirPath = out != null ? out : Path.of("runs", String.format(Locale.ROOT, "shift-%s-seed%d", envId, seed));
        var dir = Experiments.createDirectory(dirPath);
        var provenance = RunProvenance.capture(seed, String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                NotebooksCommand.projectRoot());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "model error against policy shift on %s, seed %d, sizes %s -> %s%n", envId, seed, shift.sizes(), dirPath);
        stdout.flush();
        ShiftExperiment.Result r = ShiftExperiment.run(envId, shift, parsed.get("sac"), parsed.get("model"), seed, dir, provenance,
                stdout);
        Path o = dir.path();
        String x = ShiftExperiment.PLOT_X;
        String y = ShiftExperiment.PLOT_Y;
        MeasurementCharts.save(MeasurementCharts.errorVsShift(envId, r.points(), x, y, shift.fitFraction(), shift.confidence()),
                o.resolve(ShiftExperiment.ERROR_PLOT));
        MeasurementCharts.save(MeasurementCharts.slopeVsSize(envId, ShiftAnalysis.fits(r.points(), x, y, shift.fitFraction(),
                shift.confidence())), o.resolve(ShiftExperiment.SLOPE_PLOT));
        stdout.println("slope dε_m′/dε_π at ε_π = 0 (model TV error against policy TV), and the k Theorem 2 favours:");
        for (ShiftAnalysis.RolloutChoice c : r.choices()) {
            stdout.printf(Locale.ROOT, "  N = %,7d: slope %.3g [%.3g, %.3g], ε_m %.3g, ε_π %.3g -> k = %d (%d at the interval's upper end)%n",
                    c.size(), c.slope(), c.slopeLow(), c.slopeHigh(), c.epsM(), c.epsPi(), c.k(), c.kAtHigh());
        }
        stdout.printf(Locale.ROOT, "%.0f s%n", r.wallSeconds());
        stdout.flush();
        return 0;
    }
}
