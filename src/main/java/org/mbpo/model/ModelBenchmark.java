package org.mbpo.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mbpo.nn.Profile;

/**
 * Timings of the ensemble's two inner loops with MBPO's shapes, for {@code ./mbpo bench model}: one
 * training step (every member, one batch each, loss, gradient and Adam) and one rollout step
 * ({@link EnsembleModel#sample} on many states). Random inputs; the numbers do not depend on them.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    /** How the element-wise kernels and BLAS run in this JVM (for the report). */
    public static String computeDescription() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return "element-wise: " + Kernels.description() + "; BLAS: OpenBLAS (JavaCPP), OPENBLAS_CORETYPE="
                + (core == null ? "(unset: OpenBLAS detects the CPU)" : core);
    }

    /** Sets OpenBLAS's threads for the whole process (benchmarks compare thread counts; runs keep the start-up setting). */
    public static void setBlasThreads(int threads) {
        org.mbpo.nn.Blas.setThreads(threads);
    }

    /**
     * Median and extremes of repeated timings, in milliseconds, with the floating-point operations of one repetition's
     * matrix products (2 m n k each, counted by {@link Profile} in one more repetition) and, if one was asked for, the
     * profile of {@code reps} more ({@link Profile#print}, per repetition), else "".
     */
    public record Timing(double medianMs, double minMs, double maxMs, int reps, long flops, String profile) {
        static Timing of(double[] ms, long flops, String profile) {
            double[] s = ms.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
            return new Timing(median, s[0], s[n - 1], n, flops, profile);
        }

        /** The matrix products' GFLOP/s at the median time. */
        public double gflops() {
            return flops / (medianMs * 1e6);
        }
    }

    /**
     * Times {@code reps} runs of {@code op} and then counts the flops of one more and, if {@code profile}, profiles
     * {@code reps} more; the profile's sums are reset before and after.
     */
    static Timing time(Runnable op, int reps, boolean profile, String per) {
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Profile.Counted counted = Profile.count(op, reps, profile, per);
        return Timing.of(ms, counted.flops(), counted.table());
    }

    /** Milliseconds per training step: {@code config}'s ensemble, {@code config.batchSize()} rows per member. */
    public static Timing trainingStep(EnsembleConfig config, int obsDim, int actDim, int threads, int warmup, int reps,
                                      boolean profile) {
        EnsembleTrainer trainer = new EnsembleTrainer(config, obsDim, actDim, 1, threads);
        int rows = config.batchSize();
        int in = obsDim + actDim;
        int out = obsDim + 1;
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[config.ensembleSize() * rows * in];
        float[] y = new float[config.ensembleSize() * rows * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < warmup; i++) {
            trainer.benchmarkStep(x, y, rows);
        }
        return time(() -> trainer.benchmarkStep(x, y, rows), reps, profile, "step");
    }

    /** Milliseconds per rollout step of {@code states} states through {@link EnsembleModel#sample}. */
    public static Timing rolloutStep(EnsembleConfig config, int obsDim, int actDim, int threads, int states, int warmup,
                                     int reps) {
        EnsembleModel model = new EnsembleTrainer(config, obsDim, actDim, 1, threads).untrainedModel();
        SplittableRandom rng = new SplittableRandom(3);
        float[] obs = new float[states * obsDim];
        float[] act = new float[states * actDim];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < act.length; i++) {
            act[i] = (float) (2 * rng.nextDouble() - 1);
        }
        float[] next = new float[obs.length];
        float[] rewards = new float[states];
        for (int i = 0; i < warmup; i++) {
            model.sample(obs, act, states, rng, next, rewards);
        }
        return time(() -> model.sample(obs, act, states, rng, next, rewards), reps, false, "step");
    }
}
