package org.mbpo.env.mujoco;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.ModelFunctions;
import org.mbpo.env.Step;

import java.nio.DoubleBuffer;
import java.util.SplittableRandom;

/**
 * The Humanoid on {@code humanoid.xml}, in two variants that share dynamics, termination and reset.
 *
 * <p>{@code Humanoid-v4}: Gymnasium's {@code gymnasium/envs/mujoco/humanoid_v4.py} with its defaults
 * ({@code max_episode_steps=1000}).
 * <ul>
 *   <li>Frame skip 5 (timestep 0.003, dt = 0.015).</li>
 *   <li>Observation (376): {@code qpos[2:]} (22), {@code qvel} (23), {@code cinert} (14×10), {@code cvel} (14×6),
 *       {@code qfrc_actuator} (23), {@code cfrc_ext} (14×6).</li>
 *   <li>Action (17): motor controls in [-0.4, 0.4].</li>
 *   <li>Reward: {@code 1.25 · Δ mass_center.x / dt} + healthy reward 5 − {@code 0.1 · Σ ctrl²}, with the mass
 *       centre {@code Σ body_mass · xipos / Σ body_mass}.</li>
 *   <li>Terminated unless {@code 1.0 < z < 2.0} (z = qpos[2]).</li>
 *   <li>Reset: qpos0 and zero velocity plus U[-0.01, 0.01) noise.</li>
 * </ul>
 *
 * <p>{@code HumanoidTruncatedObs-v4}: MBPO's {@code HumanoidTruncatedObs-v2} ({@code mbpo/env/humanoid.py}; also
 * mbrl-lib's {@code humanoid_truncated_obs.py}) on the same model: observation {@code qpos[2:]} and {@code qvel}
 * only (45), reward of Humanoid-v2: {@code 0.25 · Δ mass_center.x / timestep − 0.1 Σ ctrl²
 * − min(0.5e-6 Σ cfrc_ext², 10) + 5}; terminated when z &lt; 1 or z &gt; 2 (as MBPO writes it: unlike Gymnasium's
 * healthy range, z = 1, z = 2 and NaN do not terminate); 1000 steps.
 */
public final class Humanoid extends MujocoEnv {
    public static final EnvSpec SPEC = new EnvSpec("Humanoid-v4", 376, 17, 1000);
    public static final EnvSpec TRUNCATED_SPEC = new EnvSpec("HumanoidTruncatedObs-v4", 45, 17, 1000);

    private final boolean truncated;
    private final double[] bodyMass;
    private final double totalMass;
    private final DoubleBuffer xipos;

    private Humanoid(EnvSpec spec, boolean truncated) {
        super(spec, "humanoid.xml", 5);
        this.truncated = truncated;
        this.bodyMass = model.bodyMass();
        double m = 0;
        for (double b : bodyMass) {
            m += b;
        }
        this.totalMass = m;
        this.xipos = data.xipos();
    }

    /** Gymnasium's {@code Humanoid-v4}. */
    public static Humanoid v4() {
        return new Humanoid(SPEC, false);
    }

    /** MBPO's {@code HumanoidTruncatedObs}. */
    public static Humanoid truncatedObs() {
        return new Humanoid(TRUNCATED_SPEC, true);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setQposQvel(plusUniform(initQpos, 0.01, rng), plusUniform(initQvel, 0.01, rng));
    }

    @Override
    protected double[] observation() {
        double[] obs = new double[spec().observationDim()];
        int at = 0;
        put(qpos, 2, obs, at);
        at += nq - 2;
        put(qvel, 0, obs, at);
        at += nv;
        if (!truncated) {
            for (DoubleBuffer b : new DoubleBuffer[] {data.cinert(), data.cvel(), data.qfrcActuator(), data.cfrcExt()}) {
                put(b, 0, obs, at);
                at += b.capacity();
            }
        }
        return obs;
    }

    /** x of {@code Σ body_mass · xipos / Σ body_mass}. */
    private double massCenterX() {
        double s = 0;
        for (int b = 0; b < bodyMass.length; b++) {
            s += bodyMass[b] * xipos.get(3 * b);
        }
        return s / totalMass;
    }

    @Override
    protected Step advance(double[] action) {
        double before = massCenterX();
        doSimulation(action);
        double after = massCenterX();
        double[] c = new double[nu];
        ctrl.get(0, c);
        double ctrlCost = 0.1 * sumOfSquares(c);
        double z = qpos.get(2);
        double reward;
        if (truncated) {
            double[] f = new double[data.cfrcExt().capacity()];
            data.cfrcExt().get(0, f);
            double impact = Math.min(0.5e-6 * sumOfSquares(f), 10);
            reward = 0.25 * (after - before) / model.timestep() - ctrlCost - impact + 5.0;
        } else {
            reward = (1.25 * ((after - before) / dt) + 5.0) - ctrlCost;
        }
        return step(observation(), reward, truncated ? mbpoTerminal(z) : !gymnasiumHealthy(z));
    }

    private static boolean gymnasiumHealthy(double z) {
        return 1.0 < z && z < 2.0;
    }

    /** MBPO's {@code (qpos[2] < 1.0) or (qpos[2] > 2.0)}: the same ranges, but z = 1, z = 2 and NaN do not terminate. */
    private static boolean mbpoTerminal(double z) {
        return z < 1.0 || z > 2.0;
    }

    /** {@code Humanoid-v4}: terminated unless {@code 1 < obs[0] < 2} (obs[0] = z); the reward is learned. */
    public static ModelFunctions modelFunctions() {
        return new TerminationOnly(SPEC.observationDim()) {
            @Override
            boolean terminal(float[] o, int at) {
                return !gymnasiumHealthy(o[at]);
            }
        };
    }

    /** {@code HumanoidTruncatedObs-v4}: MBPO's {@code static/humanoid_truncated_obs.py}, {@code z < 1 or z > 2}; the reward is learned. */
    public static ModelFunctions truncatedObsModelFunctions() {
        return new TerminationOnly(TRUNCATED_SPEC.observationDim()) {
            @Override
            boolean terminal(float[] o, int at) {
                return mbpoTerminal(o[at]);
            }
        };
    }
}
