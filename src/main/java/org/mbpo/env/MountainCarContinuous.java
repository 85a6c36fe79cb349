package org.mbpo.env;

import java.util.SplittableRandom;

/**
 * {@code MountainCarContinuous-v0}, as Gymnasium 1.x defines it
 * ({@code gymnasium/envs/classic_control/continuous_mountain_car.py}, {@code max_episode_steps=999}).
 *
 * <ul>
 *   <li>State and observation {@code [position, velocity]} (float32), bounds {@code [-1.2, -0.07]}–{@code [0.6, 0.07]}.</li>
 *   <li>Action {@code [1]}: force in [-1, 1]; the dynamics clip it, the reward does not.</li>
 *   <li>Dynamics: velocity += force·0.0015 − 0.0025·cos(3·position), clipped to ±0.07; position += velocity,
 *       clipped to [-1.2, 0.6]; at the left wall a negative velocity becomes 0.</li>
 *   <li>Terminated when position ≥ 0.45 and velocity ≥ 0. Reward: 100 on that step, minus 0.1·action² on every step
 *       (the unclipped action). Truncated at 999 steps.</li>
 *   <li>Reset: position ~ U[-0.6, -0.4), velocity 0 (a float64 state until the first step; see {@link AbstractEnv} on the generator).</li>
 * </ul>
 *
 * <p>Gymnasium's step mixes NumPy float32 and float64 scalars with Python floats; under NumPy 2's
 * promotion rules (NEP 50) a Python float meeting a float32 is rounded to float32 and the operation
 * is done in float32, while float64 wins over float32. {@link Scalar} carries that type along so each
 * line below is Gymnasium's line with its arithmetic, which makes observations and rewards equal
 * Gymnasium's bit for bit. {@link #setState} takes a float64 state, as Gymnasium's reset makes one.
 */
public final class MountainCarContinuous extends AbstractEnv {
    public static final String ID = "MountainCarContinuous-v0";
    public static final EnvSpec SPEC = new EnvSpec(ID, 2, 1, 999);

    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;

    private Scalar position;
    private Scalar velocity;

    public MountainCarContinuous() {
        super(SPEC, new Box(new double[] {(float) MIN_POSITION, (float) -MAX_SPEED}, new double[] {(float) MAX_POSITION, (float) MAX_SPEED}),
                Box.uniform(1, -1.0, 1.0));
    }

    /** A scalar as Gymnasium's code sees it: a Python float, a NumPy float32 or a NumPy float64. */
    private record Scalar(double v, Kind kind) {
        enum Kind { PYTHON, F32, F64 }

        static Scalar py(double v) {
            return new Scalar(v, Kind.PYTHON);
        }

        static Scalar f32(double v) {
            return new Scalar((float) v, Kind.F32);
        }

        static Scalar f64(double v) {
            return new Scalar(v, Kind.F64);
        }

        /** The type NumPy 2 computes {@code this op o} in: float64 wins, then float32; two Python floats stay Python. */
        private Kind resultKind(Scalar o) {
            if (kind == Kind.F64 || o.kind == Kind.F64) {
                return Kind.F64;
            }
            if (kind == Kind.F32 || o.kind == Kind.F32) {
                return Kind.F32;
            }
            return Kind.PYTHON;
        }

        private static Scalar of(double v, Kind k) {
            return k == Kind.F32 ? f32(v) : new Scalar(v, k);
        }

        Scalar plus(Scalar o) {
            Kind k = resultKind(o);
            return k == Kind.F32 ? f32((float) v + (float) o.v) : of(v + o.v, k);
        }

        Scalar minus(Scalar o) {
            Kind k = resultKind(o);
            return k == Kind.F32 ? f32((float) v - (float) o.v) : of(v - o.v, k);
        }

        Scalar times(Scalar o) {
            Kind k = resultKind(o);
            return k == Kind.F32 ? f32((float) v * (float) o.v) : of(v * o.v, k);
        }

