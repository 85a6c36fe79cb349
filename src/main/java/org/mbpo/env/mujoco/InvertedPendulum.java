package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code InvertedPendulum-v4}, as Gymnasium defines it ({@code gymnasium/envs/mujoco/inverted_pendulum_v4.py};
 * {@code max_episode_steps=1000}), on {@code inverted_pendulum.xml}.
 *
 * <ul>
 *   <li>Frame skip 2 (timestep 0.02, dt = 0.04).</li>
 *   <li>Observation (4): {@code qpos} (cart position, pole angle) then {@code qvel}.</li>
 *   <li>Action (1): cart force control in [-3, 3].</li>
 *   <li>Reward 1 on every step. Terminated when the observation is not finite or |pole angle| &gt; 0.2.</li>
 *   <li>Reset: qpos0 and zero velocity plus U[-0.01, 0.01) noise.</li>
 * </ul>
 */
public final class InvertedPendulum extends MujocoEnv {
    public static final String ID = "InvertedPendulum-v4";
    public static final EnvSpec SPEC = new EnvSpec(ID, 4, 1, 1000);

    public InvertedPendulum() {
        super(SPEC, "inverted_pendulum.xml", 2);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setQposQvel(plusUniform(initQpos, 0.01, rng), plusUniform(initQvel, 0.01, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[4];
        put(qpos, 0, obs, 0);
        put(qvel, 0, obs, nq);
        return obs;
    }

    @Override
    protected Step advance(double[] action) {
        doSimulation(action);
        double[] obs = observation();
        boolean finite = Arrays.stream(obs).allMatch(Double::isFinite);
        return step(obs, 1.0, !finite || Math.abs(obs[1]) > 0.2);
    }

    /** Reward 1; termination as {@code step} decides it, from the next observation. */
    public static ModelFunctions modelFunctions() {
        return new ModelFunctions() {
            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                Arrays.fill(out, 0, batch, 1.0f);
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                for (int i = 0; i < batch; i++) {
                    boolean finite = true;
                    for (int j = 0; j < 4; j++) {
                        finite &= Float.isFinite(nextObs[4 * i + j]);
                    }
                    out[i] = !finite || Math.abs(nextObs[4 * i + 1]) > 0.2;
                }
            }
        };
    }
}
