package org.mbpo.env;

import java.util.SplittableRandom;

/**
 * {@code Pendulum-v1}: swing a pendulum up and hold it upright, as Gymnasium 1.x defines it
 * ({@code gymnasium/envs/classic_control/pendulum.py}, registered with {@code max_episode_steps=200}).
 *
 * <ul>
 *   <li>State {@code [theta, thetadot]} (float64), theta = 0 upright. Constants: g = 10, m = 1, l = 1,
 *       dt = 0.05, max speed 8, max torque 2.</li>
 *   <li>Observation {@code [cos(theta), sin(theta), thetadot]}, float32, bounds {@code ±[1, 1, 8]}.</li>
 *   <li>Action: torque {@code [1]} in [-2, 2], clipped to that range by {@code step}.</li>
 *   <li>Reward {@code -(norm(theta)^2 + 0.1 thetadot^2 + 0.001 u^2)} of the state <em>before</em> the step,
 *       norm(x) = ((x + π) mod 2π) − π.</li>
 *   <li>Dynamics (semi-implicit Euler): thetadot' = clip(thetadot + (3g/(2l) sin(theta) + 3/(m l²) u) dt, ±8),
 *       theta' = theta + thetadot' dt. Never terminates; truncated at 200 steps.</li>
 *   <li>Reset: theta ~ U[-π, π), thetadot ~ U[-1, 1) (our generator, Gymnasium's distribution; see {@link AbstractEnv}).</li>
 * </ul>
 *
 * <p>Arithmetic follows NumPy 2's promotion rules as Gymnasium's code meets them, so observations
 * equal Gymnasium's bit for bit: the action is a float32 (Gymnasium's action space is float32, and
 * it is rounded to float32 here), so {@code 0.001 * u**2} and {@code 3.0 * u} are float32 products
 * (a Python float times a NumPy float32 stays float32) before they join the float64 state. The
 * float64 state itself can differ from Gymnasium's by an ulp where Java's {@code Math.sin} and the C
 * library's {@code sin} round differently (4 of the 1600 state values in the reference replays; fdlibm's
 * {@code StrictMath.sin} differs far more often), which the float32 observation has not shown.
 */
public final class Pendulum extends AbstractEnv {
    public static final String ID = "Pendulum-v1";
    public static final EnvSpec SPEC = new EnvSpec(ID, 3, 1, 200);

    private static final double MAX_SPEED = 8;
    private static final float MAX_TORQUE = 2.0f;
    private static final double DT = 0.05;
    /** {@code 3 * g / (2 * l)} with g = 10, l = 1: exactly 15. */
    private static final double GRAVITY_TERM = 3 * 10.0 / (2 * 1.0);
    /** {@code 3.0 / (m * l**2)} with m = l = 1. */
    private static final float TORQUE_TERM = 3.0f;

    private double theta;
    private double thetaDot;

    public Pendulum() {
        super(SPEC, new Box(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED}),
                Box.uniform(1, -MAX_TORQUE, MAX_TORQUE));
    }

    @Override
    protected int stateDim() {
        return 2;
    }

    @Override
    protected double[] resetState(SplittableRandom rng) {
        // NumPy's uniform(low, high) = low + (high - low) * U[0, 1).
        theta = -Math.PI + (2 * Math.PI) * rng.nextDouble();
        thetaDot = -1.0 + 2.0 * rng.nextDouble();
        return observation();
    }

    @Override
    protected Step advance(double[] action) {
        float u = Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, (float) action[0]));
        double an = angleNormalize(theta);
        float torqueCost = 0.001f * (u * u);
        double costs = an * an + 0.1 * (thetaDot * thetaDot) + torqueCost;
        double newThetaDot = thetaDot + (GRAVITY_TERM * Math.sin(theta) + (double) (TORQUE_TERM * u)) * DT;
        newThetaDot = Math.max(-MAX_SPEED, Math.min(MAX_SPEED, newThetaDot));
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return new Step(observation(), -costs, false, false);
    }

    @Override
    public double[] state() {
        return new double[] {theta, thetaDot};
    }

    @Override
    protected double[] applyState(double[] state) {
        theta = state[0];
        thetaDot = state[1];
        return observation();
    }

    private double[] observation() {
        return new double[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }

    /** Gymnasium's {@code angle_normalize}: {@code ((x + π) % 2π) − π} with Python's floored modulo. */
    static double angleNormalize(double x) {
        double twoPi = 2 * Math.PI;
        double m = (x + Math.PI) % twoPi; // Java's % is C's fmod: the sign of the dividend
        if (m < 0) {
            m += twoPi; // NumPy's remainder takes the sign of the divisor
        }
        return m - Math.PI;
    }

    /**
     * Pendulum's reward as a batched function of the observation before the step and the action
     * (Gymnasium's reward is a function of the pre-step state: theta = atan2(sin, cos), thetadot).
     * From float32 observations the result differs from {@link #step}'s by the rounding of the
     * observation (about 1e-6 relative). Pendulum never terminates.
     */
    public static ModelFunctions modelFunctions() {
        return new ModelFunctions() {
            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                for (int i = 0; i < batch; i++) {
                    double th = Math.atan2(obs[3 * i + 1], obs[3 * i]);
                    double thDot = obs[3 * i + 2];
                    double u = Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, action[i]));
                    out[i] = (float) -(th * th + 0.1 * thDot * thDot + 0.001 * u * u);
                }
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                java.util.Arrays.fill(out, 0, batch, false);
            }
        };
    }
}
