package org.mbpo.expansion;

import org.mbpo.agent.CriticTargets;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Model-based value expansion of SAC's critic targets: the other use of a learned model that Janner et al. (2019,
 * Sec. 6) compare MBPO with. Where MBPO uses the model to generate data for the policy, these use it to sharpen the
 * critics' targets on real data: SAC trains on real batches only, and the target of each real transition
 * (s₀, a₀, r₀, s₁) looks H steps ahead from s₁ in the model with the current policy.
 *
 * <h2>Notation (both targets)</h2>
 * γ, α and the networks are SAC's as they are before the update (target critics Q̄₁, Q̄₂, policy π); d₀ is the real
 * transition's {@code terminated}. The soft value estimate of SAC's target is
 * <pre>
 *   V̂(s) = min_j Q̄_j(s, a′) − α log π(a′|s),   a′ ~ π(·|s),
 * </pre>
 * and SAC's target is y = r₀ + γ (1 − d₀) V̂(s₁). An imagined step i ≥ 1 samples aᵢ ~ π(·|sᵢ) and (rᵢ, sᵢ₊₁) from the
 * model, with a₁ the very a′ SAC's own target drew at s₁ (the update's noise); sᵢ₊₁ is terminal when the environment's
 * termination function says so ({@link ModelFunctions#terminated}, as MBPO's rollouts stop), and cᵢ = 1 while
 * s₁ … sᵢ are all non-terminal (c₁ = 1 − d₀). Entropy terms make every expansion a soft return, so that H = 0 is SAC's
 * target bit for bit ({@link MveTargets}, {@link SteveTargets}).
 *
 * <h2>Deviations shared by both</h2>
 * The papers expand DDPG's targets with a deterministic target actor and deterministic models; here the policy is SAC's
 * (sampled actions, the entropy bonus in every step, the clipped double-Q bootstrap) and the model is MBPO's
 * probabilistic ensemble, sampled (next states drawn from a member's Gaussian). Rewards come from the model, as in
 * MBPO's rollouts; the terminations from the true termination function, as there. Truncated real transitions
 * bootstrap as in SAC.
 *
 * <p>An expansion is mutable (the model it uses, its scratch arrays, its per-epoch diagnostics), not thread-safe, and
 * draws its model noise and π's imagined actions from the generator it is made with.
 */
public abstract sealed class ValueExpansion implements CriticTargets permits MveTargets, SteveTargets {
    final int horizon;
    final ModelFunctions functions;
    final RandomGenerator rng;
    /** The model the targets look ahead in; null until {@link #useModel}. */
    DynamicsModel model;
    private double gapSum;
    private long gapRows;

    ValueExpansion(int horizon, ModelFunctions functions, RandomGenerator rng) {
        if (horizon < 0) {
            throw new IllegalArgumentException("horizon must be at least 0, got " + horizon);
        }
        this.horizon = horizon;
        this.functions = functions;
        this.rng = rng;
    }

    /**
     * The expansion {@code config} names (mve or steve).
     *
     * @param functions the environment's termination function, for the imagined steps
     * @param rng       the generator of the model's noise and π's imagined actions
     * @throws IllegalArgumentException for critic_target sac (no expansion)
     */
    public static ValueExpansion of(ValueExpansionConfig config, ModelFunctions functions, RandomGenerator rng) {
        return switch (config.criticTarget()) {
            case MVE -> new MveTargets(config.horizon(), functions, rng);
            case STEVE -> new SteveTargets(config.horizon(), functions, rng);
            case SAC -> throw new IllegalArgumentException("critic_target sac is SAC's own target, not a value expansion");
        };
    }

    /** H. */
    public int horizon() {
        return horizon;
    }

    /** Looks ahead in {@code model} from now on (after each model training). Mutates the expansion. */
    public void useModel(DynamicsModel model) {
        this.model = model;
    }

    /** The model, checked to be there (it is needed from H = 1 on). */
    DynamicsModel model() {
        if (model == null) {
            throw new IllegalStateException("value expansion with H = " + horizon + " needs a model: useModel first");
        }
        return model;
    }

    // ---- Diagnostics per progress row --------------------------------------------------------------------------------

    /**
     * The progress columns this expansion adds: {@code target_gap}, mean |y − y_SAC| over the real rows of the updates
     * since {@link #resetStats} (how far the model moved the targets from SAC's), then the subclass's.
     */
    public final List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add("target_gap");
        c.addAll(ownColumns());
        return c;
    }

    /** The values of {@link #columns} since {@link #resetStats} (NaN before any update). */
    public final List<Double> epochValues() {
        List<Double> v = new ArrayList<>();
        v.add(gapRows == 0 ? Double.NaN : gapSum / gapRows);
        v.addAll(ownValues());
        return v;
    }

    /** Starts the diagnostics over, for the next progress row. Mutates the expansion. */
    public void resetStats() {
        gapSum = 0;
        gapRows = 0;
        resetOwnStats();
    }

    /** Counts |targets[r] − sac[r]| of the {@code n} real rows. */
    final void countGap(float[] targets, float[] sac, int n) {
        for (int r = 0; r < n; r++) {
            gapSum += Math.abs((double) targets[r] - sac[r]);
        }
        gapRows += n;
    }

    abstract List<String> ownColumns();

    abstract List<Double> ownValues();

    abstract void resetOwnStats();
}
