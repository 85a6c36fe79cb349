package org.mbpo.expansion;

import org.junit.jupiter.api.Test;
import org.mbpo.agent.CriticTargets;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Pendulum;
import org.mbpo.random.Rng;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MVE's and STEVE's critic targets: at H = 0 they are SAC's, bit for bit; with Pendulum-v1's own dynamics and reward as
 * the model they equal targets computed by direct loops written here, in double, from the networks' parameters (their
 * own MLP forward passes and tanh-Gaussian log-densities) and Pendulum's equations carried in double.
 */
class ValueExpansionTargetsTest {
    private static final int B = 64;

    /** SAC at test size: 2 × 32 ReLU, batch 64. */
    private static SacConfig small() {
        return SacConfig.defaults().withHidden(2, 32).withBatchSize(B);
    }

    /**
     * A batch of Pendulum transitions from random states and actions, with Pendulum's own next states and rewards;
     * every {@code terminalEvery}-th row marked terminated (0 for none).
     */
    static TransitionBatch pendulumBatch(long seed, int terminalEvery) {
        SplittableRandom rng = new SplittableRandom(seed);
        TransitionBatch b = TransitionBatch.allocate(B, 3, 1);
        Pendulum env = new Pendulum();
        env.reset(0);
        double[] next = new double[2];
        for (int r = 0; r < B; r++) {
            double theta = rng.nextDouble(-Math.PI, Math.PI);
            double thetaDot = rng.nextDouble(-4, 4);
            float a = (float) rng.nextDouble(-1, 1);
            b.observations()[3 * r] = (float) Math.cos(theta);
            b.observations()[3 * r + 1] = (float) Math.sin(theta);
            b.observations()[3 * r + 2] = (float) thetaDot;
            b.actions()[r] = a;
            b.rewards()[r] = (float) PendulumModel.step(env, 0, theta, thetaDot, a, next);
            b.nextObservations()[3 * r] = (float) Math.cos(next[0]);
            b.nextObservations()[3 * r + 1] = (float) Math.sin(next[0]);
            b.nextObservations()[3 * r + 2] = (float) next[1];
            b.terminated()[r] = terminalEvery > 0 && r % terminalEvery == 0;
        }
        return b;
    }

    /** What one update showed a {@link CriticTargets}, copied before the update changed anything. */
    private static final class Seen {
        float[] sacTargets;
        float[] targets;
        int count;
        float[][] imaginedActions;
        float[] imaginedTargets;
    }

    /** Runs one update of {@code agent} with {@code expansion}'s targets and returns what it saw and made. */
    private static Seen update(Sac agent, TransitionBatch b, ValueExpansion expansion) {
        Seen seen = new Seen();
        agent.update(b, (a, batch, sac) -> {
            CriticTargets.Rows rows = expansion.targets(a, batch, sac);
            seen.sacTargets = Arrays.copyOf(sac.targets(), B);
            seen.targets = Arrays.copyOf(rows.targets(), rows.count());
            seen.count = rows.count();
            if (expansion instanceof MveTargets mve) {
                seen.imaginedActions = new float[mve.horizon() + 2][];
                for (int i = 1; i <= mve.horizon() + 1; i++) {
                    seen.imaginedActions[i] = mve.imaginedActions(i).clone();
                }
                seen.imaginedTargets = rows.targets().clone();
            }
            return rows;
        });
        return seen;
    }

    @Test
    void atHorizonZeroBothTargetsAreSacsBitForBit() {
        TransitionBatch b = pendulumBatch(1, 5);
        for (CriticTarget target : new CriticTarget[] {CriticTarget.MVE, CriticTarget.STEVE}) {
            Sac agent = new Sac(3, 1, small(), new Rng(3));
            ValueExpansion expansion = ValueExpansion.of(new ValueExpansionConfig(target, 0), PendulumModel.neverTerminal(),
                    new Rng(4));
            Seen seen = update(agent, b, expansion);
            assertEquals(B, seen.count, target + ": only the real rows");
            assertArrayEquals(seen.sacTargets, seen.targets, target + ": H = 0 is SAC's target, bit for bit");
            assertEquals(0.0, expansion.epochValues().get(0), target + ": target_gap");
        }
    }

