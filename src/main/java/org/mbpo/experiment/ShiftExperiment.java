package org.mbpo.experiment;

import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.analysis.Episode;
import org.mbpo.analysis.ModelError;
import org.mbpo.analysis.ModelReturn;
import org.mbpo.analysis.PolicyShift;
import org.mbpo.analysis.ShiftAnalysis;
import org.mbpo.analysis.ShiftPoint;
import org.mbpo.analysis.Stats;
import org.mbpo.config.Overrides;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Env;
import org.mbpo.env.Envs;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.EnsembleConfig;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.random.Rng;
import org.mbpo.run.RunDirectory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model error against policy shift: the paper's Figure 1 (Sec. 4.2), measured. The paper trains a model on
 * data of a data-collecting policy π_D, then measures its error under policies that have moved away from
 * π_D, for several amounts of data, and reads the slope dε_m′/dε_π at ε_π = 0: the smaller it is, the
 * better the model generalises to the new policy's distribution, and the longer the rollouts Theorem 2
 * allows.
 *
 * <p>Steps (one method, {@link #run}):
 * <ol>
 *   <li><b>π_D</b>: SAC from scratch for {@code pretrainSteps} steps, then its policy is the data-collecting one;</li>
 *   <li><b>data of π_D</b>: {@code max(sizes)} real transitions with π_D's sampled actions;</li>
 *   <li><b>models</b>: one ensemble per size, trained (MBPO's model and training, {@link EnsembleTrainer}) on the first
 *       N of those transitions;</li>
 *   <li><b>policies</b>: SAC continues from π_D (same agent, same replay buffer) for {@code shiftSteps} steps; π_D and
 *       {@code checkpoints} policies along the way, spaced geometrically, are measured;</li>
 *   <li><b>measure</b> each policy π: its shift from π_D ({@link PolicyShift}, over states of π_D's fresh data); fresh
 *       real transitions of π (never trained on) and every model's error on them ({@link ModelError}); π's real
 *       and model returns over {@code returnHorizon} steps from the same states ({@link ModelReturn#branched});</li>
 *   <li><b>fit</b> ε_m′ against ε_π per size ({@link ShiftAnalysis}), and the k Theorem 2 favours.</li>
 * </ol>
 *
 * <p>Deviations from the paper: ε_π is the mean (not the max) over π_D's states; ε_m′ is measured by the model's
 * MSE, NLL and a TV against the model-blurred truth (see {@link ModelError} for why not the TV of the paper); the
 * policies come from continuing SAC on real data, not from MBPO (whose loop would retrain the model).
 *
 * <p>Randomness: the seed feeds one {@link Rng}, split into the learner's generator, the seeds of
 * the data and evaluation environments, one seed per model, and the generators of actions, Monte Carlo TV and
 * model sampling.
 */
public final class ShiftExperiment {
    private ShiftExperiment() {
    }

    /** The files of the experiment's directory: the measurements it writes, and the plots {@code ./mbpo experiment shift} draws of them. */
    public static final String POINTS = "points.csv";
    public static final String FITS = "fits.csv";
    public static final String ROLLOUT = "rollout-length.csv";
    public static final String ERROR_PLOT = "error-vs-shift.png";
    public static final String SLOPE_PLOT = "slope-vs-size.png";
    /** The columns the plots show: the model's MSE against the Monte Carlo TV between the policies. */
    public static final String PLOT_X = "tv_mc";
    public static final String PLOT_Y = "mse";

    /**
     * The model settings of this experiment: MBPO's ({@link EnsembleConfig#mbpo()}) with training stopped after
     * 20 epochs without a 1% holdout improvement instead of 5. <b>Deviation</b>: the reference's patience of 5
     * is for a model retrained, continuing, every 250 steps; a model trained once from scratch stops far short
     * of its best with it (measured on Pendulum-v1 with π_D's data: holdout MSE 0.032, 0.027, 0.0041 for 1,000,
     * 4,000, 16,000 transitions at patience 5, against 0.0047, 0.0018, 0.000025 at patience 20, after 598, 336,
     * 669 epochs), which would mix under-training into the data-size comparison.
     */
    public static EnsembleConfig modelDefaults() {
        return org.mbpo.config.Overrides.apply(EnsembleConfig.mbpo(), "max_epochs_since_update", "20");
    }

    /** What a run returns. */
    public record Result(List<ShiftPoint> points, List<ShiftAnalysis.Fit> fits, List<ShiftAnalysis.RolloutChoice> choices,
                         double wallSeconds) {
    }

    /**
     * Runs the experiment on {@code envId} and writes it into {@code dir}: {@code config.json} first, then
     * {@value #POINTS}, {@value #FITS}, {@value #ROLLOUT} and {@code result.json} (the plots are the reporting's:
     * {@code org.mbpo.report.MeasurementCharts}, which the command line draws beside them).
     *
     * @param log one line per measured policy, or null
     */
    public static Result run(String envId, ShiftConfig config, SacConfig sacConfig, EnsembleConfig modelConfig, long seed,
                             RunDirectory dir, Map<String, Object> provenance, PrintWriter log) {
        long t0 = System.nanoTime();
        Rng root = new Rng(seed);
        SacOnRealData learner = new SacOnRealData(Envs.make(envId), sacConfig, config.learningStarts(), config.updatesPerStep(),
                config.pretrainSteps() + config.shiftSteps(), root.split());
        Env dataEnv = Envs.make(envId);
        Env evalEnv = Envs.make(envId);
        dataEnv.reset(root.nextLong());
        evalEnv.reset(root.nextLong());
        long[] modelSeeds = new long[config.sizes().count()];
        for (int i = 0; i < modelSeeds.length; i++) {
            modelSeeds[i] = root.nextLong();
        }
        Rng actions = root.split();
        Rng monteCarlo = root.split();
        Rng modelNoise = root.split();
        ModelFunctions functions = Envs.modelFunctions(envId);
        int obsDim = dataEnv.spec().observationDim();
        int actDim = dataEnv.spec().actionDim();
        int horizon = dataEnv.spec().maxEpisodeSteps();

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experiment", "shift");
        settings.put("env", envId);
        settings.put("seed", seed);
        settings.put("shift", Overrides.describe(config));
        settings.put("sac", Overrides.describe(sacConfig));
        settings.put("model", Overrides.describe(modelConfig));
        settings.put("provenance", provenance);
        dir.writeConfig(settings);

        List<ShiftPoint> points = new ArrayList<>();
        List<Map<String, Object>> trainings = new ArrayList<>();
        try {
            // π_D: SAC from scratch, then frozen as the data-collecting policy.
            learner.stepInPlace(config.pretrainSteps());
            Sac agent = learner.agent();
            say(log, "π_D after %,d SAC steps (%.0f s)", config.pretrainSteps(), seconds(t0));

            // Data of π_D, and one model per size on its first N transitions.
            ReplayBuffer dataD = new ReplayBuffer(config.sizes().max(), obsDim, actDim);
            RealData.collect(dataEnv, agent, false, config.sizes().max(), actions, dataD);
            EnsembleModel[] models = new EnsembleModel[config.sizes().count()];
            for (int i = 0; i < models.length; i++) {
                int n = config.sizes().get(i);
                models[i] = new EnsembleTrainer(modelConfig, obsDim, actDim, modelSeeds[i], config.threads()).train(dataD.view().first(n));
                var m = models[i].training();
                say(log, "model on %,d transitions: %d epochs, holdout MSE %.4g (%.0f s; %.0f s since the start)", n, m.epochs(),
                        m.eliteHoldoutMse(), m.seconds(), seconds(t0));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("size", n);
                row.put("epochs", m.epochs());
                row.put("gradient_steps", m.gradientSteps());
                row.put("stop_reason", m.stopReason().toString());
                row.put("elite_holdout_mse", m.eliteHoldoutMse());
                row.put("seconds", m.seconds());
                trainings.add(row);
            }

            // π_D's distribution on its own states: the reference every shift is measured from.
            float[] statesD = null;
            float[] meanD = new float[config.shiftStates() * actDim];
            float[] logStdD = new float[config.shiftStates() * actDim];
            float[] mean = new float[config.shiftStates() * actDim];
            float[] logStd = new float[config.shiftStates() * actDim];
            for (int policy = 0; policy <= config.checkpoints(); policy++) {
                // Policies: continue SAC from π_D to the next checkpoint.
                long target = policy == 0 ? 0 : config.checkpointStep(policy);
                learner.stepInPlace(config.pretrainSteps() + target - learner.steps());

                // Fresh real transitions of π (π_D itself for policy 0), never trained on.
                ReplayBuffer freshData = new ReplayBuffer(config.evalTransitions(), obsDim, actDim);
                RealData.collect(dataEnv, agent, false, config.evalTransitions(), actions, freshData);
                TransitionBatch fresh = freshData.view();
                if (statesD == null) {
                    statesD = everyNth(fresh.observations(), obsDim, fresh.size(), config.shiftStates());
                    agent.distribution(statesD, config.shiftStates(), meanD, logStdD);
                }
                // Shift from π_D on π_D's states.
                agent.distribution(statesD, config.shiftStates(), mean, logStd);
                PolicyShift shift = PolicyShift.measure(meanD, logStdD, mean, logStd, config.shiftStates(), actDim,
                        config.mcSamples(), monteCarlo);
                // Real episodes of π (deterministic actions): its real returns and the branch points of model returns.
                List<Episode> episodes = new ArrayList<>();
                for (int e = 0; e < config.returnEpisodes(); e++) {
                    episodes.add(RealData.episode(evalEnv, agent, true, horizon, null));
                }
                // Every model's error on π's transitions and its return for π.
                StringBuilder errors = new StringBuilder();
                for (int i = 0; i < models.length; i++) {
                    ModelError err = ModelError.of(models[i], fresh);
                    ModelReturn.Branched returns = ModelReturn.branched(models[i], functions, agent, episodes,
                            config.returnHorizon(), config.returnStride(), modelNoise);
                    points.add(new ShiftPoint(policy, target, config.sizes().get(i), shift.klMean(), shift.tvPinsker(),
                            shift.tvMonteCarlo(), shift.tvMonteCarloMax(), err.mse(), err.nll(), err.tv(), returns.realMean(),
                            returns.modelMean()));
                    errors.append(String.format(Locale.ROOT, " %s%.3g", i == 0 ? "" : "/", err.mse()));
                }
                say(log, "policy %2d (+%,d steps): KL %.4f, TV %.4f; model MSE%s; return %.1f (%.0f s since the start)", policy, target,
                        shift.klMean(), shift.tvMonteCarlo(), errors, Stats.mean(episodes.stream().mapToDouble(Episode::totalReward)
                                .toArray()), seconds(t0));
            }
        } finally {
            learner.close();
            dataEnv.close();
            evalEnv.close();
            dir.close();
        }

        // Fits, the rollout length Theorem 2 favours, files.
        List<ShiftAnalysis.Fit> fits = ShiftAnalysis.allFits(points, config.fitFraction(), config.confidence());
        List<ShiftAnalysis.RolloutChoice> choices = ShiftAnalysis.rolloutChoices(points, config.fitFraction(),
                config.confidence(), config.gamma(), config.kMax());
        Path out = dir.path();
        ShiftPoint.writeCsv(points, out.resolve(POINTS));
        ShiftAnalysis.writeFits(fits, out.resolve(FITS));
        ShiftAnalysis.writeRolloutChoices(choices, out.resolve(ROLLOUT));
        double wall = seconds(t0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "completed");
        result.put("wall_seconds", wall);
        result.put("models", trainings);
        List<Map<String, Object>> slopes = new ArrayList<>();
        for (ShiftAnalysis.Fit f : fits) {
            if (!f.x().equals(PLOT_X)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", f.size());
            m.put("error", f.y());
            m.put("slope", f.local().slope());
            m.put("slope_low", f.local().slopeLow());
            m.put("slope_high", f.local().slopeHigh());
            slopes.add(m);
        }
        result.put("slopes_against_" + PLOT_X, slopes);
        List<Map<String, Object>> ks = new ArrayList<>();
        for (ShiftAnalysis.RolloutChoice c : choices) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", c.size());
            m.put("k", c.k());
            m.put("k_at_slope_high", c.kAtHigh());
            m.put("k_at_slope_low", c.kAtLow());
            ks.add(m);
        }
        result.put("rollout_length", ks);
        dir.writeResult(result);
        return new Result(points, fits, choices, wall);
    }

    /** {@code count} rows of {@code [n, dim]} {@code rows}, evenly spaced. */
    static float[] everyNth(float[] rows, int dim, int n, int count) {
        float[] out = new float[count * dim];
        for (int i = 0; i < count; i++) {
            int r = (int) ((long) i * n / count);
            System.arraycopy(rows, r * dim, out, i * dim, dim);
        }
        return out;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void say(PrintWriter log, String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }
}
