package org.mbpo.cli;

import org.mbpo.agent.CriticTargets;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.config.Overrides;
import org.mbpo.env.Envs;
import org.mbpo.expansion.CriticTarget;
import org.mbpo.expansion.ValueExpansion;
import org.mbpo.expansion.ValueExpansionConfig;
import org.mbpo.model.EnsembleConfig;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.nn.Blas;
import org.mbpo.random.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./mbpo bench value-expansion}: milliseconds per SAC update with SAC's own critic targets, with MVE's and with
 * STEVE's (H = 3 by default) at Hopper sizes (obs 11, act 3; batch 256, 2 × 256 ReLU), in one run on the same random
 * data, the model MBPO's ensemble (7 members of 4 × 200, 5 elites; trained for one epoch on that data, which is all
 * its speed depends on) and Hopper-v4's termination function; on one thread and on two (the twin critics and the
 * model's members at once). Prints each variant's cost relative to SAC's at the same thread count. Run it alone on the
 * machine ({@code flock /tmp/mbpo-bench.lock}).
 */
@Command(name = "value-expansion", mixinStandardHelpOptions = true,
        description = {"Benchmark: ms per SAC update with SAC's, MVE's and STEVE's critic targets at Hopper sizes (11, 3), "
                + "MBPO's ensemble as the model, and each against SAC's.",
                "On a shared machine: flock /tmp/mbpo-bench.lock ./mbpo bench value-expansion"})
final class BenchValueExpansionCommand implements Runnable {
    private static final int OBS = 11;
    private static final int ACT = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "100", paramLabel = "N", description = "timed updates per configuration (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--warmup", defaultValue = "20", paramLabel = "N", description = "untimed updates first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--horizon", defaultValue = "3", paramLabel = "H", description = "MVE's and STEVE's H (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--threads", defaultValue = "1,2", split = ",", paramLabel = "N",
            description = "thread counts to time, 1 and/or 2 (default: ${DEFAULT-VALUE})")
    int[] threads;

    @Override
    public void run() {
        if (reps < 5) {
            throw new UserError("--reps must be at least 5, got " + reps);
        }
        if (warmup < 0) {
            throw new UserError("--warmup must be at least 0, got " + warmup);
        }
        if (horizon < 1 || horizon > ValueExpansionConfig.MAX_HORIZON) {
            throw new UserError("--horizon must be in [1, " + ValueExpansionConfig.MAX_HORIZON + "], got " + horizon);
        }
        for (int t : threads) {
            if (t != 1 && t != 2) {
                throw new UserError("--threads: thread counts must be 1 or 2, got " + t);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "SAC update with value expansion, Hopper sizes (%d, %d), batch 256, 2x256 ReLU; model: 7 x 4x200, "
                + "5 elites; H %d; %d timed updates per configuration; OPENBLAS_CORETYPE=%s%n", OBS, ACT, horizon, reps,
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        out.printf(Locale.ROOT, "%-8s %8s %9s %9s %9s %9s%n", "targets", "threads", "median_ms", "min_ms", "max_ms", "x_sac");
        out.flush();
        Blas.setThreads(1);
        for (int t : threads) {
            EnsembleModel model = model(t);
            double sac = Double.NaN;
            for (CriticTarget target : CriticTarget.values()) {
                double[] ms = time(target, model, t);
                if (target == CriticTarget.SAC) {
                    sac = ms[0];
                }
                out.printf(Locale.ROOT, "%-8s %8d %9.3f %9.3f %9.3f %9.2f%n", target, t, ms[0], ms[1], ms[2], ms[0] / sac);
                out.flush();
            }
        }
    }

    /** MBPO's ensemble at Hopper sizes, trained for one epoch on the benchmark's random data. */
    private static EnsembleModel model(int threads) {
        EnsembleConfig config = Overrides.apply(EnsembleConfig.mbpo(), "max_epochs", "1");
        EnsembleTrainer trainer = new EnsembleTrainer(config, OBS, ACT, 4, threads);
        return trainer.train(BenchSacCommand.randomBuffer(OBS, ACT, new SplittableRandom(3)).view());
    }

    private double[] time(CriticTarget target, EnsembleModel model, int threads) {
        try (Sac sac = new Sac(OBS, ACT, SacConfig.defaults(), new Rng(1))) {
            sac.setTwoThreads(threads == 2);
            CriticTargets targets = null;
            if (target != CriticTarget.SAC) {
                ValueExpansion expansion = ValueExpansion.of(new ValueExpansionConfig(target, horizon),
                        Envs.modelFunctions("Hopper-v4"), new Rng(5));
                expansion.useModel(model);
                targets = expansion;
            }
            return BenchSacCommand.timeUpdates(sac, OBS, ACT, reps, warmup, targets);
        }
    }
}
