package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.mbpo.env.mujoco.Mujoco;
import org.mbpo.expansion.CriticTarget;
import org.mbpo.expansion.ValueExpansionConfig;
import org.mbpo.nn.CpuRates;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Vectorization;
import org.mbpo.run.CheckpointException;
import org.mbpo.run.EvaluationRow;
import org.mbpo.run.ProgressBar;
import org.mbpo.run.RunDirectory;
import org.mbpo.run.RunProvenance;
import org.mbpo.run.TrainingRun;
import org.mbpo.stop.StopRequest;
import org.mbpo.stop.StoppedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * {@code ./mbpo train [--algo mbpo|sac|mve|steve] [--env ID] [--preset NAME] [--seed S] [--steps N] [--out DIR]
 * [--set key=value]...} and {@code ./mbpo train --resume RUN_DIR}.
 *
 * <p>With no arguments: MBPO on Pendulum-v1 with the {@code pendulum} preset (the README's main job).
 * MBPO's settings come from a preset ({@link MbpoConfig#preset}, by default the one named after the
 * environment), then {@code --steps} (which sets the epochs), then each {@code --set} in order
 * ({@link MbpoSettings#withSetting}). SAC's come from {@link SacConfig} and {@link SacRunConfig}. MVE and STEVE
 * are the MBPO loop with value expansion ({@link ValueExpansionConfig#of}: H = 3, real_ratio 1), the rest as MBPO's.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an agent and write a run directory: config.json (settings and provenance), progress.csv, "
                + "timing.csv, learning-curve.png and checkpoint.bin after every evaluation, result.json.",
                "With no options: MBPO on Pendulum-v1 (preset 'pendulum', about 10 minutes on two cores).",
                "Exit status 1 if training diverges (NaN or infinity), after writing the run so far."})
final class TrainCommand implements Callable<Integer>, Checkable {
    private static final List<String> ALGOS = List.of("mbpo", "sac", "mve", "steve");

    /** The most real steps a run may plan: far beyond the paper's longest runs (300,000), short of nonsense. */
    static final long MAX_STEPS = 100_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", defaultValue = "mbpo", paramLabel = "ALGO", description = "mbpo, sac, or mve or steve: SAC with "
            + "value expansion from MBPO's model, in MBPO's loop (H: --set horizon=N, default 3) (default: ${DEFAULT-VALUE})")
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
            + "threads (same results; faster on two free cores) (default: MBPO_THREADS, else measured at start: 2 if two "
            + "threads do at least 1.3 times one thread's work here and now, else 1)")
    Integer threads;

    @Option(names = "--profile", description = "time the hot loops' parts (model training, rollouts, SAC's update: matrix "
            + "products and the rest) and print them per real step at the end (slows the run by about 1%%)")
    boolean profile;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run (MBPO or SAC) from its last "
            + "checkpoint, with its own settings; the result is the uninterrupted run's (only --threads and --profile may be given too)")
    Path resume;

    @Override
    public Integer call() {
        checkCommon();
        if (resume != null) {
            return resume();
        }
        return algo.equals("sac") ? trainSac(sacPlan()) : trainMbpo(mbpoPlan());
    }

    /** Checks every argument and setting as {@link #call} would, and writes nothing (a sweep checks its cells so). */
    @Override
    public void check() {
        checkCommon();
        if (resume == null) {
            if (algo.equals("sac")) {
                sacPlan();
            } else {
                mbpoPlan();
            }
        }
    }

    private void checkCommon() {
        if (threads != null && threads != 1 && threads != 2) {
            throw new UserError("--threads must be 1 or 2, got " + threads);
        }
        if (resume == null && !ALGOS.contains(algo)) {
            throw new UserError("--algo " + algo + ": unknown; available: " + String.join(", ", ALGOS));
        }
        if (steps != null && steps > MAX_STEPS) {
            throw new UserError(String.format(Locale.ROOT, "--steps %d: more than %,d real steps (the paper's longest runs take "
                    + "300,000); give fewer", steps, MAX_STEPS));
        }
    }

    /** The environment {@code id}, known and usable here (the MuJoCo tasks need the MuJoCo library). */
    static EnvSpec usableEnvironment(String option, String id) {
        EnvSpec envSpec;
        try {
            envSpec = Envs.spec(id);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        if (Envs.needsMujoco(id) && !Mujoco.isAvailable()) {
            throw new UserError(option + " " + id + ": " + Mujoco.unavailableReason());
        }
        return envSpec;
    }

    /**
     * --threads, else MBPO_THREADS, else what the machine delivers ({@link #measuredThreads}), and a note on how it was
     * chosen for the run's first line.
     */
    private Threads threads() {
        String t = threads != null ? threads.toString() : System.getenv("MBPO_THREADS");
        if (t == null || t.isBlank()) {
            return measuredThreads();
        }
        if (!t.equals("1") && !t.equals("2")) {
            throw new UserError("MBPO_THREADS must be 1 or 2, got '" + t + "'");
        }
        return new Threads(Integer.parseInt(t), threads != null ? "--threads" : "MBPO_THREADS");
    }

    /** A thread count and how it was chosen. */
    record Threads(int count, String why) {
        @Override
        public String toString() {
            return count + " thread" + (count == 1 ? "" : "s") + " (" + why + ")";
        }
    }

    private static Threads measured;

    /**
     * The thread count from {@link CpuRates#probeThreads} (measured once per process): two threads where the second
     * adds at least 0.3 of a thread's work on this machine now (two free cores), else one (hyperthreads of one core, or
     * cores busy with other runs); one where Java sees one core.
     */
    static synchronized Threads measuredThreads() {
        if (measured == null) {
            if (Runtime.getRuntime().availableProcessors() < 2) {
                measured = new Threads(1, "one core");
            } else {
                CpuRates.ThreadProbe probe = CpuRates.probeThreads();
                measured = new Threads(probe.threads(), "measured: " + probe);
            }
        }
        return measured;
    }

    // ---- MBPO ------------------------------------------------------------------------------------

    /** A checked MBPO run: its settings, environment and directory. */
    private record MbpoPlan(MbpoSettings settings, EnvSpec env, Path dir) {
    }

    private MbpoPlan mbpoPlan() {
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
        EnvSpec envSpec = usableEnvironment("--env", envId == null ? base.envId() : envId);
        MbpoSettings s = MbpoSettings.of(base).withSetting("env_id", envSpec.id());
        if (!algo.equals("mbpo")) {
            s = s.withExpansion(ValueExpansionConfig.of(CriticTarget.valueOf(algo.toUpperCase(Locale.ROOT))));
        }
        if (steps != null) {
            try {
                s = s.withSetting("epochs", Long.toString(epochsFor(steps, s.mbpo())));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        try {
            s = s.withSettings(Overrides.parsePairs(settings));
        } catch (IllegalArgumentException e) {
            throw new UserError("--set: " + e.getMessage());
        }
        if (!s.mbpo().envId().equals(envSpec.id())) {
            throw new UserError("--set env_id: use --env to choose the environment");
        }
        MbpoConfig c = s.mbpo();
        long total = (long) c.initialSteps() + (long) c.epochs() * c.epochLength();
        if (total > MAX_STEPS) {
            throw new UserError(String.format(Locale.ROOT, "the settings make %,d real steps (initial_steps + epochs × epoch_length), "
                    + "more than %,d; give fewer", total, MAX_STEPS));
        }
        return new MbpoPlan(s, envSpec, out != null ? out : defaultDirectory(s.algorithm(), envSpec.id()));
    }

    private int trainMbpo(MbpoPlan plan) {
        MbpoSettings s = plan.settings();
        Threads chosen = threads();
        int nThreads = chosen.count();
        Path dirPath = plan.dir();
        String id = plan.env().id();
        OutDirectory.checkCreatable(dirPath, "choose a new --out directory (or --resume it)");
        MbpoRun run = MbpoRun.start(s, seed, () -> Envs.make(id), Envs.modelFunctions(id), nThreads);
        RunDirectory dir = createDirectory(dirPath, run, nThreads);
        MbpoConfig c = s.mbpo();
        PrintWriter stdout = spec.commandLine().getOut();
        String data = s.expansion().on() ? "critic targets " + s.algorithm().toUpperCase(Locale.ROOT) + " with H "
                + s.expansion().horizon() + " on real batches" : String.format(Locale.ROOT, "M %,d, k %s", c.rolloutBatchSize(),
                c.rolloutSchedule());
        stdout.printf(Locale.ROOT, "%s on %s, seed %d: %,d random steps, then %d epochs of %,d steps (%,d real steps), "
                        + "G %d, %s, %s -> %s%n", name(s), id, seed, c.initialSteps(), c.epochs(), c.epochLength(),
                c.initialSteps() + c.totalSteps(), c.agentUpdatesPerStep(), data, chosen, dirPath);
        stdout.flush();
        return runMbpo(run, dir, 0);
    }

    /** "MBPO", "MVE" or "STEVE", for messages. */
    private static String name(MbpoSettings s) {
        return s.algorithm().toUpperCase(Locale.ROOT);
    }

    /** Epochs for {@code n} real steps in total, the initial exploration included, rounded up. */
    static long epochsFor(long n, MbpoConfig c) {
        if (n > MAX_STEPS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--steps %d: more than %,d real steps (the paper's "
                    + "longest runs take 300,000); give fewer", n, MAX_STEPS));
        }
        if (n <= c.initialSteps()) {
            throw new IllegalArgumentException("--steps " + n + " leaves no steps after the " + c.initialSteps()
                    + " initial random steps; give more, or --set initial_steps=...");
        }
        return (n - c.initialSteps() + c.epochLength() - 1) / c.epochLength();
    }

    /** A new run directory for {@code run}, or a {@link UserError} saying why not (the run is closed then). */
    private RunDirectory createDirectory(Path dirPath, TrainingRun run, int nThreads) {
        try {
            return OutDirectory.create(dirPath, () -> RunDirectory.create(dirPath, run, nThreads, provenance()));
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private int resume() {
        boolean others = Stream.of("--algo", "--env", "--preset", "--steps", "--seed", "--out", "--set", "--eval-every")
                .anyMatch(o -> spec.commandLine().getParseResult().hasMatchedOption(o));
        if (others) {
            throw new UserError("--resume continues a run with the settings in its config.json; give only --resume RUN_DIR "
                    + "(and --threads)");
        }
        JsonNode config = resumeConfig(() -> RunDirectory.readConfig(resume));
        String algoName = resumeConfig(() -> config.get("algo").asText());
        if (!ALGOS.contains(algoName)) {
            throw new UserError("--resume: " + resume.resolve(RunDirectory.CONFIG) + ": a run of '" + algoName
                    + "'; runs of " + String.join(", ", ALGOS.subList(0, ALGOS.size() - 1)) + " and " + ALGOS.get(ALGOS.size() - 1)
                    + " resume");
        }
        JsonNode provenance = config.path("provenance");
        requireSameKernels(resume, provenance.path("OPENBLAS_CORETYPE").asText(""), System.getenv("OPENBLAS_CORETYPE"));
        requireSameVectorWidth(resume, provenance.path("vector_lanes").asInt(0), Vectorization.lanes());
        return algoName.equals("sac") ? resumeSac() : resumeMbpo();
    }

    /**
     * Refuses to resume a run under another vector width than it started with (runs before this was recorded cannot
     * be checked): the element-wise kernels sum lane by lane, so the resumed run would not be the uninterrupted one.
     * A narrower width is had with {@code -XX:MaxVectorSize}; a wider one needs another CPU.
     */
    static void requireSameVectorWidth(Path dir, int recorded, int now) {
        if (recorded <= 0 || recorded == now) {
            return;
        }
        String what = "--resume: " + dir + " was started with " + recorded + " floats per vector and this JVM has " + now
                + "; the kernels sum lane by lane, so the resumed run would not be the uninterrupted one: ";
        if (recorded == 1) {
            throw new UserError(what + "resume with MBPO_JAVA_OPTS=-Dmbpo.model.scalar=true ./mbpo train --resume " + dir);
        }
        if (recorded < now) {
            throw new UserError(what + "resume with MBPO_JAVA_OPTS=-XX:MaxVectorSize=" + 4 * recorded
                    + " ./mbpo train --resume " + dir);
        }
        throw new UserError(what + "this CPU has no vectors that wide; resume it on one that has (" + 32 * recorded
                + "-bit vectors)");
    }

    /**
     * Refuses to resume a run under other OpenBLAS kernels than it started with, where both are named: kernels for
     * another CPU round the matrix products differently, so the resumed run would silently stop being the
     * uninterrupted one. A run started without {@code OPENBLAS_CORETYPE} (OpenBLAS chose) cannot be checked.
     */
    static void requireSameKernels(Path dir, String recorded, String now) {
        if (recorded.isEmpty() || recorded.equals("(unset)") || recorded.equals(now)) {
            return;
        }
        throw new UserError("--resume: " + dir + " was started with OPENBLAS_CORETYPE=" + recorded + " and this process has "
                + (now == null || now.isEmpty() ? "it unset" : now) + "; other kernels round differently, so the resumed run"
                + " would not be the uninterrupted one: resume with OPENBLAS_CORETYPE=" + recorded
                + " ./mbpo train --resume " + dir);
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
        usableEnvironment("--resume " + resume + ": env", id);
        MbpoRun run = MbpoRun.start(config.settings(), config.seed(), () -> Envs.make(id), Envs.modelFunctions(id), nThreads);
        RunDirectory dir = resumeDirectory(run);
        MbpoConfig c = config.settings().mbpo();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "resuming %s on %s, seed %d, in %s: %d of %d epochs done (%,d real steps)%s%n",
                name(config.settings()), id, config.seed(), resume, run.epochsDone(), c.epochs(), run.realSteps(),
                run.epochsDone() == 0 ? "; no checkpoint yet, so from the start" : "");
        stdout.flush();
        return runMbpo(run, dir, run.realSteps());
    }

    private int resumeSac() {
        SacRun.Config config = resumeConfig(() -> SacRun.Config.read(resume));
        String id = config.env();
        usableEnvironment("--resume " + resume + ": env", id);
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
        ProgressBar bar = ProgressBar.onStandardError(c.initialSteps() + c.totalSteps(), firstStep);
        return runToEnd(run, dir, bar, c.evalEpisodes(), "after %,d real steps", () -> Mbpo.train(run, dir, bar),
                () -> String.format(Locale.ROOT, "after %d of %d epochs (%,d real steps)", run.epochsDone(), c.epochs(),
                        run.evaluations() == 0 ? 0 : run.lastRow().step()));
    }

    private int runSac(SacRun run, RunDirectory dir, long firstStep) {
        SacRunConfig c = run.config();
        ProgressBar bar = ProgressBar.onStandardError(c.steps(), firstStep);
        return runToEnd(run, dir, bar, c.evalEpisodes(), "at step %,d", () -> SacTraining.train(run, dir, bar),
                () -> String.format(Locale.ROOT, "after %d evaluation%s (step %,d of %,d)", run.evaluations(),
                        run.evaluations() == 1 ? "" : "s", run.evaluations() == 0 ? 0 : run.lastRow().step(), c.steps()));
    }

    /** With --profile: the parts' times per real step of this session. */
    private void printProfile(PrintWriter out, long steps) {
        if (!profile) {
            return;
        }
        Profile.disable();
        out.printf(Locale.ROOT, "profile of %,d real steps (times summed over threads; products: OpenBLAS's matrix products, "
                + "the rest is element-wise work, copies and sampling):%n", steps);
        Profile.print(out, Math.max(1, steps), "step");
    }

    /**
     * Trains {@code run} to its end ({@code training}), with signals as stop requests ({@link StopRequest}), then
     * writes its result: "completed"; "diverged" with status 1; or, stopped, the one line of {@link #stopped} and
     * its status. Closes the directory and the run either way.
     */
    @SuppressWarnings("try")  // the watch is held, not used: signals are stop requests while it is open
    private int runToEnd(TrainingRun run, RunDirectory dir, ProgressBar bar, int evalEpisodes, String whenFormat,
                         Runnable training, java.util.function.Supplier<String> stoppedWhen) {
        PrintWriter stdout = spec.commandLine().getOut();
        long stepsBefore = run.realSteps();
        if (profile) {
            Profile.reset();
            Profile.enable();
        }
        try (StopRequest.Watch watch = StopRequest.watch(null)) {
            training.run();
            printProfile(stdout, run.realSteps() - stepsBefore);
            dir.writeResult(run, "completed", "");
            EvaluationRow last = run.lastRow();
            stdout.printf(Locale.ROOT, "final evaluation return %.1f (± %.1f over %d episodes) " + whenFormat
                    + "; progress in %s%n", last.evalReturn(), last.evalReturnStd(), evalEpisodes, last.step(),
                    dir.path().resolve(RunDirectory.PROGRESS));
            stdout.flush();
            return 0;
        } catch (StoppedException e) {
            bar.finish();
            printProfile(stdout, run.realSteps() - stepsBefore);
            return stopped(e.kind(), dir.path(), stoppedWhen.get(), kept(dir.path()));
        } catch (TrainingDiverged e) {
            dir.writeResult(run, "diverged", e.getMessage());
            spec.commandLine().getErr().println("mbpo: training diverged: " + e.getMessage() + "; the run so far is in "
                    + dir.path());
            return 1;
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        } finally {
            if (profile) {
                Profile.disable();
            }
            dir.close();
            run.close();
        }
    }

    /** What a stopped run's directory holds for a resume: its checkpoint, or, stopped before the first, its settings. */
    static String kept(Path dir) {
        return Files.exists(dir.resolve(RunDirectory.CHECKPOINT)) ? "progress.csv and checkpoint.bin"
                : "its config.json but no checkpoint yet, so a resume starts from step 0";
    }

    /**
     * The one line for a run stopped by a signal, and the exit status: the resume command where {@code --resume}
     * accepts the directory, else that it cannot be resumed.
     */
    private int stopped(StopRequest.Kind kind, Path dir, String when, String kept) {
        boolean resumable = resumable(dir);
        spec.commandLine().getErr().println("mbpo: stopped by " + kind.signal() + " " + when + "; " + dir + " keeps " + kept
                + (resumable ? "; resume with: ./mbpo train --resume " + dir
                : "; " + algo.toUpperCase(Locale.ROOT) + " runs have no checkpoint yet, so this one cannot be resumed: "
                + "run the command again with a new --out"));
        spec.commandLine().getErr().flush();
        return kind.exitStatus(resumable);
    }

    /** Whether {@code train --resume DIR} would take the directory (its config.json is of a training run). */
    static boolean resumable(Path dir) {
        try {
            return ALGOS.contains(RunDirectory.readConfig(dir).get("algo").asText());
        } catch (CheckpointException e) {
            return false;
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

    /** A checked SAC run: its settings, environment and directory. */
    private record SacPlan(SacConfig sac, SacRunConfig run, EnvSpec env, Path dir) {
    }

    private SacPlan sacPlan() {
        if (preset != null) {
            throw new UserError("--preset is MBPO's; SAC takes its settings from SacConfig and SacRunConfig (--set)");
        }
        if (steps == null) {
            throw new UserError("--algo sac needs --steps N");
        }
        String env = envId == null ? "Pendulum-v1" : envId;
        if (steps < 1) {
            throw new UserError("--steps must be at least 1, got " + steps);
        }
        EnvSpec envSpec = usableEnvironment("--env", env);
        SacConfig sacConfig = SacConfig.defaults();
        SacRunConfig runConfig = SacRunConfig.defaults(steps);
        try {
            runConfig = Overrides.apply(runConfig, "threads", Integer.toString(threads().count()));
            if (evalEvery != null) {
                runConfig = Overrides.apply(runConfig, "eval_every", evalEvery.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new UserError((evalEvery != null ? "--eval-every: " : "--threads: ") + e.getMessage());
        }
        try {
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
        if (runConfig.steps() > MAX_STEPS) {
            throw new UserError(String.format(Locale.ROOT, "--set steps=%d: more than %,d steps; give fewer", runConfig.steps(), MAX_STEPS));
        }
        return new SacPlan(sacConfig, runConfig, envSpec, out != null ? out : defaultDirectory("sac", env));
    }

    private int trainSac(SacPlan plan) {
        Path dirPath = plan.dir();
        SacRunConfig runConfig = plan.run();
        String env = plan.env().id();
        OutDirectory.checkCreatable(dirPath, "choose a new --out directory (or --resume it)");
        SacRun run = SacRun.start(() -> Envs.make(env), plan.sac(), runConfig, seed);
        RunDirectory dir = createDirectory(dirPath, run, runConfig.threads());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "SAC on %s, seed %d, %,d steps, %d thread%s -> %s%n", env, seed, runConfig.steps(),
                runConfig.threads(), runConfig.threads() == 1 ? "" : "s", dirPath);
        stdout.flush();
        return runSac(run, dir, 0);
    }
}
