package org.mbpo.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pendulum-v1 on hand-built states against Gymnasium's formulas, written out here in plain double arithmetic. */
class PendulumTest {

    /** Gymnasium's step written independently: returns {newTheta, newThetaDot, reward}. */
    private static double[] gymnasiumStep(double th, double thdot, double u) {
        u = Math.max(-2, Math.min(2, u));
        double norm = th;
        while (norm >= Math.PI) {
            norm -= 2 * Math.PI;
        }
        while (norm < -Math.PI) {
            norm += 2 * Math.PI;
        }
        double cost = norm * norm + 0.1 * thdot * thdot + 0.001 * u * u;
        double newThdot = thdot + (3 * 10.0 / 2 * Math.sin(th) + 3.0 * u) * 0.05;
        newThdot = Math.max(-8, Math.min(8, newThdot));
        return new double[] {th + newThdot * 0.05, newThdot, -cost};
    }

    @Test
    void stepsMatchGymnasiumsFormulas() {
        double[][] cases = { // theta, thetadot, action
                {0, 0, 0}, {1.0, 2.0, 1.5}, {-2.5, -7.9, -2.0}, {7.0, 0.5, 0.25}, {-9.0, 7.99, 5.0},
                {Math.PI, 0, -3.0}, {3.0, 7.9, 2.0}, {-Math.PI / 2, -1, 0.125},
        };
        Pendulum env = new Pendulum();
        for (double[] c : cases) {
            double[] obs0 = env.setState(new double[] {c[0], c[1]});
            assertArrayEquals(new double[] {Math.cos(c[0]), Math.sin(c[0]), c[1]}, obs0, 1e-6, "observation (float32, so within 1e-6) of " + c[0] + ", " + c[1]);
            double[] want = gymnasiumStep(c[0], c[1], c[2]);
            Step s = env.step(new double[] {c[2]});
            String what = "step from theta=" + c[0] + " thetadot=" + c[1] + " u=" + c[2];
            // The action term is float32 in Gymnasium (and here); the rest is float64.
            assertEquals(want[2], s.reward(), 1e-9, what + ": reward");
            assertArrayEquals(new double[] {want[0], want[1]}, env.state(), 1e-9, what + ": state");
            assertArrayEquals(new double[] {Math.cos(want[0]), Math.sin(want[0]), want[1]}, s.observation(), 1e-6, what + ": observation");
            assertFalse(s.terminated(), "Pendulum never terminates");
        }
    }

    @Test
    void angleNormalizeIsPythonsFlooredModulo() {
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 0.0, "pi maps to -pi as ((pi + pi) % 2pi) - pi does");
        assertEquals(0.5, Pendulum.angleNormalize(0.5 + 4 * Math.PI), 1e-14);
        assertEquals(-0.5, Pendulum.angleNormalize(-0.5 - 6 * Math.PI), 1e-14);
    }

    @Test
    void resetDrawsFromGymnasiumsRanges() {
        Pendulum env = new Pendulum();
        env.reset(3);
        double minTh = 9, maxTh = -9, minV = 9, maxV = -9;
        for (int i = 0; i < 2000; i++) {
            env.reset();
            double[] s = env.state();
            minTh = Math.min(minTh, s[0]);
            maxTh = Math.max(maxTh, s[0]);
            minV = Math.min(minV, s[1]);
            maxV = Math.max(maxV, s[1]);
        }
        assertTrue(minTh >= -Math.PI && maxTh < Math.PI && minTh < -3.0 && maxTh > 3.0, "theta ~ U[-pi, pi): saw [" + minTh + ", " + maxTh + "]");
        assertTrue(minV >= -1 && maxV < 1 && minV < -0.95 && maxV > 0.95, "thetadot ~ U[-1, 1): saw [" + minV + ", " + maxV + "]");
    }
}
