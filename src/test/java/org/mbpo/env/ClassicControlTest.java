package org.mbpo.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MountainCarContinuous-v0 and ContinuousCartPole on hand-built states, against their definitions worked by hand. */
class ClassicControlTest {

    @Test
    void mountainCarLeftWallStopsTheCar() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.setState(new double[] {-1.19, -0.05});
        Step s = env.step(new double[] {-1});
        // velocity = -0.05 - 0.0015 - 0.0025 cos(-3.57) < 0; position -1.19 + velocity < -1.2: clipped, velocity zeroed.
        assertArrayEquals(new double[] {(float) -1.2, 0.0}, s.observation(), 0.0, "at the left wall the car stops");
        assertEquals(-0.1, s.reward(), 1e-15, "reward -0.1 * action^2");
        assertFalse(s.terminated());
    }

    @Test
    void mountainCarGoalTerminatesWithTheBonus() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.setState(new double[] {0.44, 0.02});
        Step s = env.step(new double[] {0.5});
        double v = 0.02 + (float) (0.5f * 0.0015f) - 0.0025 * Math.cos(3 * 0.44);
        assertArrayEquals(new double[] {0.44 + v, v}, s.observation(), 1e-7, "one step by the formulas (float32 observation)");
        assertTrue(s.terminated(), "position >= 0.45 with velocity >= 0 is the goal");
        assertEquals(100 - 0.1 * 0.25, s.reward(), 1e-12, "100 at the goal minus 0.1 * action^2");
        env.setState(new double[] {0.0, 0.0});
        assertEquals(-0.1 * 4, env.step(new double[] {2}).reward(), 1e-12, "the reward uses the unclipped action");
        assertEquals(0.0015, env.state()[1] + 0.0025 * Math.cos(0), 1e-9, "the dynamics clip the force to 1");
    }

    @Test
    void cartPoleFollowsTheEquationsOfMotion() {
        ContinuousCartPole env = new ContinuousCartPole();
        env.setState(new double[] {0.1, 0.2, 0.0, 0.0});
        Step s = env.step(new double[] {1.0});
        // Upright pole at rest, force 10: temp = F / (m_c + m_p); thetaacc = -temp / (l (4/3 - m_p / (m_c + m_p))).
        double temp = 10 / 1.1;
        double thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1));
        double xAcc = temp - 0.05 * thetaAcc / 1.1;
        assertArrayEquals(new double[] {0.1 + 0.02 * 0.2, 0.2 + 0.02 * xAcc, 0.0, 0.02 * thetaAcc}, s.observation(), 1e-12, "explicit Euler step");
        assertEquals(1.0, s.reward(), 0.0);
        assertFalse(s.terminated());
    }

    @Test
    void cartPoleTerminatesAtTheThresholds() {
        ContinuousCartPole env = new ContinuousCartPole();
        double limit = 12 * 2 * Math.PI / 360;
        env.setState(new double[] {0, 0, limit - 1e-9, 1.0});
        Step s = env.step(new double[] {0});
        assertTrue(s.terminated(), "theta beyond 12 degrees terminates");
        assertEquals(1.0, s.reward(), 0.0, "the terminating step still earns 1");
        assertEquals(0.0, env.step(new double[] {0}).reward(), 0.0, "steps after termination earn 0");
        env.setState(new double[] {2.39, 1.0, 0, 0});
        assertTrue(env.step(new double[] {0}).terminated(), "x beyond 2.4 terminates");
        env.setState(new double[] {2.3, 1.0, 0, 0});
        assertFalse(env.step(new double[] {0}).terminated(), "x = 2.32 does not");
    }
}
