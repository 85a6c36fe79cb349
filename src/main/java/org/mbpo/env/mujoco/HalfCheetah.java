package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.util.SplittableRandom;

/**
 * {@code HalfCheetah-v4}, as Gymnasium defines it ({@code gymnasium/envs/mujoco/half_cheetah_v4.py} with its
 * defaults; {@code max_episode_steps=1000}), on {@code half_cheetah.xml}.
 *
 * <ul>
 *   <li>Frame skip 5 (timestep 0.01, dt = 0.05).</li>
 *   <li>Observation (17): {@code qpos[1:]} then {@code qvel} (not clipped).</li>
 *   <li>Action (6): motor controls in [-1, 1].</li>
 *   <li>Reward: {@code (x_after - x_before) / dt − 0.1 · Σ action²}. Never terminates.</li>
 *   <li>Reset: qpos0 plus U[-0.1, 0.1) noise, zero velocity plus 0.1·N(0, 1) noise.</li>
 * </ul>
 */
public final class HalfCheetah extends MujocoEnv {
    public static final String ID = "HalfCheetah-v4";
    public static final EnvSpec SPEC = new EnvSpec(ID, 17, 6, 1000);

    public HalfCheetah() {
        super(SPEC, "half_cheetah.xml", 5);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        double[] p = plusUniform(initQpos, 0.1, rng);
        setQposQvel(p, plusNormal(initQvel, 0.1, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[17];
        put(qpos, 1, obs, 0);
        put(qvel, 0, obs, nq - 1);
        return obs;
    }

    @Override
    protected Step advance(double[] action) {
        double xBefore = qpos.get(0);
        doSimulation(action);
        double xVelocity = (qpos.get(0) - xBefore) / dt;
        return step(observation(), xVelocity - 0.1 * sumOfSquares(action), false);
    }

    /** HalfCheetah never terminates; the reward is learned. */
    public static ModelFunctions modelFunctions() {
        return new TerminationOnly(17) {
            @Override
            boolean terminal(float[] o, int at) {
                return false;
            }
        };
    }
}
