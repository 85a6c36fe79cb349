package org.mbpo.cli;

import org.mbpo.agent.SacConfig;
import org.mbpo.agent.TrainingDiverged;
import org.mbpo.algorithm.Mbpo;
import org.mbpo.algorithm.MbpoConfig;
import org.mbpo.algorithm.MbpoRun;
import org.mbpo.algorithm.MbpoSettings;
import org.mbpo.algorithm.SacRun;
import org.mbpo.algorithm.SacRunConfig;
import org.mbpo.algorithm.SacTraining;
import org.mbpo.config.Overrides;
import org.mbpo.env.EnvSpec;
import org.mbpo.env.Envs;
import org.mbpo.run.CheckpointException;
import org.mbpo.run.EvaluationRow;
import org.mbpo.run.ProgressBar;
import org.mbpo.run.RunDirectory;
import org.mbpo.run.RunProvenance;
import org.mbpo.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
 * {@code ./mbpo train [--algo mbpo|sac] [--env ID] [--preset NAME] [--seed S] [--steps N] [--out DIR] [--set key=value]...}
 * and {@code ./mbpo train --resume RUN_DIR}.
 *
 * <p>With no arguments: MBPO on Pendulum-v1 with the {@code pendulum} preset (the README's main job).
 * MBPO's settings come from a preset ({@link MbpoConfig#preset}, by default the one named after the
 * environment), then {@code --steps} (which sets the epochs), then each {@code --set} in order
 * ({@link MbpoSettings#withSetting}). SAC's come from {@link SacConfig} and {@link SacRunConfig}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an agent and write a run directory: config.json (settings and provenance), progress.csv, "
                + "timing.csv, learning-curve.png and checkpoint.bin after every evaluation, result.json.",
                "With no options: MBPO on Pendulum-v1 (preset 'pendulum', about 10 minutes on two cores).",
                "Exit status 1 if training diverges (NaN or infinity), after writing the run so far."})
final class TrainCommand implements Callable<Integer> {
    private static final List<String> ALGOS = List.of("mbpo", "sac");

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", defaultValue = "mbpo", paramLabel = "ALGO", description = "mbpo or sac (default: ${DEFAULT-VALUE})")
    String algo;

    @Option(names = "--env", paramLabel = "ID", description = "the environment id (see './mbpo envs'; default: the preset's, "
            + "else Pendulum-v1)")
    String envId;

