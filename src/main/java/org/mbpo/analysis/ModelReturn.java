package org.mbpo.analysis;

import org.mbpo.agent.Sac;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;
import org.mbpo.model.ModelEnv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The return a policy gets inside a learned model against the return it gets in reality, from the same
 * states (the model-exploitation measurement). Model episodes use the policy's deterministic actions
 * (tanh μ, as real evaluations do), the model's sampled next states and predicted rewards, and the
 * environment's termination function ({@link ModelEnv}); an episode that terminates stops adding reward.
 * Undiscounted.
 *
 * <p><b>Branched, H steps</b> ({@link #branched}, MBPO's own use of the model): from every {@code stride}-th
 * state of real episodes of the same deterministic policy, H steps in the model against the next H real
 * rewards of the episode (in a deterministic environment the real continuation from that state is the
 * recorded one). Only branch points with H real steps after them count, or fewer if the episode
 * terminated (the model episode may terminate as well). With H = 0 the whole episode is compared from
 * its first state: over hundreds of steps a learned model's states usually leave the data and its
 * returns explode (measured: −10¹⁷ on Pendulum-v1 over 200 steps), which is why H-step returns are the default.
 */
public final class ModelReturn {
    private ModelReturn() {
    }

    /**
     * Real and model returns at each branch point.
     *
     * @param horizon the steps per branch (the episode length for H = 0)
     * @param real    each branch point's real return over the next H steps
     * @param model   the model's return over H steps from the same state
     */
    public record Branched(int horizon, double[] real, double[] model) {
        public int branches() {
            return real.length;
        }

        public double realMean() {
            return mean(real);
        }

        public double modelMean() {
            return mean(model);
        }

        private static double mean(double[] xs) {
            double s = 0;
            for (double x : xs) {
                s += x;
            }
            return xs.length == 0 ? Double.NaN : s / xs.length;
        }
    }

    /**
     * Model against real returns over {@code horizon} steps from every {@code stride}-th state of {@code episodes}
     * (recorded with {@code policy}'s deterministic actions); {@code horizon} 0 compares whole episodes from their
     * first states.
     *
     * @throws IllegalArgumentException if no episode is long enough for one branch point
     */
    public static Branched branched(DynamicsModel model, ModelFunctions functions, Sac policy, List<Episode> episodes,
                                    int horizon, int stride, RandomGenerator rng) {
        int obsDim = model.observationDim();
        if (horizon < 0 || stride < 1) {
            throw new IllegalArgumentException("need horizon ≥ 0 and stride ≥ 1, got " + horizon + " and " + stride);
        }
        List<float[]> starts = new ArrayList<>();
        List<Double> real = new ArrayList<>();
        int h = horizon;
        if (horizon == 0) {
            h = episodes.stream().mapToInt(Episode::steps).max().orElse(0);
        }
        for (Episode e : episodes) {
            int last = horizon == 0 ? 0 : e.terminated() ? e.steps() - 1 : e.steps() - horizon;
            for (int t = 0; t <= last; t += stride) {
                float[] s = new float[obsDim];
                for (int d = 0; d < obsDim; d++) {
                    s[d] = (float) e.states()[t * obsDim + d];
                }
                starts.add(s);
                real.add(horizon == 0 ? e.totalReward() : e.rewardSum(t, horizon));
            }
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("no episode has " + horizon + " steps for a branch point");
        }
        float[] flat = new float[starts.size() * obsDim];
        for (int i = 0; i < starts.size(); i++) {
            System.arraycopy(starts.get(i), 0, flat, i * obsDim, obsDim);
        }
        return new Branched(h, real.stream().mapToDouble(Double::doubleValue).toArray(),
                of(model, functions, policy, flat, h, rng));
    }

    /**
     * The model returns of {@code starts.length / obsDim} episodes of {@code horizon} steps, run as one batch.
     *
     * @param starts start states, row-major {@code [episodes, obsDim]}
     * @return each episode's return, {@code [episodes]}
     */
    public static double[] of(DynamicsModel model, ModelFunctions functions, Sac policy, float[] starts, int horizon,
                              RandomGenerator rng) {
        int obsDim = model.observationDim();
        int actDim = model.actionDim();
        int episodes = starts.length / obsDim;
        if (episodes < 1 || starts.length != episodes * obsDim || horizon < 1) {
            throw new IllegalArgumentException("need whole start states of " + obsDim + " values and a horizon ≥ 1; got "
                    + starts.length + " values, horizon " + horizon);
        }
        double[] returns = new double[episodes];
        ModelEnv.Rollouts live = new ModelEnv(model, functions).start(starts, episodes);
        float[] actions = new float[episodes * actDim];
        for (int t = 0; t < horizon && live.size() > 0; t++) {
            int[] origin = live.origins();
            policy.actBatch(live.observations(), live.size(), true, null, actions);
            TransitionBatch s = live.step(actions, rng);
            for (int i = 0; i < origin.length; i++) {
                returns[origin[i]] += s.rewards()[i];
            }
        }
        return returns;
    }
}