        /** {@code this > o} in the promoted type. */
        boolean gt(Scalar o) {
            return resultKind(o) == Kind.F32 ? (float) v > (float) o.v : v > o.v;
        }

        boolean lt(Scalar o) {
            return o.gt(this);
        }

        boolean ge(Scalar o) {
            return resultKind(o) == Kind.F32 ? (float) v >= (float) o.v : v >= o.v;
        }

        boolean eq(Scalar o) {
            return resultKind(o) == Kind.F32 ? (float) v == (float) o.v : v == o.v;
        }
    }

    @Override
    protected int stateDim() {
        return 2;
    }

    @Override
    protected double[] resetState(SplittableRandom rng) {
        position = Scalar.f64(-0.6 + (-0.4 - -0.6) * rng.nextDouble());
        velocity = Scalar.f64(0);
        return observation();
    }

    @Override
    protected Step advance(double[] action) {
        Scalar a = Scalar.f32(action[0]);
        // force = min(max(action[0], min_action), max_action): Python's min/max return one of their arguments.
        Scalar force = a;
        if (Scalar.py(-1.0).gt(force)) {
            force = Scalar.py(-1.0);
        }
        if (Scalar.py(1.0).lt(force)) {
            force = Scalar.py(1.0);
        }
        // velocity += force * power - 0.0025 * math.cos(3 * position)
        Scalar threePos = Scalar.py(3).times(position);
        Scalar gravity = Scalar.py(0.0025 * Math.cos(threePos.v()));
        Scalar v = velocity.plus(force.times(Scalar.py(POWER)).minus(gravity));
        if (v.gt(Scalar.py(MAX_SPEED))) {
            v = Scalar.py(MAX_SPEED);
        }
        if (v.lt(Scalar.py(-MAX_SPEED))) {
            v = Scalar.py(-MAX_SPEED);
        }
        Scalar p = position.plus(v);
        if (p.gt(Scalar.py(MAX_POSITION))) {
            p = Scalar.py(MAX_POSITION);
        }
        if (p.lt(Scalar.py(MIN_POSITION))) {
            p = Scalar.py(MIN_POSITION);
        }
        if (p.eq(Scalar.py(MIN_POSITION)) && v.lt(Scalar.py(0))) {
            v = Scalar.py(0);
        }
        boolean terminated = p.ge(Scalar.py(GOAL_POSITION)) && v.ge(Scalar.py(0));
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.pow(a.v(), 2) * 0.1;
        // self.state = np.array([position, velocity], dtype=np.float32)
        position = Scalar.f32(p.v());
        velocity = Scalar.f32(v.v());
        return new Step(observation(), reward, terminated, false);
    }

    @Override
    public double[] state() {
        return new double[] {position.v(), velocity.v()};
    }

    @Override
    protected double[] applyState(double[] state) {
        position = Scalar.f64(state[0]);
        velocity = Scalar.f64(state[1]);
        return observation();
    }

    private double[] observation() {
        return new double[] {(float) position.v(), (float) velocity.v()};
    }

    /**
     * Reward {@code 100·[terminated] − 0.1·action²} and termination {@code position ≥ 0.45 and velocity ≥ 0}
     * of the next observation. Gymnasium tests the unrounded next state; the float32 observation can
     * differ from it only within one float32 ulp of the goal.
     */
    public static ModelFunctions modelFunctions() {
        return new ModelFunctions() {
            @Override
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
                for (int i = 0; i < batch; i++) {
                    double bonus = atGoal(nextObs, i) ? 100.0 : 0.0;
                    out[i] = (float) (bonus - 0.1 * (double) action[i] * action[i]);
                }
            }

            @Override
            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
                for (int i = 0; i < batch; i++) {
                    out[i] = atGoal(nextObs, i);
                }
            }

            private boolean atGoal(float[] nextObs, int i) {
                return nextObs[2 * i] >= (float) GOAL_POSITION && nextObs[2 * i + 1] >= 0;
            }
        };
    }
}
