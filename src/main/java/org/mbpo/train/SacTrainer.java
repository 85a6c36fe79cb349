package org.mbpo.train;

import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.agent.SacLosses;
import org.mbpo.config.Overrides;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.Env;
import org.mbpo.env.Step;
import org.mbpo.nn.Blas;
import org.mbpo.stop.StopRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Model-free SAC training (Haarnoja et al. 2018a, Algorithm 1): collect one environment step, then
 * take {@code updatesPerStep} SAC updates on uniform replay batches; evaluate every
 * {@code evalEvery} steps. Uniform random actions come first, for {@code learningStarts} steps, and
 * updates start after them (CleanRL's {@code global_step > learning_starts}).
 *
 * <p>Threads: BLAS runs single-threaded; {@code threads = 2} runs the twin critics' work on two
 * threads (identical results).
 *
 * <p>Randomness: the run's seed feeds one {@link SplittableRandom}, split into the agent's
 * generator (initial weights, update noise), the exploration generator (random and sampled
 * actions), the replay generator, and the seeds of the training and evaluation environments.
 */
public final class SacTrainer {
    private SacTrainer() {
    }

    /** What a finished run returns: its evaluation rows and the trained agent. */
    public record Result(List<ProgressRow> rows, Sac agent, double wallSeconds) {
    }

    /**
     * Trains SAC on environments from {@code envs} (one for training, one for evaluation) and writes
     * the run into {@code dir}.
     *
     * @param provenance written into {@code config.json} with the settings
     * @param bar        progress display, or null
     * @throws TrainingDiverged after writing the run so far, if a loss or parameter becomes NaN or infinite
     * @throws org.mbpo.stop.StoppedException at the next step (SIGINT, SIGTERM) or after the next evaluation (SIGUSR1)
     *                                        once a stop is requested ({@link StopRequest}); the evaluations so far are written
     */
    public static Result train(Supplier<Env> envs, SacConfig sacConfig, SacRunConfig run, long seed,
                               RunDirectory dir, Map<String, Object> provenance, ProgressBar bar) {
        // Set-up: environments, agent, replay buffer, generators split from the seed.
        Blas.setThreads(1);
        SplittableRandom root = new SplittableRandom(seed);
        Env env = envs.get();
        Env evalEnv = envs.get();
        int obsDim = env.spec().observationDim();
        int actDim = env.spec().actionDim();
        ActionScale scale = new ActionScale(env.actionSpace());
        Sac agent = new Sac(obsDim, actDim, sacConfig, root.split());
        agent.setTwoThreads(run.threads() == 2);
        SplittableRandom exploration = root.split();
        SplittableRandom replay = root.split();
        long envSeed = root.nextLong();
        long evalSeed = root.nextLong();
        ReplayBuffer buffer = new ReplayBuffer((int) Math.min(run.bufferCapacity(), run.steps()), obsDim, actDim);
        TransitionBatch batch = new TransitionBatch(sacConfig.batchSize(), obsDim, actDim);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algo", "sac");
        config.put("env", env.spec().id());
        config.put("seed", seed);
        config.put("sac", Overrides.describe(sacConfig));
        config.put("target_entropy_used", sacConfig.targetEntropy(actDim));
        config.put("run", Overrides.describe(run));
        config.put("provenance", provenance);
        dir.writeConfig(config);

        long start = System.nanoTime();
        double[] obs = env.reset(envSeed);
        evalEnv.reset(evalSeed);
        double[] a = new double[actDim];
        double[] envAction = new double[actDim];
        double episodeReturn = 0;
        long episodes = 0;
        long updates = 0;
        Stats stats = new Stats();
        try {
            for (long step = 1; step <= run.steps(); step++) {
                StopRequest.pollStep();
                // Collect: one environment step, random until learning starts.
                if (step <= run.learningStarts()) {
                    for (int j = 0; j < actDim; j++) {
                        a[j] = exploration.nextDouble(-1, 1);
                    }
                } else {
                    agent.act(obs, false, exploration, a);
                }
                scale.toEnv(a, envAction);
                Step s = env.step(envAction);
                buffer.add(obs, a, s.reward(), s.observation(), s.terminated());
                episodeReturn += s.reward();
                if (s.done()) {
                    stats.episode(episodeReturn);
                    episodes++;
                    episodeReturn = 0;
                    obs = env.reset();
                } else {
                    obs = s.observation();
                }

                // Train: SAC updates on uniform replay batches.
                if (step > run.learningStarts()) {
                    for (int u = 0; u < run.updatesPerStep(); u++) {
                        buffer.sampleInto(batch, replay);
                        SacLosses losses = agent.update(batch);
                        updates++;
                        String bad = losses.firstNonFinite();
                        if (bad != null) {
                            throw diverged(step, bad, batch);
                        }
                        stats.update(losses);
                    }
                }

                // Evaluate: deterministic episodes, a progress row, the curve.
                if (step % run.evalEvery() == 0 || step == run.steps()) {
                    String badNet = agent.firstNonFiniteNetwork();
                    if (badNet != null) {
                        throw new TrainingDiverged(step, badNet, "a parameter of " + badNet + " is NaN or infinite at step " + step);
                    }
                    double[] returns = Evaluation.returns(evalEnv, agent, scale, run.evalEpisodes());
                    ProgressRow row = stats.row(step, (System.nanoTime() - start) / 1e9, episodes, updates,
                            Evaluation.mean(returns), Evaluation.std(returns), agent.alpha());
                    dir.append(row);
                    dir.writeCurve("SAC on " + env.spec().id() + ", seed " + seed);
                    if (bar != null) {
                        bar.evaluated(step, row.evalReturn());
                    }
                    if (step < run.steps()) {
                        StopRequest.pollCheckpointed();
                    }
                }
                if (bar != null) {
                    bar.step(step);
                }
            }
        } catch (TrainingDiverged e) {
            dir.writeCurve("SAC on " + env.spec().id() + ", seed " + seed + " (diverged)");
            dir.writeResult(result("diverged", e.getMessage(), dir.rows(), start, updates));
            throw e;
        } finally {
            if (bar != null) {
                bar.finish();
            }
            env.close();
            evalEnv.close();
            dir.close();
            agent.close();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        dir.writeResult(result("completed", "", dir.rows(), start, updates));
        return new Result(dir.rows(), agent, wall);
    }

    /** The error for a non-finite loss of {@code network}, saying whether the batch itself held a non-finite number. */
    private static TrainingDiverged diverged(long step, String network, TransitionBatch batch) {
        String cause = !allFinite(batch.rewards()) ? "; the replay batch holds a non-finite reward (from the environment)"
                : !allFinite(batch.obs()) || !allFinite(batch.nextObs()) ? "; the replay batch holds a non-finite observation (from the environment)"
                : "";
        return new TrainingDiverged(step, network, "the " + network + " loss is NaN or infinite at step " + step + cause);
    }

    private static boolean allFinite(float[] xs) {
        for (float x : xs) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> result(String status, String message, List<ProgressRow> rows, long start, long updates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (!message.isEmpty()) {
            m.put("message", message);
        }
        m.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        m.put("updates", updates);
        if (!rows.isEmpty()) {
            ProgressRow last = rows.get(rows.size() - 1);
            m.put("final_step", last.step());
            m.put("final_eval_return", last.evalReturn());
        }
        return m;
    }

    /** Running means of losses and training returns since the last row. */
    private static final class Stats {
        private double q1;
        private double q2;
        private double actor;
        private double alphaLoss;
        private double entropy;
        private long n;
        private double returns;
        private long episodes;

        void update(SacLosses l) {
            q1 += l.q1Loss();
            q2 += l.q2Loss();
            actor += l.actorLoss();
            alphaLoss += l.alphaLoss();
            entropy += l.entropy();
            n++;
        }

        void episode(double ret) {
            returns += ret;
            episodes++;
        }

        ProgressRow row(long step, double wall, long totalEpisodes, long updates, double evalMean, double evalStd, double alpha) {
            double k = n == 0 ? Double.NaN : n;
            ProgressRow r = new ProgressRow(step, wall, totalEpisodes, episodes == 0 ? Double.NaN : returns / episodes,
                    evalMean, evalStd, updates, q1 / k, q2 / k, actor / k, alphaLoss / k, alpha, entropy / k);
            q1 = q2 = actor = alphaLoss = entropy = returns = 0;
            n = episodes = 0;
            return r;
        }
    }
}
