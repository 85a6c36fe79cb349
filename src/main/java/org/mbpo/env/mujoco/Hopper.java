package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.util.SplittableRandom;

/**
 * {@code Hopper-v4}, as Gymnasium defines it ({@code gymnasium/envs/mujoco/hopper_v4.py} with its defaults;
 * {@code max_episode_steps=1000}), on {@code hopper.xml}.
 *
 * <ul>
 *   <li>Frame skip 4 (timestep 0.002, so dt = 0.008).</li>
 *   <li>Observation (11): {@code qpos[1:]} (z, angle, thigh, leg, foot) then {@code clip(qvel, -10, 10)}.</li>
 *   <li>Action (3): motor controls in [-1, 1].</li>
 *   <li>Reward: forward velocity {@code (x_after - x_before) / dt} + healthy reward 1 − {@code 1e-3 · Σ action²}.</li>
 *   <li>Terminated when unhealthy: not {@code 0.7 < z}, not {@code -0.2 < angle < 0.2}, or any of
 *       {@code state_vector()[2:]} (qpos[2:] and the <em>unclipped</em> qvel) outside {@code (-100, 100)}.</li>
 *   <li>Reset: qpos0 and zero velocity plus U[-5e-3, 5e-3) noise on every coordinate.</li>
 * </ul>
 *
 * <p>Termination from observations ({@link #modelFunctions()}) follows Gymnasium's definition. MBPO's
 * reference {@code static/hopper.py} writes {@code np.abs(next_obs[:,1:] < 100)}, the parenthesis misplaced
 * so that it tests {@code x < 100} without the absolute value; we do not copy that. From an observation,
 * whose velocities are clipped to ±10, a velocity beyond ±100 cannot be seen: there alone the function
 * can miss a termination that {@code step} reports.
 */
public final class Hopper extends MujocoEnv {
    public static final String ID = "Hopper-v4";
    public static final EnvSpec SPEC = new EnvSpec(ID, 11, 3, 1000);

    public Hopper() {
        super(SPEC, "hopper.xml", 4);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setQposQvel(plusUniform(initQpos, 5e-3, rng), plusUniform(initQvel, 5e-3, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[11];
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
        return step(observation(), reward, !healthy());
    }

    private boolean healthy() {
        for (int i = 2; i < nq; i++) {
            if (!(-100 < qpos.get(i) && qpos.get(i) < 100)) {
                return false;
            }
        }
        for (int i = 0; i < nv; i++) {
            if (!(-100 < qvel.get(i) && qvel.get(i) < 100)) {
                return false;
            }
        }
        double z = qpos.get(1);
        double angle = qpos.get(2);
        return 0.7 < z && z < Double.POSITIVE_INFINITY && -0.2 < angle && angle < 0.2;
    }

    /** Termination by Gymnasium's healthy ranges on the next observation; the reward is learned (see {@link ModelFunctions#hasReward()}). */
    public static ModelFunctions modelFunctions() {
        return new TerminationOnly(11) {
            @Override
            boolean terminal(float[] o, int at) {
                for (int i = 1; i < 11; i++) {
                    if (!(-100 < o[at + i] && o[at + i] < 100)) {
                        return true;
                    }
                }
                return !(0.7 < o[at] && -0.2 < o[at + 1] && o[at + 1] < 0.2);
            }
        };
    }
}
