package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.util.SplittableRandom;

/**
 * {@code Walker2d-v4}, as Gymnasium defines it ({@code gymnasium/envs/mujoco/walker2d_v4.py} with its defaults;
 * {@code max_episode_steps=1000}), on {@code walker2d.xml}.
 *
 * <ul>
 *   <li>Frame skip 4 (dt = 0.008).</li>
 *   <li>Observation (17): {@code qpos[1:]} then {@code clip(qvel, -10, 10)}.</li>
 *   <li>Action (6): motor controls in [-1, 1].</li>
 *   <li>Reward: {@code (x_after - x_before) / dt} + healthy reward 1 − {@code 1e-3 · Σ action²}.</li>
 *   <li>Terminated unless {@code 0.8 < z < 2.0} and {@code -1 < angle < 1} (z = qpos[1], angle = qpos[2]).</li>
 *   <li>Reset: qpos0 and zero velocity plus U[-5e-3, 5e-3) noise.</li>
 * </ul>
 */
public final class Walker2d extends MujocoEnv {
    public static final String ID = "Walker2d-v4";
    public static final EnvSpec SPEC = new EnvSpec(ID, 17, 6, 1000);

    public Walker2d() {
        super(SPEC, "walker2d.xml", 4);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setQposQvel(plusUniform(initQpos, 5e-3, rng), plusUniform(initQvel, 5e-3, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[17];
        put(qpos, 1, obs, 0);
        putClipped(qvel, 10, obs, nq - 1);
        return obs;
    }

    @Override
    protected Step advance(double[] action) {
        double xBefore = qpos.get(0);
        doSimulation(action);
        double xVelocity = (qpos.get(0) - xBefore) / dt;
        double reward = (xVelocity + 1.0) - 1e-3 * sumOfSquares(action);
        return step(observation(), reward, !healthy(qpos.get(1), qpos.get(2)));
    }

    private static boolean healthy(double z, double angle) {
        return 0.8 < z && z < 2.0 && -1.0 < angle && angle < 1.0;
    }

    /** Termination by the healthy ranges on the next observation (z = obs[0], angle = obs[1]); the reward is learned. */
    public static ModelFunctions modelFunctions() {
        return new TerminationOnly(17) {
            @Override
            boolean terminal(float[] o, int at) {
                return !healthy(o[at], o[at + 1]);
            }
        };
    }
}
