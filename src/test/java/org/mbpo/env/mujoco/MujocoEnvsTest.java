package org.mbpo.env.mujoco;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbpo.env.Env;
import org.mbpo.env.Envs;
import org.mbpo.env.Step;

import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MuJoCo tasks on hand-built states against Gymnasium's formulas (observation layout, reward terms, healthy
 * ranges), with the simulation re-run here through the raw binding (mj_step frame-skip times, then
 * mj_rnePostConstraint) so that expected values do not come from the environment code.
 *
 * <p>One Gymnasium detail the expected values must respect: after {@code mj_step}, position-dependent outputs
 * ({@code xpos}, {@code xipos}, {@code site_xpos}) belong to the last evaluation inside the step (with RK4, the
 * last Runge-Kutta stage), not to the final qpos, and Gymnasium reads them there; so do we, and so the expected
 * values below read them from the raw simulation too.
 */
class MujocoEnvsTest {

    @BeforeAll
    static void library() {
        assumeTrue(Mujoco.isAvailable(), () -> "skipped: " + Mujoco.unavailableReason());
    }

    /** The raw simulation of one env step from {@code state}: the data after it. */
    private record Raw(MjModel model, MjData data) implements AutoCloseable {
        static Raw step(String file, double[] state, double[] action, int frameSkip) {
            MjModel m = MjModel.fromResource(file);
            MjData d = new MjData(m);
            int nq = m.nq();
            d.qpos().put(0, state, 0, nq);
            d.qvel().put(0, state, nq, m.nv());
            d.forward();
            d.ctrl().put(0, action);
            for (int i = 0; i < frameSkip; i++) {
                d.step();
            }
            d.rnePostConstraint();
            return new Raw(m, d);
        }

        double[] qpos() {
            double[] x = new double[model.nq()];
            data.qpos().get(0, x);
            return x;
        }

        double[] qvel() {
            double[] x = new double[model.nv()];
            data.qvel().get(0, x);
            return x;
        }

        @Override
        public void close() {
            data.close();
            model.close();
        }
    }

    private static double sumSq(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return s;
    }

    private static Step stepFrom(Env env, double[] state, double[] action) {
        env.reset(0);
        env.setState(state);
        return env.step(action);
    }

