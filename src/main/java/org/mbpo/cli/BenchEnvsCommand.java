package org.mbpo.cli;

import org.mbpo.env.Box;
import org.mbpo.env.Env;
import org.mbpo.env.Envs;
import org.mbpo.env.Step;
import org.mbpo.env.mujoco.MjData;
import org.mbpo.env.mujoco.Mujoco;
import org.mbpo.env.mujoco.MujocoEnv;
import org.mbpo.env.mujoco.MujocoUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code ./mbpo bench envs}: environment steps per second for MuJoCo tasks against the same physics done by
 * raw {@code mj_step} calls in the same run.
 *
 * <p>One round: the environment runs {@code --steps} steps with seeded random actions (resetting when an episode
 * ends), timing only the {@code step} calls; right after each episode, raw loops replay exactly that episode on
 * their own {@code mjData} (same start state, same controls, so the same contacts and solver work; the end state
 * is checked), timing only {@code mj_step} (frame-skip times per env step), and separately {@code mj_step} plus
 * the {@code mj_rnePostConstraint} every Gymnasium step also runs. Interleaving per episode lets load from
 * elsewhere fall on both sides alike. Medians over rounds are reported. The
 * binding overhead is env time / raw time − 1: what the environment adds (writing ctrl, reading the observation,
 * reward and termination, the Java side of each call) on top of MuJoCo's own work. Raw calls go through the same
 * JNA direct mapping, so the per-call cost of crossing into C is in both.
 */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = {"Benchmark: MuJoCo environment steps per second against the same number of raw mj_step calls "
                + "in the same run (binding overhead = env time / raw time - 1).",
                "Run it alone on the machine (e.g. under 'flock /tmp/mbpo-bench.lock')."})
final class BenchEnvsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", split = ",", description = "environment ids (default: ${DEFAULT-VALUE})")
    List<String> ids = List.of("Hopper-v4", "HalfCheetah-v4");

    @Option(names = "--steps", description = "environment steps per round (default: ${DEFAULT-VALUE})")
    int steps = 10_000;

    @Option(names = "--rounds", description = "timed rounds, after one warm-up round (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--seed", description = "seed of the reset noise and the random actions (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Override
    public void run() {
        if (steps < 1 || rounds < 1) {
            throw new UserError("--steps and --rounds must be at least 1");
        }
        for (String id : ids) {
            try {
                Envs.spec(id);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            if (!Envs.needsMujoco(id)) {
                throw new UserError(id + " is not a MuJoCo environment: bench envs compares against raw mj_step");
            }
        }
        if (!Mujoco.isAvailable()) {
            throw new UserError(Mujoco.unavailableReason());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %8s %12s %14s %14s %12s %12s%n", "env", "steps", "env_steps/s", "raw_equiv/s", "raw+rne_eq/s",
                "overhead", "over_rne");
        for (String id : ids) {
            Env env;
            try {
                env = Envs.make(id);
            } catch (IllegalArgumentException | MujocoUnavailableException e) {
                throw new UserError(e.getMessage());
            }
            if (!(env instanceof MujocoEnv mj)) {
                env.close();
                throw new UserError(id + " is not a MuJoCo environment: bench envs compares against raw mj_step");
            }
            try (env; MjData raw = new MjData(mj.model())) {
                int frameSkip = (int) Math.round(mj.dt() / mj.model().timestep());
                double[] envTimes = new double[rounds];
                double[] rawTimes = new double[rounds];
                double[] rawRneTimes = new double[rounds];
                for (int r = -1; r < rounds; r++) {
                    long[] n = round(env, raw, frameSkip, seed + Math.max(r, 0));
                    if (r >= 0) {
                        envTimes[r] = n[0];
                        rawTimes[r] = n[1];
                        rawRneTimes[r] = n[2];
                    }
                }
                double envT = median(envTimes);
                double rawT = median(rawTimes);
                double rneT = median(rawRneTimes);
                out.printf("%-16s %8d %12.0f %14.0f %14.0f %11.1f%% %11.1f%%%n", id, steps, steps / (envT * 1e-9),
                        steps / (rawT * 1e-9), steps / (rneT * 1e-9), 100 * (envT / rawT - 1), 100 * (envT / rneT - 1));
                out.flush();
            }
        }
        out.println("The raw loops replayed the environment's episodes bit for bit (checked), so both did the same physics.");
        out.println("raw_equiv/s: env steps per second that the raw mj_step calls alone would allow (frame skip included);");
        out.println("overhead: env time / raw mj_step time - 1; over_rne: against mj_step plus mj_rnePostConstraint. Medians of "
                + rounds + " rounds.");
        out.flush();
    }

    /**
     * One round: {@code steps} environment steps with seeded random actions; after each episode (and at the end) the
     * raw loops replay that episode at once, so that load from elsewhere on the machine falls on both alike.
     * Returns nanoseconds {env, raw mj_step, raw mj_step + mj_rnePostConstraint}.
     */
    private long[] round(Env env, MjData raw, int frameSkip, long roundSeed) {
        SplittableRandom rng = new SplittableRandom(roundSeed);
        Box a = env.actionSpace();
        long[] nanos = new long[3];
        List<double[]> actions = new ArrayList<>();
        int episodes = 0;
        env.reset(roundSeed);
        double[] start = env.state();
        for (int t = 0; t < steps; t++) {
            double[] u = new double[a.dim()];
            for (int i = 0; i < u.length; i++) {
                u[i] = a.low()[i] + (a.high()[i] - a.low()[i]) * rng.nextDouble();
            }
            actions.add(u);
            long t0 = System.nanoTime();
            Step s = env.step(u);
            nanos[0] += System.nanoTime() - t0;
            if (s.done() || t + 1 == steps) {
                double[] end = env.state();
                boolean rneFirst = (episodes++ % 2) == 1; // alternate the order of the two raw loops
                long first = replay(raw, start, actions, end, frameSkip, rneFirst);
                long second = replay(raw, start, actions, end, frameSkip, !rneFirst);
                nanos[1] += rneFirst ? second : first;
                nanos[2] += rneFirst ? first : second;
                if (t + 1 < steps) {
                    env.reset();
                    start = env.state();
                    actions = new ArrayList<>();
                }
            }
        }
        return nanos;
    }

    /** Replays one episode on raw data, timing only the MuJoCo calls; checks that it ends where the environment did. */
    private static long replay(MjData d, double[] start, List<double[]> actions, double[] end, int frameSkip, boolean rne) {
        int nq = d.model().nq();
        int nv = d.model().nv();
        d.reset();
        d.qpos().put(0, start, 0, nq);
        d.qvel().put(0, start, nq, nv);
        d.forward();
        long total = 0;
        for (double[] u : actions) {
            d.ctrl().put(0, u);
            long t0 = System.nanoTime();
            for (int k = 0; k < frameSkip; k++) {
                d.step();
            }
            if (rne) {
                d.rnePostConstraint();
            }
            total += System.nanoTime() - t0;
        }
        double[] got = new double[nq + nv];
        d.qpos().get(0, got, 0, nq);
        d.qvel().get(0, got, nq, nv);
        if (!Arrays.equals(got, end)) {
            throw new IllegalStateException("the raw replay did not reproduce the environment's states: "
                    + "the comparison would not be of the same work");
        }
        return total;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
