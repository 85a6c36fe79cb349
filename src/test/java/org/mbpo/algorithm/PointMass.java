package org.mbpo.algorithm;

import org.mbpo.env.Box;
import org.mbpo.env.Env;
import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.util.SplittableRandom;

/**
 * A tiny task with a known optimum for MBPO's tests: a point on a line, x₀ uniform in [−1, 1], moved by
 * the action, {@code x' = x + a/2} with a in [−1, 1], reward {@code −x'²}; episodes of 15 steps (a time
 * limit, never terminal). The optimal policy is {@code a = clip(−2x, −1, 1)}, which reaches 0 in one or
 * two steps. Fifteen steps do not divide the tests' epochs, so checkpoints fall inside episodes.
 */
final class PointMass implements Env {
    static final EnvSpec SPEC = new EnvSpec("PointMass-test", 1, 1, 15);

    private SplittableRandom rng;
    private double x;
    private int t;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public Box observationSpace() {
        return Box.uniform(1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Override
    public Box actionSpace() {
        return Box.uniform(1, -1, 1);
    }

    @Override
    public double[] reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public double[] reset() {
        x = rng.nextDouble(-1, 1);
        t = 0;
        return new double[] {x};
    }

    @Override
    public Step step(double[] action) {
        double a = Math.max(-1, Math.min(1, action[0]));
        x = x + 0.5 * a;
        t++;
        return new Step(new double[] {x}, -x * x, false, t >= SPEC.maxEpisodeSteps());
    }

    @Override
    public double[] state() {
        return new double[] {x};
    }

    @Override
    public double[] setState(double[] state) {
        x = state[0];
        return new double[] {x};
    }

    /** Never terminal; the reward is learned by the model, as MBPO does. */
    static ModelFunctions functions() {
        return new ModelFunctions() {
            @Override
            public boolean hasReward() {
                return false;
            }

            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                java.util.Arrays.fill(out, 0, batch, false);
            }
        };
    }

    /** The mean return of {@code episodes} episodes of a policy given as x → a, by simulation. */
    static double meanReturn(java.util.function.DoubleUnaryOperator policy, int episodes, long seed) {
        PointMass env = new PointMass();
        env.reset(seed);
        double total = 0;
        for (int e = 0; e < episodes; e++) {
            double[] obs = env.reset();
            while (true) {
                Step s = env.step(new double[] {policy.applyAsDouble(obs[0])});
                total += s.reward();
                if (s.done()) {
                    break;
                }
                obs = s.observation();
            }
        }
        return total / episodes;
    }
}
