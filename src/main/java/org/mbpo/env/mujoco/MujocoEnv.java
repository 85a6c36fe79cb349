package org.mbpo.env.mujoco;

import org.mbpo.env.AbstractEnv;
import org.mbpo.env.Box;
import org.mbpo.env.EnvSpec;
import org.mbpo.env.Step;

import java.nio.DoubleBuffer;
import java.util.SplittableRandom;

/**
 * What the MuJoCo tasks share, after Gymnasium's {@code MujocoEnv} ({@code gymnasium/envs/mujoco/mujoco_env.py}):
 * <ul>
 *   <li>{@code init_qpos}/{@code init_qvel} are the freshly made data's {@code qpos} (the model's {@code qpos0})
 *       and {@code qvel} (zero);</li>
 *   <li>reset: {@code mj_resetData}, then the task's {@code reset_model} noise, set through {@link #setQposQvel};</li>
 *   <li>{@code set_state}: write qpos and qvel, then {@code mj_forward};</li>
 *   <li>a step ({@code do_simulation}): {@code ctrl = action} (MuJoCo clamps to the control range when it
 *       computes forces; costs use the action as given), {@code mj_step} frame-skip times, then
 *       {@code mj_rnePostConstraint} (which fills {@code cfrc_ext});</li>
 *   <li>{@code dt = timestep · frame_skip}; the action space is the actuators' control range, float32 as in
 *       Gymnasium; the observation space is unbounded.</li>
 * </ul>
 * {@link #state()} is Gymnasium's {@code state_vector()}: qpos then qvel.
 *
 * <p>As in Gymnasium, position-dependent outputs read after a step ({@code xpos}, {@code xipos}, {@code site_xpos})
 * are what {@code mj_step} leaves: computed at its last internal evaluation (with RK4, the last Runge-Kutta stage),
 * not at the final qpos. Rewards that use them (Ant's torso, Humanoid's mass centre, InvertedDoublePendulum's tip)
 * inherit that, on purpose.
 *
 * <p>Actions are used as float64, as the reference trajectories were made; Gymnasium given a float32 action array
 * computes the control cost in float32 (a relative difference of about 1e-7 in that term).
 */
public abstract class MujocoEnv extends AbstractEnv {
    protected final MjModel model;
    protected final MjData data;
    protected final int frameSkip;
    /** {@code model.opt.timestep * frame_skip}. */
    protected final double dt;
    protected final int nq;
    protected final int nv;
    protected final int nu;
    protected final double[] initQpos;
    protected final double[] initQvel;
    protected final DoubleBuffer qpos;
    protected final DoubleBuffer qvel;
    protected final DoubleBuffer ctrl;

    protected MujocoEnv(EnvSpec spec, String modelResource, int frameSkip) {
        this(spec, MjModel.fromResource(modelResource), frameSkip);
    }

    private MujocoEnv(EnvSpec spec, MjModel model, int frameSkip) {
        super(spec, Box.uniform(spec.observationDim(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), actionSpace(model));
        this.model = model;
        this.data = new MjData(model);
        this.frameSkip = frameSkip;
        this.dt = model.timestep() * frameSkip;
        this.nq = model.nq();
        this.nv = model.nv();
        this.nu = model.nu();
        this.qpos = data.qpos();
        this.qvel = data.qvel();
        this.ctrl = data.ctrl();
        this.initQpos = new double[nq];
        this.initQvel = new double[nv];
        qpos.get(0, initQpos);
        qvel.get(0, initQvel);
    }

    /** Gymnasium's {@code _set_action_space}: the control range, cast to float32. */
    private static Box actionSpace(MjModel model) {
        double[] r = model.actuatorCtrlRange();
        int nu = model.nu();
        double[] lo = new double[nu];
        double[] hi = new double[nu];
        for (int i = 0; i < nu; i++) {
            lo[i] = (float) r[2 * i];
            hi[i] = (float) r[2 * i + 1];
        }
        return new Box(lo, hi);
    }

    /** {@code timestep * frame_skip}: the time one environment step covers. */
    public double dt() {
        return dt;
    }

    /** The model, for inspection (sizes, parameters). */
    public MjModel model() {
        return model;
    }

    /** The task's {@code reset_model}: draw the noisy initial state and set it with {@link #setQposQvel}. */
    protected abstract void resetModel(SplittableRandom rng);

    /** The observation of the current data. */
    protected abstract double[] observation();

    @Override
    protected final int stateDim() {
        return nq + nv;
    }

    @Override
    protected final double[] resetState(SplittableRandom rng) {
        data.reset();
        resetModel(rng);
        return observation();
    }

    @Override
    public final double[] state() {
        double[] s = new double[nq + nv];
        qpos.get(0, s, 0, nq);
        qvel.get(0, s, nq, nv);
        return s;
    }

    @Override
    protected final double[] applyState(double[] state) {
        double[] p = new double[nq];
        double[] v = new double[nv];
        System.arraycopy(state, 0, p, 0, nq);
        System.arraycopy(state, nq, v, 0, nv);
        setQposQvel(p, v);
        return observation();
    }

    /** Gymnasium's {@code set_state}: write qpos and qvel, then {@code mj_forward}. */
    protected final void setQposQvel(double[] p, double[] v) {
        qpos.put(0, p);
        qvel.put(0, v);
        data.forward();
    }

    /** Gymnasium's {@code do_simulation}. */
    protected final void doSimulation(double[] action) {
        ctrl.put(0, action);
        for (int i = 0; i < frameSkip; i++) {
            data.step();
        }
        data.rnePostConstraint();
    }

    @Override
    public void close() {
        data.close();
        model.close();
    }

    // ---- helpers for the tasks ----

    /** {@code low + (high - low) * U[0, 1)} per coordinate around {@code base} (NumPy's {@code uniform}). */
    protected static double[] plusUniform(double[] base, double scale, SplittableRandom rng) {
        double[] x = base.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += -scale + (scale - -scale) * rng.nextDouble();
        }
        return x;
    }

    /** {@code base + scale * N(0, 1)} per coordinate (NumPy's {@code standard_normal}). */
    protected static double[] plusNormal(double[] base, double scale, SplittableRandom rng) {
        double[] x = base.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += scale * rng.nextGaussian();
        }
        return x;
    }

    /**
     * {@code np.sum(np.square(a))} in NumPy's summation order (pairwise: a plain loop below 8 elements, eight
     * interleaved partial sums up to 128, halves above), checked against NumPy 2.4 for 3 to 200 elements.
     */
    protected static double sumOfSquares(double[] a) {
        int n = a.length;
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            sq[i] = a[i] * a[i];
        }
        return pairwiseSum(sq, 0, n);
    }

    private static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = (n / 2) - ((n / 2) % 8);
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /** {@code np.clip(x, -limit, limit)} into {@code out} at {@code at}. */
    protected static void putClipped(DoubleBuffer x, double limit, double[] out, int at) {
        for (int i = 0; i < x.capacity(); i++) {
            out[at + i] = Math.max(-limit, Math.min(limit, x.get(i)));
        }
    }

    /** {@code x.flat} into {@code out} at {@code at}, from index {@code from}. */
    protected static void put(DoubleBuffer x, int from, double[] out, int at) {
        x.get(from, out, at, x.capacity() - from);
    }

    /** The time-limit-free step result. */
    protected static Step step(double[] obs, double reward, boolean terminated) {
        return new Step(obs, reward, terminated, false);
    }
}
