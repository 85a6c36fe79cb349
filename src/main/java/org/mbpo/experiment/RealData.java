package org.mbpo.experiment;

import org.mbpo.agent.ActionScale;
import org.mbpo.agent.Policy;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
import org.mbpo.env.Step;

import java.util.random.RandomGenerator;

/** Real transitions of a fixed policy, and real episodes recorded step by step. */
public final class RealData {
    private RealData() {
    }

    /**
     * Adds {@code transitions} real transitions of {@code policy} to {@code into}: episodes from
     * {@code env.reset()} (continuing the generator its owner seeded), each run until it terminates or
     * is truncated, the last one cut when the count is reached. Actions are the policy's samples
     * (drawn with {@code rng}) or, if {@code deterministic}, its mean action; they are logged in the
     * agent's [−1, 1] space.
     *
     * @return the returns of the episodes that ended within the count
     */
    public static double[] collect(Env env, Policy policy, boolean deterministic, int transitions, RandomGenerator rng,
                                   ReplayBuffer into) {
        int actDim = env.spec().actionDim();
        ActionScale scale = new ActionScale(env.actionSpace());
        double[] a = new double[actDim];
        double[] envAction = new double[actDim];
        java.util.List<Double> returns = new java.util.ArrayList<>();
        double[] obs = env.reset();
        double ret = 0;
        for (int i = 0; i < transitions; i++) {
            policy.act(obs, deterministic, rng, a);
            scale.toEnv(a, envAction);
            Step s = env.step(envAction);
            into.add(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated());
            ret += s.reward();
            if (s.done()) {
                returns.add(ret);
                ret = 0;
                obs = env.reset();
            } else {
                obs = s.observation();
            }
        }
        return returns.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Records one episode of {@code policy} (deterministic or sampled with {@code rng}), cut at {@code maxSteps}. */
    public static org.mbpo.analysis.Episode episode(Env env, Policy policy, boolean deterministic, int maxSteps, RandomGenerator rng) {
        int obsDim = env.spec().observationDim();
        int actDim = env.spec().actionDim();
        ActionScale scale = new ActionScale(env.actionSpace());
        double[] a = new double[actDim];
        double[] envAction = new double[actDim];
        double[] states = new double[(maxSteps + 1) * obsDim];
        float[] actions = new float[maxSteps * actDim];
        double[] rewards = new double[maxSteps];
        double[] obs = env.reset();
        System.arraycopy(obs, 0, states, 0, obsDim);
        int t = 0;
        boolean terminated = false;
        while (t < maxSteps) {
            policy.act(obs, deterministic, rng, a);
            scale.toEnv(a, envAction);
            Step s = env.step(envAction);
            for (int j = 0; j < actDim; j++) {
                actions[t * actDim + j] = (float) a[j];
            }
            rewards[t] = s.reward();
            obs = s.observation();
            t++;
            System.arraycopy(obs, 0, states, t * obsDim, obsDim);
            if (s.done()) {
                terminated = s.terminated();
                break;
            }
        }
        return new org.mbpo.analysis.Episode(t, java.util.Arrays.copyOf(states, (t + 1) * obsDim),
                java.util.Arrays.copyOf(actions, t * actDim), java.util.Arrays.copyOf(rewards, t), terminated);
    }
}
