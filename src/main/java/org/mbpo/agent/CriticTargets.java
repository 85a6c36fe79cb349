package org.mbpo.agent;

import org.mbpo.data.TransitionBatch;

/**
 * How a SAC update's critics get their regression targets when not from SAC's own soft target ({@link Sac#update(
 * TransitionBatch, CriticTargets)}): model-based value expansion ({@code org.mbpo.expansion}: MVE, STEVE). Called once
 * per update, after π has been sampled at the batch's next states and SAC's target computed ({@link Bootstrap}), before
 * any network changes; the critics then take their step on the {@link Rows} it returns, and the actor, the temperature
 * and the target networks theirs, exactly as in SAC.
 */
@FunctionalInterface
public interface CriticTargets {

    /**
     * The rows the two critics fit in this update: the batch's own (s, a) with new targets, and any further rows.
     *
     * @param agent the agent being updated (its networks as they were before this update; see
     *              {@link Sac#targetValues} and {@link Sac#actBatch(float[], int, java.util.random.RandomGenerator, float[],
     *              float[])} for what may be evaluated)
     * @param batch the update's batch of B real transitions
     * @param sac   what SAC's own target was made of in this update
     */
    Rows targets(Sac agent, TransitionBatch batch, Bootstrap sac);

    /**
     * What SAC's own target of the update under way is made of (Haarnoja et al. 2018a, eq. 5, with clipped double Q):
     * <pre>
     *   y = r + γ (1 − terminated) (min_k Q̄_k(s′, a′) − α log π(a′|s′)),   a′ ~ π(·|s′)
     * </pre>
     * The arrays are the agent's and are rewritten by its next update: read them, do not keep them.
     *
     * @param alpha        α of this update
     * @param gamma        γ, as the float SAC's target uses
     * @param nextActions  a′ as this update sampled it (with the update's noise), row-major {@code [B, actDim]}
     * @param nextLogProbs log π(a′|s′), as the float SAC's target uses, {@code [B]}
     * @param nextQ1       Q̄_1(s′, a′), {@code [B]}
     * @param nextQ2       Q̄_2(s′, a′), {@code [B]}
     * @param targets      SAC's target y, {@code [B]}
     */
    record Bootstrap(float alpha, float gamma, float[] nextActions, float[] nextLogProbs, float[] nextQ1, float[] nextQ2,
                     float[] targets) {
    }

    /**
     * Rows for the critics' regression: row i is (observations[i], actions[i]) with target targets[i], for
     * i &lt; count; each critic's loss is their mean squared error, mean_i (Q_θk(s_i, a_i) − y_i)², every row weighted
     * 1/count. The arrays may be longer than {@code count}; their length ({@link #capacity}) is the most rows the caller
     * ever passes, so that the agent sizes its workspace once.
     *
     * @param observations row-major {@code [capacity, obsDim]}
     * @param actions      row-major {@code [capacity, actDim]}, in [−1, 1]
     * @param targets      {@code [capacity]}
     * @param count        the rows used, at least 1
     */
    record Rows(float[] observations, float[] actions, float[] targets, int count) {

        /** The most rows these arrays hold. */
        public int capacity() {
            return targets.length;
        }
    }
}
