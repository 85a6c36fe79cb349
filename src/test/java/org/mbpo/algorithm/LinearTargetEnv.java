package org.mbpo.algorithm;

import org.mbpo.env.Box;
import org.mbpo.env.Env;
import org.mbpo.env.EnvSpec;
import org.mbpo.env.Step;

import java.util.SplittableRandom;

/**
 * A one-step task with a known optimum: the observation s is uniform in [−1, 1], the reward for
 * action a is −(a − s/2)², and every episode ends (terminated) after its one step. The optimal action
 * is a*(s) = s/2. Optionally returns a NaN reward at a given step, to test divergence handling.
 */
final class LinearTargetEnv implements Env {
    static final EnvSpec SPEC = new EnvSpec("LinearTarget-test", 1, 1, 1);

    private final long nanAtStep;
    private SplittableRandom rng;
    private double s;
    private long steps;

    LinearTargetEnv() {
        this(-1);
    }

    LinearTargetEnv(long nanAtStep) {
        this.nanAtStep = nanAtStep;
    }

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public Box observationSpace() {
        return Box.uniform(1, -1, 1);
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
        s = rng.nextDouble(-1, 1);
        return new double[] {s};
    }

    @Override
    public Step step(double[] action) {
        steps++;
        double a = Math.max(-1, Math.min(1, action[0]));
        double r = steps == nanAtStep ? Double.NaN : -(a - s / 2) * (a - s / 2);
        return new Step(new double[] {s}, r, true, false);
    }

    @Override
    public double[] state() {
        return new double[] {s};
    }

    @Override
    public double[] setState(double[] state) {
        s = state[0];
        return new double[] {s};
    }
}
