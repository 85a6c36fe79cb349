package org.mbpo.agent;

import org.mbpo.env.Env;
import org.mbpo.env.Step;

/**
 * Deterministic evaluation episodes of a policy (tanh of the mean action for SAC), as SAC's and MBPO's runs
 * report them: the returns, their mean and their population standard deviation.
 *
 * @param returns one per episode
 */
public record PolicyEvaluation(double[] returns) {

    public PolicyEvaluation {
        returns = returns.clone();
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    /**
     * The returns of {@code episodes} episodes of {@code env} under {@code policy}'s deterministic actions;
     * each starts with {@code env.reset()}, continuing the generator its owner seeded. Mutates {@code env}.
     */
    public static PolicyEvaluation run(Env env, Policy policy, ActionScale scale, int episodes) {
        int actDim = env.spec().actionDim();
        double[] a = new double[actDim];
        double[] envAction = new double[actDim];
        double[] out = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            double[] obs = env.reset();
            double total = 0;
            while (true) {
                policy.act(obs, true, null, a);
                scale.toEnv(a, envAction);
                Step s = env.step(envAction);
                total += s.reward();
                if (s.done()) {
                    break;
                }
                obs = s.observation();
            }
            out[e] = total;
        }
        return new PolicyEvaluation(out);
    }

    /** The mean return (NaN for no episodes). */
    public double mean() {
        if (returns.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : returns) {
            s += x;
        }
        return s / returns.length;
    }

    /** The population standard deviation of the returns (NaN for no episodes). */
    public double std() {
        if (returns.length == 0) {
            return Double.NaN;
        }
        double m = mean();
        double s = 0;
        for (double x : returns) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / returns.length);
    }
}