    @Test
    void hopperObservationRewardAndHealth() {
        double[] s = {0.1, 1.25, 0.05, -0.1, -0.2, 0.1, /* qvel */ 0.5, 15, -12, 0.3, -0.4, 0.2};
        double[] a = {0.3, -0.5, 0.9};
        try (Env env = Envs.make("Hopper-v4"); Raw raw = Raw.step("hopper.xml", s, a, 4)) {
            double[] obs0 = env.setState(s);
            assertArrayEquals(new double[] {1.25, 0.05, -0.1, -0.2, 0.1, 0.5, 10, -10, 0.3, -0.4, 0.2}, obs0, 0.0,
                    "obs = qpos[1:] then clip(qvel, -10, 10)");
            Step st = stepFrom(env, s, a);
            double want = (raw.qpos()[0] - s[0]) / (0.002 * 4) + 1.0 - 1e-3 * sumSq(a);
            assertEquals(want, st.reward(), 1e-12, "forward velocity + 1 - 1e-3 |a|^2");
            assertArrayEquals(concat(raw.qpos(), raw.qvel()), env.state(), 0.0, "state after 4 substeps");
            assertFalse(st.terminated(), "a standing hopper is healthy");
        }
        try (Env env = Envs.make("Hopper-v4")) {
            double[] zero = new double[3];
            assertTrue(stepFrom(env, new double[] {0, 1.25, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0}, zero).terminated(), "|angle| >= 0.2");
            assertTrue(stepFrom(env, new double[] {0, 0.6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, zero).terminated(), "z <= 0.7");
            Step fast = stepFrom(env, new double[] {0, 1.25, 0, 0, 0, 0, 300, 0, 0, 0, 0, 0}, zero);
            assertTrue(fast.terminated(), "a velocity beyond 100 (rootx, unclipped in state_vector) is unhealthy");
            assertEquals(10.0, fast.observation()[5], 0.0, "while the observation shows it clipped to 10");
        }
    }

    @Test
    void walkerHealthyRanges() {
        try (Env env = Envs.make("Walker2d-v4")) {
            double[] s = new double[18];
            s[1] = 1.25;
            double[] a = new double[6];
            assertFalse(stepFrom(env, s, a).terminated(), "standing walker");
            s[1] = 2.1;
            assertTrue(stepFrom(env, s, a).terminated(), "z >= 2.0");
            s[1] = 1.25;
            s[2] = -1.1;
            assertTrue(stepFrom(env, s, a).terminated(), "angle <= -1");
        }
    }

    @Test
    void halfCheetahRewardAndUnclippedObservation() {
        double[] s = new double[18];
        s[9] = 15; // rootx velocity
        s[12] = -20;
        double[] a = {0.5, -0.5, 0.25, 1, -1, 0.1};
        try (Env env = Envs.make("HalfCheetah-v4"); Raw raw = Raw.step("half_cheetah.xml", s, a, 5)) {
            double[] obs0 = env.setState(s);
            assertEquals(15, obs0[8], 0.0, "HalfCheetah does not clip velocities");
            assertEquals(-20, obs0[11], 0.0);
            Step st = stepFrom(env, s, a);
            assertEquals((raw.qpos()[0] - s[0]) / 0.05 - 0.1 * sumSq(a), st.reward(), 1e-12, "forward velocity - 0.1 |a|^2");
            assertFalse(st.terminated());
        }
    }

    @Test
    void invertedPendulumTerminatesBeyond02() {
        try (Env env = Envs.make("InvertedPendulum-v4")) {
            double[] obs = env.setState(new double[] {0.1, 0.05, -0.2, 0.3});
            assertArrayEquals(new double[] {0.1, 0.05, -0.2, 0.3}, obs, 0.0, "obs = qpos then qvel");
            Step st = stepFrom(env, new double[] {0, 0.05, 0, 0}, new double[] {0});
            assertEquals(1.0, st.reward(), 0.0);
            assertFalse(st.terminated());
            assertTrue(stepFrom(env, new double[] {0, 0.25, 0, 0.5}, new double[] {0}).terminated(), "|angle| > 0.2");
        }
    }

    @Test
    void invertedDoublePendulumObservationAndTipReward() {
        double[] s = {0.2, 0.1, -0.15, 0.5, 12, -3};
        double[] a = {0.4};
        try (Env env = Envs.make("InvertedDoublePendulum-v4"); Raw raw = Raw.step("inverted_double_pendulum.xml", s, a, 5)) {
            double[] obs0 = env.setState(s);
            assertArrayEquals(new double[] {0.2, Math.sin(0.1), Math.sin(-0.15), Math.cos(0.1), Math.cos(-0.15), 0.5, 10, -3},
                    java.util.Arrays.copyOf(obs0, 8), 1e-15, "x, sin, cos, clip(qvel)");
            // The tip site is where the pole geometry puts it: x + 0.6 sin(t1) + 0.6 sin(t1 + t2), 0.6 cos(t1) + 0.6 cos(t1 + t2).
            try (MjModel m = MjModel.fromResource("inverted_double_pendulum.xml"); MjData d = new MjData(m)) {
                d.qpos().put(0, s, 0, 3);
                d.forward();
                assertEquals(s[0] + 0.6 * Math.sin(s[1]) + 0.6 * Math.sin(s[1] + s[2]), d.siteXpos().get(0), 1e-12, "tip x");
                assertEquals(0.6 * Math.cos(s[1]) + 0.6 * Math.cos(s[1] + s[2]), d.siteXpos().get(2), 1e-12, "tip z");
            }
            Step st = stepFrom(env, s, a);
            double x = raw.data().siteXpos().get(0);
            double y = raw.data().siteXpos().get(2);
            double[] v = raw.qvel();
            double want = 10 - (0.01 * x * x + (y - 2) * (y - 2)) - (1e-3 * v[1] * v[1] + 5e-3 * v[2] * v[2]);
            assertEquals(want, st.reward(), 1e-12, "10 - dist_penalty - vel_penalty of the tip");
            assertFalse(st.terminated(), "tip at y ~ 1.2 > 1");
            assertTrue(stepFrom(env, new double[] {0, 1.0, 0.5, 0, 0, 0}, a).terminated(), "a leaning pole: tip y <= 1");
        }
    }

    @Test
    void antRewardsAndHealth() {
        double[] s = new double[29];
        System.arraycopy(new double[] {0.1, -0.2, 0.6, 1, 0, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1}, 0, s, 0, 15);
        s[15] = 0.8; // x velocity
        double[] a = {0.5, -0.5, 0.25, 1, -1, 0.1, 0.7, -0.3};
        try (Env v4 = Envs.make("Ant-v4"); Env trunc = Envs.make("AntTruncatedObs-v4"); Raw raw = Raw.step("ant.xml", s, a, 5)) {
            double[] obs0 = v4.setState(s);
            assertArrayEquals(java.util.Arrays.copyOfRange(s, 2, 29), obs0, 0.0, "obs = qpos[2:] then qvel");
            Step st = stepFrom(v4, s, a);
            // The torso is the free joint's body: before the step its xpos is qpos[0:3].
            double forward = (raw.data().xpos().get(3) - s[0]) / 0.05;
            assertEquals(forward + 1.0 - 0.5 * sumSq(a), st.reward(), 1e-12, "Ant-v4: forward + 1 - 0.5 |a|^2");
            double[] f = new double[raw.data().cfrcExt().capacity()];
            raw.data().cfrcExt().get(0, f);
            for (int i = 0; i < f.length; i++) {
                f[i] = Math.max(-1, Math.min(1, f[i]));
            }
            Step t = stepFrom(trunc, s, a);
            assertEquals(forward - 0.5 * sumSq(a) - 0.5e-3 * sumSq(f) + 1.0, t.reward(), 1e-12, "AntTruncatedObs: Ant-v2's reward with the contact cost");
            assertArrayEquals(st.observation(), t.observation(), 0.0, "both variants observe the same 27 numbers");
            s[2] = 1.2;
            assertTrue(stepFrom(v4, s, a).terminated(), "z > 1.0");
        }
    }

    @Test
    void humanoidObservationLayoutAndReward() {
        try (Humanoid env = Humanoid.v4(); Env trunc = Envs.make("HumanoidTruncatedObs-v4")) {
            double[] obs = env.reset(3);
            double[] state = env.state();
            assertEquals(376, obs.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(state, 2, 47), java.util.Arrays.copyOf(obs, 45), 0.0, "qpos[2:] then qvel");
            double[] mass = env.model().bodyMass();
            for (int b = 0; b < 14; b++) {
                assertEquals(mass[b], obs[45 + 10 * b + 9], 1e-9, "cinert's last entry of body " + b + " is its mass");
            }
            assertArrayEquals(java.util.Arrays.copyOf(obs, 45), trunc.setState(state), 0.0, "the truncated observation is the first 45");

            double[] a = new double[17];
            java.util.Arrays.fill(a, 0.2);
            double comBefore = massCenterX(env.model(), state, null);
            Step st = env.step(a);
            try (Raw raw = Raw.step("humanoid.xml", state, a, 5)) {
                double comAfter = massCenterX(raw.model(), null, raw.data());
                assertEquals(1.25 * (comAfter - comBefore) / 0.015 + 5.0 - 0.1 * sumSq(a), st.reward(), 1e-9, "1.25 v_com + 5 - 0.1 |ctrl|^2");
            }
            assertFalse(st.terminated(), "standing at reset");
        }
    }

    /** x of the mass centre, from a state (after mj_forward) or from data as it is. */
    private static double massCenterX(MjModel m, double[] state, MjData given) {
        MjData d = given != null ? given : new MjData(m);
        if (given == null) {
            d.qpos().put(0, state, 0, m.nq());
            d.qvel().put(0, state, m.nq(), m.nv());
            d.forward();
        }
        double[] mass = m.bodyMass();
        double s = 0, total = 0;
        for (int b = 0; b < mass.length; b++) {
            s += mass[b] * d.xipos().get(3 * b);
            total += mass[b];
        }
        return s / total;
    }

    /** Under random actions, each step terminates exactly when Gymnasium's healthy ranges, applied to the state, say so. */
    @Test
    void randomEpisodesTerminateWhereTheHealthyRangesSay() {
        check("Hopper-v4", s -> {
            for (int i = 2; i < s.length; i++) {
                if (!(Math.abs(s[i]) < 100)) {
                    return false;
                }
            }
            return s[1] > 0.7 && Math.abs(s[2]) < 0.2;
        });
        check("Walker2d-v4", s -> s[1] > 0.8 && s[1] < 2.0 && s[2] > -1 && s[2] < 1);
        check("Humanoid-v4", s -> s[2] > 1.0 && s[2] < 2.0);
        check("HumanoidTruncatedObs-v4", s -> s[2] >= 1.0 && s[2] <= 2.0);
        check("InvertedPendulum-v4", s -> Math.abs(s[1]) <= 0.2);
    }

    private static void check(String id, Predicate<double[]> healthy) {
        SplittableRandom rng = new SplittableRandom(42);
        int unhealthyEnds = 0;
        try (Env env = Envs.make(id)) {
            for (int episode = 0; episode < 5; episode++) {
                env.reset(episode);
                Step st;
                do {
                    double[] a = new double[env.actionSpace().dim()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = env.actionSpace().low()[i] + (env.actionSpace().high()[i] - env.actionSpace().low()[i]) * rng.nextDouble();
                    }
                    st = env.step(a);
                    assertEquals(!healthy.test(env.state()), st.terminated(), id + " episode " + episode + ": terminated vs the healthy ranges");
                } while (!st.done());
                unhealthyEnds += st.terminated() ? 1 : 0;
            }
        }
        assertTrue(unhealthyEnds > 0, id + ": no random episode became unhealthy, so termination went untested");
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