    @Option(names = "--preset", paramLabel = "NAME", description = "MBPO's settings for a task of the paper: hopper, walker2d, "
            + "halfcheetah, ant, humanoid, invertedpendulum, inverteddoublependulum, or this project's pendulum, "
            + "continuouscartpole (default: the one named after --env)")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "real environment steps in total, the initial exploration "
            + "included (MBPO: rounded up to whole epochs; default: the preset's epochs); required for SAC")
    Long steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "the run's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the run directory (default: runs/ALGO-ENV-seedS-TIME); must be new or empty")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting by name (repeatable). MBPO: any field "
            + "of MbpoConfig (real_ratio=0.1, rollout_schedule=1,10,1,4), of SacConfig or EnsembleConfig (sac.batch_size=128, "
            + "model.max_epochs=20). SAC: any field of SacConfig or SacRunConfig (learning_starts=1000)")
    List<String> settings = new ArrayList<>();

    @Option(names = "--eval-every", paramLabel = "E", description = "SAC only: steps between evaluations (default: 1000; "
            + "MBPO evaluates after every epoch)")
    Integer evalEvery;

    @Option(names = "--threads", paramLabel = "N", description = "1, or 2: the model's work and SAC's twin critics on two "
            + "threads (same results; faster on two free cores) (default: MBPO_THREADS, else 2 for MBPO on a machine with "
            + "two cores or more, 1 for SAC)")
    Integer threads;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run (MBPO or SAC) from its last "
            + "checkpoint, with its own settings; the result is the uninterrupted run's (only --threads may be given too)")
    Path resume;

    @Override
    public Integer call() {
        if (threads != null && threads != 1 && threads != 2) {
            throw new UserError("--threads must be 1 or 2, got " + threads);
        }
        if (resume != null) {
            return resume();
        }
        if (!ALGOS.contains(algo)) {
            throw new UserError("--algo " + algo + ": unknown; available: " + String.join(", ", ALGOS));
        }
        return algo.equals("sac") ? trainSac() : trainMbpo();
    }

    /**
     * --threads, else MBPO_THREADS, else {@code fallback}: 1 for SAC (two threads pay off only on two
     * free cores), 2 for MBPO where the machine has two cores (its seven-member model trains on both).
     */
    private int threads(int fallback) {
        String t = threads != null ? threads.toString() : System.getenv("MBPO_THREADS");
        if (t == null || t.isBlank()) {
            return fallback;
        }
        if (!t.equals("1") && !t.equals("2")) {
            throw new UserError("MBPO_THREADS must be 1 or 2, got '" + t + "'");
        }
        return Integer.parseInt(t);
    }

    // ---- MBPO ------------------------------------------------------------------------------------

    private int trainMbpo() {
        if (evalEvery != null) {
            throw new UserError("--eval-every is SAC's; MBPO evaluates after every epoch (set epoch_length to change it)");
        }
        if (envId != null) {
            try {
                Envs.spec(envId);
            } catch (IllegalArgumentException e) {
                throw new UserError("--env: " + e.getMessage());
            }
        }
        MbpoConfig base;
        try {
            if (preset != null) {
                base = MbpoConfig.preset(preset);
            } else {
                base = MbpoConfig.preset(envId == null ? "Pendulum-v1" : envId);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError((preset != null ? "--preset: " : "--env " + envId + ": ") + e.getMessage()
                    + (preset == null ? " (pass --preset NAME to use a preset's settings on this environment)" : ""));
        }
        EnvSpec envSpec;
        try {
            envSpec = Envs.spec(envId == null ? base.envId() : envId);
        } catch (IllegalArgumentException e) {
            throw new UserError("--env: " + e.getMessage());
        }
        MbpoSettings s;
        try {
            s = MbpoSettings.of(base).withSetting("env_id", envSpec.id());
            if (steps != null) {
                s = s.withSetting("epochs", Long.toString(epochsFor(steps, s.mbpo())));
            }
            s = s.withSettings(Overrides.parsePairs(settings));
        } catch (IllegalArgumentException e) {
            throw new UserError("--set: " + e.getMessage());
        }
        if (!s.mbpo().envId().equals(envSpec.id())) {
            throw new UserError("--set env_id: use --env to choose the environment");
        }
        int nThreads = threads(Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1);
        Path dirPath = out != null ? out : defaultDirectory("mbpo", envSpec.id());
        String id = envSpec.id();
        MbpoRun run = MbpoRun.start(s, seed, () -> Envs.make(id), Envs.modelFunctions(id), nThreads);
        RunDirectory dir = createDirectory(dirPath, run, nThreads);
        MbpoConfig c = s.mbpo();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "MBPO on %s, seed %d: %,d random steps, then %d epochs of %,d steps (%,d real steps), "
                        + "G %d, M %,d, k %s, %d thread%s -> %s%n", id, seed, c.initialSteps(), c.epochs(), c.epochLength(),
                c.initialSteps() + c.totalSteps(), c.agentUpdatesPerStep(), c.rolloutBatchSize(), c.rolloutSchedule(),
                nThreads, nThreads == 1 ? "" : "s", dirPath);
        stdout.flush();
        return runMbpo(run, dir, 0);
    }

    /** Epochs for {@code n} real steps in total, the initial exploration included, rounded up. */
    static long epochsFor(long n, MbpoConfig c) {
        if (n <= c.initialSteps()) {
            throw new IllegalArgumentException("--steps " + n + " leaves no steps after the " + c.initialSteps()
                    + " initial random steps; give more, or --set initial_steps=...");
        }
        return (n - c.initialSteps() + c.epochLength() - 1) / c.epochLength();
    }

    /** A new run directory for {@code run}, or a {@link UserError} saying why not (the run is closed then). */
    private RunDirectory createDirectory(Path dirPath, TrainingRun run, int nThreads) {
        try {
            return RunDirectory.create(dirPath, run, nThreads, provenance());
        } catch (IllegalArgumentException e) {
            run.close();
            throw new UserError("--out: " + e.getMessage());
        }
    }

    private int resume() {
        boolean others = Stream.of("--algo", "--env", "--preset", "--steps", "--seed", "--out", "--set", "--eval-every")
                .anyMatch(o -> spec.commandLine().getParseResult().hasMatchedOption(o));
        if (others) {
            throw new UserError("--resume continues a run with the settings in its config.json; give only --resume RUN_DIR "
                    + "(and --threads)");
        }
        String algoName = resumeConfig(() -> RunDirectory.readConfig(resume).get("algo").asText());
        if (!ALGOS.contains(algoName)) {
            throw new UserError("--resume: " + resume.resolve(RunDirectory.CONFIG) + ": a run of '" + algoName
                    + "'; runs of " + String.join(" and ", ALGOS) + " resume");
        }
        return algoName.equals("sac") ? resumeSac() : resumeMbpo();
    }

    /** {@code read}'s config of the run to resume, or a {@link UserError} with its one line. */
    private static <T> T resumeConfig(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (CheckpointException e) {
            throw new UserError("--resume: " + e.getMessage());
        }
    }

    private int resumeMbpo() {
        MbpoRun.Config config = resumeConfig(() -> MbpoRun.Config.read(resume));
        int nThreads = threads != null ? threads : config.threads();
        String id = config.env();
        if (!id.equals(config.settings().mbpo().envId())) {
            throw new UserError("--resume: " + resume.resolve(RunDirectory.CONFIG) + ": env " + id
                    + " but the settings are for " + config.settings().mbpo().envId());
        }
        requireKnown(id);
        MbpoRun run = MbpoRun.start(config.settings(), config.seed(), () -> Envs.make(id), Envs.modelFunctions(id), nThreads);
        RunDirectory dir = resumeDirectory(run);
        MbpoConfig c = config.settings().mbpo();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "resuming MBPO on %s, seed %d, in %s: %d of %d epochs done (%,d real steps)%s%n", id,
                config.seed(), resume, run.epochsDone(), c.epochs(), run.realSteps(),
                run.epochsDone() == 0 ? "; no checkpoint yet, so from the start" : "");
        stdout.flush();
        return runMbpo(run, dir, run.realSteps());
    }

    private int resumeSac() {
        SacRun.Config config = resumeConfig(() -> SacRun.Config.read(resume));
        String id = config.env();
        requireKnown(id);
        SacRunConfig runConfig = config.run();
        if (threads != null) {
            runConfig = Overrides.apply(runConfig, "threads", threads.toString());
        }
        SacRun run = SacRun.start(() -> Envs.make(id), config.sac(), runConfig, config.seed());
        RunDirectory dir = resumeDirectory(run);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "resuming SAC on %s, seed %d, in %s: %,d of %,d steps done, %d evaluations%s%n", id,
                config.seed(), resume, run.realSteps(), runConfig.steps(), run.evaluations(),
                run.evaluations() == 0 ? "; no checkpoint yet, so from the start" : "");
        stdout.flush();
        return runSac(run, dir, run.realSteps());
    }

    private static void requireKnown(String envId) {
        try {
            Envs.spec(envId);
        } catch (IllegalArgumentException e) {
            throw new UserError("--resume: " + e.getMessage());
        }
    }

    /** {@code run}'s directory, put into its checkpoint's state, or a {@link UserError} (the run is closed then). */
    private RunDirectory resumeDirectory(TrainingRun run) {
        try {
            return RunDirectory.resume(resume, run);
        } catch (CheckpointException | IllegalArgumentException e) {
            run.close();
            throw new UserError("--resume: " + e.getMessage());
        }
    }

    private int runMbpo(MbpoRun run, RunDirectory dir, long firstStep) {
        MbpoConfig c = run.settings().mbpo();
        return runToEnd(run, dir, c.evalEpisodes(), "after %,d real steps",
                () -> Mbpo.train(run, dir, ProgressBar.onStandardError(c.initialSteps() + c.totalSteps(), firstStep)));
    }

    private int runSac(SacRun run, RunDirectory dir, long firstStep) {
        SacRunConfig c = run.config();
        return runToEnd(run, dir, c.evalEpisodes(), "at step %,d",
                () -> SacTraining.train(run, dir, ProgressBar.onStandardError(c.steps(), firstStep)));
    }

    /**
     * Trains {@code run} to its end ({@code training}), then writes its result: "completed", or "diverged" with
     * status 1; closes the directory and the run either way.
     */
    private int runToEnd(TrainingRun run, RunDirectory dir, int evalEpisodes, String whenFormat, Runnable training) {
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            training.run();
            dir.writeResult(run, "completed", "");
            EvaluationRow last = run.lastRow();
            stdout.printf(Locale.ROOT, "final evaluation return %.1f (± %.1f over %d episodes) " + whenFormat
                    + "; progress in %s%n", last.evalReturn(), last.evalReturnStd(), evalEpisodes, last.step(),
                    dir.path().resolve(RunDirectory.PROGRESS));
            stdout.flush();
            return 0;
        } catch (TrainingDiverged e) {
            dir.writeResult(run, "diverged", e.getMessage());
            spec.commandLine().getErr().println("mbpo: training diverged: " + e.getMessage() + "; the run so far is in "
                    + dir.path());
            return 1;
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        } finally {
            dir.close();
            run.close();
        }
    }

    private Path defaultDirectory(String algoName, String env) {
        return Path.of("runs", String.format(Locale.ROOT, "%s-%s-seed%d-%s", algoName, env, seed,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    }

    private Map<String, Object> provenance() {
        return new LinkedHashMap<>(RunProvenance.capture(seed,
                String.join(" ", spec.commandLine().getParseResult().originalArgs()), NotebooksCommand.projectRoot()));
    }

    // ---- SAC -------------------------------------------------------------------------------------

    private int trainSac() {
        if (preset != null) {
            throw new UserError("--preset is MBPO's; SAC takes its settings from SacConfig and SacRunConfig (--set)");
        }
        if (steps == null) {
            throw new UserError("--algo sac needs --steps N");
        }
        String env = envId == null ? "Pendulum-v1" : envId;
        EnvSpec envSpec;
        try {
            envSpec = Envs.spec(env);
        } catch (IllegalArgumentException e) {
            throw new UserError("--env: " + e.getMessage());
        }
        if (steps < 1) {
            throw new UserError("--steps must be at least 1, got " + steps);
        }
        SacConfig sacConfig = SacConfig.defaults();
        SacRunConfig runConfig = SacRunConfig.defaults(steps);
        try {
            runConfig = Overrides.apply(runConfig, "threads", Integer.toString(threads(1)));
            if (evalEvery != null) {
                runConfig = Overrides.apply(runConfig, "eval_every", evalEvery.toString());
            }
            List<String> sacKeys = Arrays.asList(Overrides.keys(sacConfig));
            List<String> runKeys = Arrays.asList(Overrides.keys(runConfig));
            for (Map.Entry<String, String> e : Overrides.parsePairs(settings).entrySet()) {
                String key = Overrides.snake(e.getKey()).replace('-', '_');
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
        Path dirPath = out != null ? out : defaultDirectory("sac", env);
        SacRun run = SacRun.start(() -> Envs.make(env), sacConfig, runConfig, seed);
        RunDirectory dir = createDirectory(dirPath, run, runConfig.threads());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "SAC on %s, seed %d, %,d steps -> %s%n", envSpec.id(), seed, runConfig.steps(), dirPath);
        stdout.flush();
        return runSac(run, dir, 0);
    }
}
