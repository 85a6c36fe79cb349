package org.mbpo.env;

import java.util.SplittableRandom;

/**
 * {@code ContinuousCartPole}: mbrl-lib's {@code cartpole_continuous} ({@code mbrl/env/cartpole_continuous.py}),
 * the classic CartPole with a continuous force, used by mbrl-lib's MBPO example on cart-pole
 * ({@code mbrl/examples/conf/overrides/mbpo_cartpole.yaml}, {@code trial_length: 200}).
 *
 * <ul>
 *   <li>State and observation {@code [x, x_dot, theta, theta_dot]} (float64, as mbrl-lib returns it).</li>
 *   <li>Action {@code [1]} in [-1, 1]; force = 10·action (a float32 product, as in mbrl-lib), not clipped.</li>
 *   <li>Physics: Gymnasium's CartPole (Florian 2005) with gravity 9.8, cart mass 1.0, pole mass 0.1,
 *       half pole length 0.5, tau 0.02, explicit Euler.</li>
 *   <li>Terminated when |x| &gt; 2.4 or |theta| &gt; 12° (2π·12/360 rad). Reward 1 on every step up to and
 *       including the terminating one (0 for steps after termination, as mbrl-lib does).</li>
 *   <li>Reset: every state variable ~ U[-0.05, 0.05) (our generator, mbrl-lib's distribution; see {@link AbstractEnv}).</li>
 *   <li>Truncated at 200 steps (mbrl-lib's trial length; the env itself has no time limit).</li>
 * </ul>
 */
public final class ContinuousCartPole extends AbstractEnv {
    public static final String ID = "ContinuousCartPole";
    public static final EnvSpec SPEC = new EnvSpec(ID, 4, 1, 200);

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5;
    private static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    private static final float FORCE_MAG = 10.0f;
    private static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;

    private final double[] s = new double[4];
    private boolean terminatedBefore;

    public ContinuousCartPole() {
        super(SPEC, new Box(new double[] {-2 * X_THRESHOLD, -Float.MAX_VALUE, -2 * THETA_THRESHOLD, -Float.MAX_VALUE},
                        new double[] {2 * X_THRESHOLD, Float.MAX_VALUE, 2 * THETA_THRESHOLD, Float.MAX_VALUE}),
                Box.uniform(1, -1, 1));
    }

    @Override
    protected int stateDim() {
        return 4;
    }

    @Override
    protected double[] resetState(SplittableRandom rng) {
        for (int i = 0; i < 4; i++) {
            s[i] = -0.05 + 0.1 * rng.nextDouble();
        }
        terminatedBefore = false;
        return s.clone();
    }

    @Override
    protected Step advance(double[] action) {
        double force = FORCE_MAG * (float) action[0];
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[0] = x + TAU * xDot;
        s[1] = xDot + TAU * xAcc;
        s[2] = theta + TAU * thetaDot;
        s[3] = thetaDot + TAU * thetaAcc;
        boolean terminated = isTerminal(s[0], s[2]);
        double reward = terminated && terminatedBefore ? 0.0 : 1.0;
        terminatedBefore |= terminated;
        return new Step(s.clone(), reward, terminated, false);
    }

    static boolean isTerminal(double x, double theta) {
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    }

    @Override
    public double[] state() {
        return s.clone();
    }

    @Override
    protected double[] applyState(double[] state) {
        System.arraycopy(state, 0, s, 0, 4);
        terminatedBefore = false;
        return s.clone();
    }

    /**
     * Reward 1 and termination by the thresholds on the next observation. mbrl-lib's own
     * {@code reward_fns.cartpole} gives 0 on the terminating transition where its env gives 1; this
     * one agrees with {@link #step}, which is what model rollouts should imitate.
     */
    public static ModelFunctions modelFunctions() {
        return new ModelFunctions() {
            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                java.util.Arrays.fill(out, 0, batch, 1.0f);
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                for (int i = 0; i < batch; i++) {
                    out[i] = isTerminal(nextObs[4 * i], nextObs[4 * i + 2]);
                }
            }
        };
    }
}
