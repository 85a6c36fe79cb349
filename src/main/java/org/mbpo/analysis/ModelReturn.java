package org.mbpo.analysis;

import org.mbpo.agent.Sac;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;
import org.mbpo.model.ModelEnv;
import org.mbpo.model.ModelStep;

import java.util.random.RandomGenerator;

/**
 * The return a policy gets inside a learned model (the model-exploitation measurement): episodes that
 * start at real start states and run for {@code horizon} steps in the model, with the policy's
 * deterministic actions (tanh μ, as evaluations in the real environment use), the model's sampled
 * next states and its predicted rewards, and the environment's termination function
 * ({@link ModelEnv}). An episode that terminates stops adding reward, as a real one would.
 * Undiscounted, like the evaluation returns it is compared with.
 */
public final class ModelReturn {
    private ModelReturn() {
    }

    /**
     * The model returns of {@code starts.length / obsDim} episodes, run as one batch.
     *
     * @param starts real start states, row-major {@code [episodes, obsDim]}
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
            ModelStep s = live.step(actions, rng);
            for (int i = 0; i < origin.length; i++) {
                returns[origin[i]] += s.rewards()[i];
            }
        }
        return returns;
    }
}
