package org.mbpo.cli;

import org.mbpo.agent.SacConfig;
import org.mbpo.config.Overrides;
import org.mbpo.env.EnvSpec;
import org.mbpo.env.Envs;
import org.mbpo.nn.Blas;
import org.mbpo.train.ProgressBar;
import org.mbpo.train.Provenance;
import org.mbpo.train.RunDirectory;
import org.mbpo.train.SacRunConfig;
import org.mbpo.train.SacTrainer;
import org.mbpo.train.TrainingDiverged;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./mbpo train --algo sac --env ID --steps N --seed S [--out DIR] [--eval-every E] [--set key=value]...}.
 *
 * <p>Only {@code --algo sac} exists now; {@code mbpo} (and its {@code --preset}) come with the MBPO
 * loop. Settings not on the command line are the records' defaults ({@link SacConfig},
 * {@link SacRunConfig}), each overridable with {@code --set}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an agent and write a run directory: config.json (settings and provenance), progress.csv, "
                + "learning-curve.png, result.json.",
                "Exit status 1 if training diverges (NaN or infinity), after writing the run so far."})
final class TrainCommand implements Callable<Integer> {
    /** The algorithms this command knows, and the ones still to come. */
    private static final List<String> ALGOS = List.of("sac");
    private static final List<String> COMING = List.of("mbpo");

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", defaultValue = "sac", paramLabel = "ALGO", description = "the algorithm: sac (default: ${DEFAULT-VALUE})")
    String algo;

    @Option(names = "--env", required = true, paramLabel = "ID", description = "the environment id (see './mbpo envs')")
    String envId;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "environment steps in total")
    long steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "the run's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the run directory (default: runs/ALGO-ENV-seedS-TIME); must be new or empty")
    Path out;

    @Option(names = "--eval-every", paramLabel = "E", description = "steps between evaluations of 10 deterministic episodes (default: 1000)")
    Integer evalEvery;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting by name, e.g. learning_starts=1000, "
            + "batch_size=128 (repeatable; keys: the fields of SacConfig and SacRunConfig in snake_case)")
    List<String> settings = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "1, or 2 to run SAC's twin critics on two threads "
            + "(same results; faster on two free cores) (default: MBPO_THREADS, else 1)")
    Integer threads;

    @Override
    public Integer call() {
        if (!ALGOS.contains(algo)) {
            throw new UserError("--algo " + algo + ": " + (COMING.contains(algo) ? "not implemented yet; " : "unknown; ")
                    + "available: " + String.join(", ", ALGOS));
        }
        EnvSpec envSpec;
        try {
            envSpec = Envs.spec(envId);
        } catch (IllegalArgumentException e) {
            throw new UserError("--env: " + e.getMessage());
        }
        if (steps < 1) {
            throw new UserError("--steps must be at least 1, got " + steps);
        }
        if (threads != null && threads != 1 && threads != 2) {
            throw new UserError("--threads must be 1 or 2, got " + threads);
        }
        SacConfig sacConfig = SacConfig.defaults();
        SacRunConfig runConfig = SacRunConfig.defaults(steps);
        try {
            String t = threads != null ? threads.toString() : System.getenv("MBPO_THREADS");
            if (t != null) {
                runConfig = Overrides.apply(runConfig, "threads", t);
            }
            if (evalEvery != null) {
                runConfig = Overrides.apply(runConfig, "eval_every", evalEvery.toString());
            }
            List<String> sacKeys = Arrays.asList(Overrides.keys(sacConfig));
            List<String> runKeys = Arrays.asList(Overrides.keys(runConfig));
            for (Map.Entry<String, String> e : Overrides.parsePairs(settings).entrySet()) {
                String key = snake(e.getKey());
                if (sacKeys.contains(key)) {
                    sacConfig = Overrides.apply(sacConfig, key, e.getValue());
                } else if (runKeys.contains(key)) {
                    runConfig = Overrides.apply(runConfig, key, e.getValue());
                } else {
                    throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'; known: "
                            + String.join(", ", Stream.concat(sacKeys.stream(), runKeys.stream()).toList()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UserError("--set: " + e.getMessage());
        }
        Path dirPath = out != null ? out : Path.of("runs", String.format(Locale.ROOT, "%s-%s-seed%d-%s", algo, envId, seed,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        RunDirectory dir;
        try {
            dir = RunDirectory.create(dirPath);
        } catch (IllegalArgumentException e) {
            throw new UserError("--out: " + e.getMessage());
        }

        Blas.setThreads(1);
        Map<String, Object> provenance = new LinkedHashMap<>(Provenance.capture(seed,
                String.join(" ", spec.commandLine().getParseResult().originalArgs()), NotebooksCommand.projectRoot()));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "SAC on %s, seed %d, %,d steps -> %s%n", envSpec.id(), seed, runConfig.steps(), dirPath);
        stdout.flush();
        try {
            SacTrainer.Result r = SacTrainer.train(() -> Envs.make(envId), sacConfig, runConfig, seed, dir, provenance,
                    ProgressBar.onStandardError(runConfig.steps()));
            var last = r.rows().get(r.rows().size() - 1);
            stdout.printf(Locale.ROOT, "final evaluation return %.1f (± %.1f over %d episodes) at step %,d; %.0f s%n",
                    last.evalReturn(), last.evalReturnStd(), runConfig.evalEpisodes(), last.step(), r.wallSeconds());
            stdout.flush();
            return 0;
        } catch (TrainingDiverged e) {
            spec.commandLine().getErr().println("mbpo: training diverged: " + e.getMessage() + "; the run so far is in " + dirPath);
            return 1;
        }
    }

    private static String snake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
