package org.mbpo.agent;

import org.mbpo.env.Box;

/**
 * Maps the agent's actions in [−1, 1]^|A| affinely onto an environment's bounded action box:
 * {@code low + (a + 1) (high − low) / 2} (SB3's {@code unscale_action}; CleanRL's action scale and bias).
 */
public final class ActionScale {
    private final double[] low;
    private final double[] high;

    /**
     * @throws IllegalArgumentException if a bound is infinite
     */
    public ActionScale(Box actionSpace) {
        this.low = actionSpace.low();
        this.high = actionSpace.high();
        for (int j = 0; j < low.length; j++) {
            if (!Double.isFinite(low[j]) || !Double.isFinite(high[j])) {
                throw new IllegalArgumentException("action dimension " + j + " is unbounded; SAC needs a bounded action box");
            }
        }
    }

    /** Writes the environment's action for the agent's {@code a} into {@code out}. */
    public void toEnv(double[] a, double[] out) {
        for (int j = 0; j < low.length; j++) {
            out[j] = low[j] + (a[j] + 1) * 0.5 * (high[j] - low[j]);
        }
    }
}