    // ---- The direct loops ----------------------------------------------------------------------------------------------

    /** An MLP's forward pass in double from its flat parameters ({@code Mlp}'s layout), ReLU between layers. */
    static double[] forward(float[] params, int[] dims, double[] x) {
        double[] h = x;
        int offset = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            int in = dims[l];
            int out = dims[l + 1];
            double[] z = new double[out];
            for (int o = 0; o < out; o++) {
                double s = params[offset + in * out + o];
                for (int i = 0; i < in; i++) {
                    s += params[offset + i * out + o] * h[i];
                }
                z[o] = l + 2 < dims.length ? Math.max(0, s) : s;
            }
            offset += (in + 1) * out;
            h = z;
        }
        return h;
    }

    /** The direct loop's view of the agent before the update: its parameters and settings. */
    record Networks(Sac.State state, SacConfig config, double alpha) {
        int[] actorDims() {
            return new int[] {3, config.hiddenWidth(), config.hiddenWidth(), 2};
        }

        int[] criticDims() {
            return new int[] {4, config.hiddenWidth(), config.hiddenWidth(), 1};
        }

        /** μ(s) and the clamped log σ(s) of π's Gaussian before the tanh. */
        double[] gaussian(double[] obs) {
            double[] head = forward(state.actor(), actorDims(), obs);
            return new double[] {head[0], Math.min(Math.max(head[1], config.logStdMin()), config.logStdMax())};
        }

        /** log π(a|s) of the squashed Gaussian at the action a (u = atanh a), in double. */
        double logProb(double[] obs, double a) {
            double[] g = gaussian(obs);
            double u = 0.5 * Math.log((1 + a) / (1 - a));
            double eps = (u - g[0]) / Math.exp(g[1]);
            double logTanhDerivative = 2 * (Math.log(2) - u - softplus(-2 * u));
            return -0.5 * eps * eps - g[1] - 0.5 * Math.log(2 * Math.PI) - logTanhDerivative;
        }

        /** Q̄_k(s, a), k = 0, 1. */
        double targetQ(int k, double[] obs, double a) {
            float[] p = k == 0 ? state.q1Target() : state.q2Target();
            return forward(p, criticDims(), new double[] {obs[0], obs[1], obs[2], a})[0];
        }

        /** min_k Q̄_k(s, a) − α log π(a|s): SAC's soft value estimate at the sampled a. */
        double softValue(double[] obs, double a) {
            return Math.min(targetQ(0, obs, a), targetQ(1, obs, a)) - alpha * logProb(obs, a);
        }
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double[] observation(double theta, double thetaDot) {
        return new double[] {Math.cos(theta), Math.sin(theta), thetaDot};
    }

    /**
     * MVE's targets for row r by a direct loop: Pendulum stepped in double from s₁ with the expansion's sampled
     * actions a₁ … a_{H+1}, the soft return, then γ^{H+1} V̂(s_{H+1}); entry i is yᵢ (i = 0 the real row's), NaN
     * from a predicted termination on. {@code terminal} decides from the next observation.
     */
    static double[] mveDirect(Networks n, TransitionBatch b, int r, float[][] actions, int horizon,
                              java.util.function.Predicate<double[]> terminal) {
        double gamma = n.config().gamma();
        Pendulum env = new Pendulum();
        env.reset(0);
        double[] reward = new double[horizon + 1];
        double[] logProb = new double[horizon + 2];
        boolean[] alive = new boolean[horizon + 2];
        double theta = Math.atan2(b.nextObservations()[3 * r + 1], b.nextObservations()[3 * r]);
        double thetaDot = b.nextObservations()[3 * r + 2];
        double[][] obs = new double[horizon + 2][];
        obs[1] = observation(theta, thetaDot);
        alive[1] = !b.terminated()[r];
        double[] next = new double[2];
        for (int i = 1; i <= horizon; i++) {
            double a = actions[i][r];
            logProb[i] = n.logProb(obs[i], a);
            reward[i] = PendulumModel.step(env, 0, theta, thetaDot, a, next);
            theta = next[0];
            thetaDot = next[1];
            obs[i + 1] = observation(theta, thetaDot);
            alive[i + 1] = alive[i] && !terminal.test(obs[i + 1]);
        }
        double[] y = new double[horizon + 1];
        for (int i = 0; i <= horizon; i++) {
            // yᵢ = rᵢ + Σ_{j=i+1..H} γ^{j−i} c_j (r_j − α log π_j) + γ^{H+1−i} c_{H+1} V̂(s_{H+1}), cut at terminations.
            if (i > 0 && !alive[i]) {
                y[i] = Double.NaN;
                continue;
            }
            double sum = i == 0 ? b.rewards()[r] : reward[i];
            double discount = 1;
            for (int j = i + 1; j <= horizon; j++) {
                discount *= gamma;
                sum += alive[j] ? discount * (reward[j] - n.alpha() * logProb[j]) : 0;
            }
            discount *= gamma;
            sum += alive[horizon + 1] ? discount * n.softValue(obs[horizon + 1], actions[horizon + 1][r]) : 0;
            y[i] = sum;
        }
        return y;
    }

    /**
     * Tolerance of the direct loops: the networks and states are float in the code under test and double here, and the
     * test recovers u = atanh(a) from float actions; the largest differences measured are 6e-7 (relative to 1 + |y|).
     */
    private static final double TOLERANCE = 1e-5;

    private static void mveAgainstTheDirectLoop(int horizon, ModelFunctions functions,
                                                java.util.function.Predicate<double[]> terminal, int terminalEvery) {
        TransitionBatch b = pendulumBatch(10 + horizon, terminalEvery);
        Sac agent = new Sac(3, 1, small(), new Rng(20 + horizon));
        Networks n = new Networks(agent.state(), small(), agent.alpha());
        MveTargets mve = (MveTargets) ValueExpansion.of(new ValueExpansionConfig(CriticTarget.MVE, horizon), functions,
                new Rng(30));
        mve.useModel(new PendulumModel(1));
        Seen seen = update(agent, b, mve);
        int expectedRows = B;
        double worst = 0;
        int imagined = B;
        double[][] direct = new double[B][];
        for (int r = 0; r < B; r++) {
            direct[r] = mveDirect(n, b, r, seen.imaginedActions, horizon, terminal);
        }
        for (int r = 0; r < B; r++) {
            double err = Math.abs(seen.targets[r] - direct[r][0]) / (1 + Math.abs(direct[r][0]));
            worst = Math.max(worst, err);
        }
        // The imagined rows follow step by step, each step's live rows in batch order.
        for (int i = 1; i <= horizon; i++) {
            for (int r = 0; r < B; r++) {
                if (!Double.isNaN(direct[r][i])) {
                    double err = Math.abs(seen.imaginedTargets[imagined] - direct[r][i]) / (1 + Math.abs(direct[r][i]));
                    worst = Math.max(worst, err);
                    imagined++;
                    expectedRows++;
                }
            }
        }
        assertEquals(expectedRows, seen.count, "H = " + horizon + ": real rows, then the imagined rows before any termination");
        assertTrue(worst < TOLERANCE, "H = " + horizon + ": MVE's targets against the direct loop: largest relative difference "
                + worst);
    }

    @Test
    void mveWithPendulumAsItsModelEqualsTheDirectLoopForHorizonsOneToFive() {
        for (int h = 1; h <= 5; h++) {
            mveAgainstTheDirectLoop(h, PendulumModel.neverTerminal(), obs -> false, 0);
        }
    }

    @Test
    void mveStopsAtPredictedTerminationsAndAtTerminalRealTransitions() {
        mveAgainstTheDirectLoop(4, PendulumModel.terminalBelow(-0.5), obs -> obs[0] < -0.5, 7);
    }

    /**
     * STEVE's target for row r by a direct loop, with a deterministic policy (tanh μ) and no entropy (α ≈ 0): per
     * member m and critic k the candidates T_h^{m,k}, μ_h from the minimum over the critics, σ²_h over all candidates,
     * and the inverse-variance-weighted mean.
     */
    static double steveDirect(Networks n, TransitionBatch b, int r, int members, int horizon,
                              java.util.function.Predicate<double[]> terminal) {
        double gamma = n.config().gamma();
        Pendulum env = new Pendulum();
        env.reset(0);
        double[][][] t = new double[horizon + 1][members][2];
        double[][] tMin = new double[horizon + 1][members];
        double[] next = new double[2];
        for (int m = 0; m < members; m++) {
            double theta = Math.atan2(b.nextObservations()[3 * r + 1], b.nextObservations()[3 * r]);
            double thetaDot = b.nextObservations()[3 * r + 2];
            double[] obs = observation(theta, thetaDot);
            boolean alive = !b.terminated()[r];
            double partial = b.rewards()[r];
            double discount = gamma;
            for (int h = 0; h <= horizon; h++) {
                double a = Math.tanh(n.gaussian(obs)[0]);
                for (int k = 0; k < 2; k++) {
                    t[h][m][k] = partial + (alive ? discount * n.targetQ(k, obs, a) : 0);
                }
                tMin[h][m] = partial + (alive ? discount * Math.min(n.targetQ(0, obs, a), n.targetQ(1, obs, a)) : 0);
                if (h == horizon) {
                    break;
                }
                double reward = PendulumModel.step(env, m, theta, thetaDot, a, next);
                partial += alive ? discount * reward : 0;
                theta = next[0];
                thetaDot = next[1];
                obs = observation(theta, thetaDot);
                alive = alive && !terminal.test(obs);
                discount *= gamma;
            }
        }
        double[] mean = new double[horizon + 1];
        double[] precision = new double[horizon + 1];
        double total = 0;
        for (int h = 0; h <= horizon; h++) {
            double s = 0;
            double s2 = 0;
            for (int m = 0; m < members; m++) {
                mean[h] += tMin[h][m] / members;
                for (int k = 0; k < 2; k++) {
                    s += t[h][m][k];
                    s2 += t[h][m][k] * t[h][m][k];
                }
            }
            double mu = s / (2 * members);
            precision[h] = 1 / (s2 / (2 * members) - mu * mu);
            total += precision[h];
        }
        double y = 0;
        for (int h = 0; h <= horizon; h++) {
            y += precision[h] / total * mean[h];
        }
        return y;
    }

    private static void steveAgainstTheDirectLoop(int horizon, ModelFunctions functions,
                                                  java.util.function.Predicate<double[]> terminal) {
        // A deterministic policy (σ ≈ e^−20) and α ≈ 0, so that the direct loop can take π's actions as tanh μ.
        SacConfig config = new SacConfig(2, 32, 0.99, 0.005, 3e-4, B, 1e-30, true, Double.NaN, -20, -19.95);
        TransitionBatch b = pendulumBatch(40 + horizon, 0);
        Sac agent = new Sac(3, 1, config, new Rng(50 + horizon));
        Networks n = new Networks(agent.state(), config, agent.alpha());
        ValueExpansion steve = ValueExpansion.of(new ValueExpansionConfig(CriticTarget.STEVE, horizon), functions, new Rng(60));
        int members = 3;
        steve.useModel(new PendulumModel(members));
        Seen seen = update(agent, b, steve);
        assertEquals(B, seen.count, "STEVE trains the critics on the real rows only");
        double worst = 0;
        for (int r = 0; r < B; r++) {
            double direct = steveDirect(n, b, r, members, horizon, terminal);
            worst = Math.max(worst, Math.abs(seen.targets[r] - direct) / (1 + Math.abs(direct)));
        }
        assertTrue(worst < TOLERANCE, "H = " + horizon + ": STEVE's targets against the direct loop: largest relative "
                + "difference " + worst);
        double weightSum = 0;
        for (int h = 0; h <= horizon; h++) {
            weightSum += steve.epochValues().get(1 + h);
        }
        assertEquals(1, weightSum, 1e-9, "the mean weights of the horizons sum to 1");
    }

    @Test
    void steveWithThreePerturbedPendulumsAsItsEnsembleEqualsTheDirectLoop() {
        for (int h = 1; h <= 3; h++) {
            steveAgainstTheDirectLoop(h, PendulumModel.neverTerminal(), obs -> false);
        }
        steveAgainstTheDirectLoop(3, PendulumModel.terminalBelow(-0.5), obs -> obs[0] < -0.5);
    }
}
