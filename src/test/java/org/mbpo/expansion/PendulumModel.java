package org.mbpo.expansion;

import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Pendulum;
import org.mbpo.env.Step;
import org.mbpo.model.DynamicsModel;

import java.util.random.RandomGenerator;

/**
 * Pendulum-v1's own dynamics and reward as a "model" for value expansion's tests: a row's next observation and
 * reward are what {@link Pendulum#step} gives from the state the observation stands for (θ = atan2(sin θ, cos θ),
 * θ̇), the agent's action in [−1, 1] scaled to the torque range [−2, 2]. Deterministic (the generator is not used).
 *
 * <p>With {@code members > 1}, member m is a perturbed copy for STEVE's tests: its reward is the true one times
 * {@code 1 + m/2} and its next θ̇ is shifted by {@code m/10} (member 0 is the true pendulum).
 */
final class PendulumModel implements DynamicsModel {
    private final Pendulum env = new Pendulum();
    private final int members;

    PendulumModel(int members) {
        this.members = members;
        env.reset(0);
    }

    /** The torque for an agent's action. */
    static double torque(double action) {
        return 2 * action;
    }

    /**
     * Member {@code m}'s step from the state (θ, θ̇) with the agent's {@code action}: writes the next state into
     * {@code next} and returns the reward. In double, from a state kept in double (the tests' direct loops).
     */
    static double step(Pendulum env, int m, double theta, double thetaDot, double action, double[] next) {
        env.setState(new double[] {theta, thetaDot});
        Step s = env.step(new double[] {torque(action)});
        double[] state = env.state();
        next[0] = state[0];
        next[1] = state[1] + m / 10.0;
        return s.reward() * (1 + m / 2.0);
    }

    @Override
    public int observationDim() {
        return 3;
    }

    @Override
    public int actionDim() {
        return 1;
    }

    @Override
    public void sample(float[] observations, float[] actions, int rows, RandomGenerator rng, float[] nextObservations,
                       float[] rewards) {
        sampleMember(0, observations, actions, rows, rng, nextObservations, rewards);
    }

    @Override
    public int rolloutMembers() {
        return members;
    }

    @Override
    public void sampleMember(int member, float[] observations, float[] actions, int rows, RandomGenerator rng,
                             float[] nextObservations, float[] rewards) {
        double[] next = new double[2];
        for (int r = 0; r < rows; r++) {
            double theta = Math.atan2(observations[3 * r + 1], observations[3 * r]);
            rewards[r] = (float) step(env, member, theta, observations[3 * r + 2], actions[r], next);
            nextObservations[3 * r] = (float) Math.cos(next[0]);
            nextObservations[3 * r + 1] = (float) Math.sin(next[0]);
            nextObservations[3 * r + 2] = (float) next[1];
        }
    }

    /** Never terminal (Pendulum's own termination function). */
    static ModelFunctions neverTerminal() {
        return Pendulum.modelFunctions();
    }

    /** A made-up termination for the tests of stopping: the next state is terminal when cos θ′ < {@code below}. */
    static ModelFunctions terminalBelow(double below) {
        return new ModelFunctions() {
            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                for (int r = 0; r < batch; r++) {
                    out[r] = nextObs[3 * r] < below;
                }
            }
        };
    }
}
