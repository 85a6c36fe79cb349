package org.mbpo.agent;

import org.mbpo.env.Env;
import org.mbpo.env.Step;

/** Deterministic evaluation episodes of a policy (tanh of the mean action for SAC), as SAC's and MBPO's runs report them. */
public final class PolicyEvaluation {
    private PolicyEvaluation() {
    }

    /**
     * The returns of {@code episodes} episodes of {@code env} under {@code policy}'s deterministic actions;
     * each starts with {@code env.reset()}, continuing the generator its owner seeded. Mutates {@code env}.
     */
    public static double[] returns(Env env, Policy policy, ActionScale scale, int episodes) {
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
        return out;
    }
}
