package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mbpo.agent.CriticTargets;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Blas;
import org.mbpo.nn.Profile;
import org.mbpo.random.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./mbpo bench sac}: milliseconds per SAC update (batch 256, 2 × 256 ReLU, the paper's
 * defaults) at Hopper sizes (obs 11, act 3) and HalfCheetah sizes (17, 6), on one thread and on two
 * (the twin critics at once, {@link Sac#setTwoThreads}; BLAS single-threaded in both), then the PyTorch peer ({@code ../shared/bench/torch_peer.py --only sac_update},
 * the better of 1 and 2 threads) in the same run, and the ratio of the medians Java / PyTorch.
 * Hold {@code flock /tmp/mbpo-bench.lock} around it on a shared machine.
 */
@Command(name = "sac", mixinStandardHelpOptions = true,
        description = {"Benchmark: ms per SAC update at Hopper (11, 3) and HalfCheetah (17, 6) sizes against the PyTorch peer, "
                + "with the ratio Java / PyTorch (below 1: Java is faster).",
                "On a shared machine: flock /tmp/mbpo-bench.lock ./mbpo bench sac"})
final class BenchSacCommand implements Runnable {
    private static final int[][] SIZES = {{11, 3}, {17, 6}};
    private static final String[] NAMES = {"Hopper", "HalfCheetah"};

    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "200", paramLabel = "N", description = "timed updates per configuration (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--threads", defaultValue = "1,2", split = ",", paramLabel = "N",
            description = "thread counts to time, 1 and/or 2 (two: the twin critics at once); the best median is compared (default: ${DEFAULT-VALUE})")
    int[] threads;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "PATH", description = "the Python with PyTorch (default: ${DEFAULT-VALUE})")
    Path python;

    @Option(names = "--peer", paramLabel = "FILE", description = "the peer script (default: ../shared/bench/torch_peer.py beside the project)")
    Path peer;

    @Option(names = "--no-peer", description = "time the Java side only")
    boolean noPeer;

    @Option(names = "--profile", description = "after the timings, where an update's time goes (products, element-wise work, "
            + "Adam, sampling), per configuration")
    boolean profile;

    @Override
    public void run() {
        if (reps < 5) {
            throw new UserError("--reps must be at least 5, got " + reps);
        }
        for (int t : threads) {
            if (t != 1 && t != 2) {
                throw new UserError("--threads: thread counts must be 1 or 2, got " + t);
            }
        }
        Path peerScript = peer != null ? peer : NotebooksCommand.projectRoot().resolve("../shared/bench/torch_peer.py").normalize();
        boolean runPeer = !noPeer && Files.isRegularFile(peerScript) && Files.isExecutable(python);
        if (peer != null && !Files.isRegularFile(peerScript)) {
            throw new UserError("--peer: " + peerScript + ": no such file");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "SAC update, batch 256, 2x256 ReLU; %d timed updates per configuration; OPENBLAS_CORETYPE=%s%n",
                reps, System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        if (!runPeer) {
            out.println(noPeer ? "peer: skipped (--no-peer)" : "peer: not run (" + (Files.isRegularFile(peerScript) ? python : peerScript) + " not found)");
        }
        SgemmRates sgemm = SgemmRates.measure(out);
        out.printf(Locale.ROOT, "%-17s %-8s %8s %9s %9s %9s %8s %9s%n", "sizes", "side", "threads", "median_ms", "min_ms", "max_ms",
                "GFLOP/s", "of_sgemm");
        out.flush();
        List<String> ratios = new ArrayList<>();
        List<Runnable> profiles = new ArrayList<>();
        Blas.setThreads(1);
        for (int s = 0; s < SIZES.length; s++) {
            int obs = SIZES[s][0];
            int act = SIZES[s][1];
            String label = NAMES[s] + " " + obs + "/" + act;
            double best = Double.POSITIVE_INFINITY;
            int bestThreads = 0;
            for (int t : threads) {
                Measured m = timeUpdates(obs, act, reps, t, profile);
                double[] ms = m.ms();
                double gflops = m.flops() / (ms[0] * 1e6);
                out.printf(Locale.ROOT, "%-17s %-8s %8d %9.3f %9.3f %9.3f %8.1f %8.0f%%%n", label, "java", t, ms[0], ms[1], ms[2],
                        gflops, 100 * gflops / sgemm.at(t));
                out.flush();
                if (profile) {
                    profiles.add(() -> {
                        out.printf(Locale.ROOT, "%nprofile: %s, %d thread%s, %.3f GFLOP of products per update; times summed over "
                                + "threads%n", label, t, t == 1 ? "" : "s", m.flops() / 1e9);
                        out.print(m.profile());
                    });
                }
                if (ms[0] < best) {
                    best = ms[0];
                    bestThreads = t;
                }
            }
            if (runPeer) {
                JsonNode p = runPeer(peerScript, obs, act);
                double torch = p.get("ms_median").asDouble();
                out.printf(Locale.ROOT, "%-17s %-8s %8d %9.3f %9.3f %9.3f%n", label, "pytorch", p.get("threads").asInt(), torch,
                        p.get("ms_min").asDouble(), p.get("ms_max").asDouble());
                ratios.add(String.format(Locale.ROOT, "%s: Java %.3f ms (%d thread%s) / PyTorch %.3f ms (%d thread%s) = %.2f", label,
                        best, bestThreads, bestThreads == 1 ? "" : "s", torch, p.get("threads").asInt(),
                        p.get("threads").asInt() == 1 ? "" : "s", best / torch));
                out.flush();
            }
        }
        for (String r : ratios) {
            out.println("ratio " + r);
        }
        out.println("GFLOP/s: the update's matrix products (2 m n k each, counted) over its median time; of_sgemm: that rate "
                + "over the large sgemm's at the same thread count, measured above.");
        profiles.forEach(Runnable::run);
        out.flush();
    }

    /**
     * One configuration's timing: median, min and max milliseconds, the floating-point operations of one update's matrix
     * products (counted by {@link Profile}), and, if asked for, the printing of its profile.
     */
    record Measured(double[] ms, long flops, String profile) {
    }

    /**
     * Median, min and max milliseconds of {@code reps} updates after 50 untimed ones, on random data, on 1 or 2 threads, with
     * the flops counted in one more update and, if {@code profile}, the profile of {@code reps} more.
     */
    static Measured timeUpdates(int obs, int act, int reps, int threads, boolean profile) {
        SacConfig config = SacConfig.defaults();
        try (Sac sac = new Sac(obs, act, config, new Rng(1))) {
            sac.setTwoThreads(threads == 2);
            Updates updates = new Updates(sac, obs, act, null);
            updates.run(50);
            double[] ms = updates.time(reps);
            Profile.Counted counted = Profile.count(() -> updates.run(1), reps, profile, "update");
            return new Measured(ms, counted.flops(), counted.table());
        }
    }

    /**
     * Median, min and max milliseconds of {@code reps} updates of {@code sac} after {@code warmup} untimed ones, on random
     * data of 4,096 transitions (one in 20 terminated), the critics' targets SAC's own or {@code targets}'.
     */
    static double[] timeUpdates(Sac sac, int obs, int act, int reps, int warmup, CriticTargets targets) {
        Updates updates = new Updates(sac, obs, act, targets);
        updates.run(warmup);
        return updates.time(reps);
    }

    /** 4,096 random transitions: Gaussian observations and rewards, uniform actions, one in 20 terminated. */
    static ReplayBuffer randomBuffer(int obs, int act, SplittableRandom rng) {
        ReplayBuffer buffer = new ReplayBuffer(4096, obs, act);
        double[] o = new double[obs];
        double[] a = new double[act];
        double[] o2 = new double[obs];
        for (int i = 0; i < buffer.capacity(); i++) {
            for (int k = 0; k < obs; k++) {
                o[k] = rng.nextGaussian();
                o2[k] = rng.nextGaussian();
            }
            for (int k = 0; k < act; k++) {
                a[k] = rng.nextDouble(-1, 1);
            }
            buffer.add(o, a, rng.nextGaussian(), o2, rng.nextInt(20) == 0, false);
        }
        return buffer;
    }

    /** Updates of one agent on batches of a random replay buffer, the critics' targets SAC's own or {@code targets}'. */
    private static final class Updates {
        private final Sac sac;
        private final CriticTargets targets;
        private final SplittableRandom rng = new SplittableRandom(2);
        private final ReplayBuffer buffer;
        private final TransitionBatch batch;

        Updates(Sac sac, int obs, int act, CriticTargets targets) {
            this.sac = sac;
            this.targets = targets;
            this.buffer = randomBuffer(obs, act, rng);
            this.batch = TransitionBatch.allocate(sac.config().batchSize(), obs, act);
        }

        void run(int n) {
            for (int i = 0; i < n; i++) {
                buffer.sampleInto(batch, rng);
                sac.update(batch, targets);
            }
        }

        /** Median, min and max milliseconds of {@code reps} updates. */
        double[] time(int reps) {
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                buffer.sampleInto(batch, rng);
                long t = System.nanoTime();
                sac.update(batch, targets);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            return new double[] {ms[reps / 2], ms[0], ms[reps - 1]};
        }
    }

    /** Runs the peer for one size and returns its JSON line. */
    private JsonNode runPeer(Path script, int obs, int act) {
        ProcessBuilder b = new ProcessBuilder(python.toString(), script.toString(), "--only", "sac_update",
                "--obs", Integer.toString(obs), "--act", Integer.toString(act)).redirectErrorStream(true);
        try {
            Process p = b.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            for (String line : text.split("\n")) {
                if (line.startsWith("{") && line.contains("\"sac_update\"")) {
                    return new ObjectMapper().readTree(line);
                }
            }
            throw new UserError("the peer exited with status " + status + " without a result: "
                    + text.strip().lines().reduce((x, y) -> y).orElse("(no output)"));
        } catch (IOException e) {
            throw new UserError("cannot run the peer " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running the peer", e);
        }
    }
}
