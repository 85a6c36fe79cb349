package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.nio.DoubleBuffer;
import java.util.SplittableRandom;

/**
 * The Ant on {@code ant.xml}, in two variants that share observation, dynamics and termination.
 *
 * <p>{@code Ant-v4}: Gymnasium's {@code gymnasium/envs/mujoco/ant_v4.py} with its defaults
 * ({@code use_contact_forces=False}; {@code max_episode_steps=1000}).
 * <ul>
 *   <li>Frame skip 5 (timestep 0.01, dt = 0.05).</li>
 *   <li>Observation (27): {@code qpos[2:]} (torso z, orientation quaternion, 8 joint angles) then {@code qvel} (14).</li>
 *   <li>Action (8): motor controls in [-1, 1].</li>
 *   <li>Reward: torso x velocity {@code Δ xpos[torso].x / dt} + healthy reward 1 − {@code 0.5 · Σ action²}
 *       (no contact cost: {@code use_contact_forces=False}).</li>
 *   <li>Terminated unless the state is finite and {@code 0.2 ≤ z ≤ 1.0} (z = qpos[2]).</li>
 *   <li>Reset: qpos0 plus U[-0.1, 0.1) noise, zero velocity plus 0.1·N(0, 1) noise.</li>
 * </ul>
 *
 * <p>{@code AntTruncatedObs-v4}: MBPO's {@code AntTruncatedObs-v2} ({@code mbpo/env/ant.py}; also mbrl-lib's
 * {@code ant_truncated_obs.py}) on the same model: the same 27 observations (contact forces removed), and the
 * reward of Ant-v2: {@code Δx/dt − 0.5 Σ action² − 0.5e-3 Σ clip(cfrc_ext, −1, 1)² + 1}; same termination and
 * reset; 1000 steps (MBPO's {@code max_path_length}).
 */
public final class Ant extends MujocoEnv {
    public static final EnvSpec SPEC = new EnvSpec("Ant-v4", 27, 8, 1000);
    public static final EnvSpec TRUNCATED_SPEC = new EnvSpec("AntTruncatedObs-v4", 27, 8, 1000);

    private final boolean contactCost;
    private final int torso;
    private final DoubleBuffer xpos;
    private final DoubleBuffer cfrcExt;

    private Ant(EnvSpec spec, boolean contactCost) {
        super(spec, "ant.xml", 5);
        this.contactCost = contactCost;
        this.torso = model.bodyId("torso");
        this.xpos = data.xpos();
        this.cfrcExt = data.cfrcExt();
    }

    /** Gymnasium's {@code Ant-v4}. */
    public static Ant v4() {
        return new Ant(SPEC, false);
    }

    /** MBPO's {@code AntTruncatedObs}. */
    public static Ant truncatedObs() {
        return new Ant(TRUNCATED_SPEC, true);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        double[] p = plusUniform(initQpos, 0.1, rng);
        setQposQvel(p, plusNormal(initQvel, 0.1, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[27];
        put(qpos, 2, obs, 0);
        put(qvel, 0, obs, nq - 2);
        return obs;
    }

    @Override
    protected Step advance(double[] action) {
        double xBefore = xpos.get(3 * torso);
        doSimulation(action);
        double forward = (xpos.get(3 * torso) - xBefore) / dt;
        double ctrlCost = 0.5 * sumOfSquares(action);
        double reward;
        if (contactCost) {
            double[] clipped = new double[cfrcExt.capacity()];
            putClipped(cfrcExt, 1, clipped, 0);
            reward = forward - ctrlCost - 0.5 * 1e-3 * sumOfSquares(clipped) + 1.0;
        } else {
            reward = (forward + 1.0) - ctrlCost;
        }
        return step(observation(), reward, !healthy());
    }

    private boolean healthy() {
        for (int i = 0; i < nq; i++) {
            if (!Double.isFinite(qpos.get(i))) {
                return false;
            }
        }
        for (int i = 0; i < nv; i++) {
            if (!Double.isFinite(qvel.get(i))) {
                return false;
            }
        }
        double z = qpos.get(2);
        return 0.2 <= z && z <= 1.0;
    }

    /**
     * Termination from the next observation: finite and {@code 0.2 ≤ obs[0] ≤ 1.0} (MBPO's
     * {@code static/ant_truncated_obs.py}); the reward is learned.
     */
    public static ModelFunctions modelFunctions() {
        return new TerminationOnly(27) {
            @Override
            boolean terminal(float[] o, int at) {
                for (int i = 0; i < 27; i++) {
                    if (!Float.isFinite(o[at + i])) {
                        return true;
                    }
                }
                return !(0.2 <= o[at] && o[at] <= 1.0);
            }
        };
    }
}
