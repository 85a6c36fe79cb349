package org.mbpo.expansion;

import org.mbpo.agent.CriticTargets;
import org.mbpo.agent.Sac;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Model-based value expansion (Feinberg et al. 2018, "Model-Based Value Estimation for Efficient Model-Free
 * Reinforcement Learning", Sec. 3 and Algorithm 1), as SAC's soft target (notation: {@link ValueExpansion}).
 *
 * <h2>The target</h2>
 * From each real transition, H steps of π in the model from s₁ (MBPO's sampling: {@link DynamicsModel#sample}, one
 * elite drawn per row and step, the next state drawn from its Gaussian), and the soft H-step return plus the bootstrap:
 * <pre>
 *   y₀ = r₀ + Σ_{i=1..H} γ^i cᵢ (rᵢ − α log π(aᵢ|sᵢ)) + γ^{H+1} c_{H+1} V̂(s_{H+1})
 * </pre>
 * With H = 0 this is SAC's target, computed with the same float operations (bit for bit). It is evaluated backwards,
 * which also gives the targets of the imagined rows:
 * <pre>
 *   G_{H+1} = V̂(s_{H+1});   yᵢ = rᵢ + γ (1 − dᵢ₊₁) G_{i+1},   Gᵢ = yᵢ − α log π(aᵢ|sᵢ)   (i = H … 1);
 *   y₀ = r₀ + γ (1 − d₀) G₁
 * </pre>
 * where dᵢ₊₁ says the model's sᵢ₊₁ is terminal.
 *
 * <h2>The critics' rows (TD-k)</h2>
 * As in Feinberg et al. (their "TD-k trick"), the critics fit the imagined (sᵢ, aᵢ), i = 1 … H, too, each with the tail
 * yᵢ of the same expansion: a batch of B real transitions gives up to (H + 1) B rows. Rows at or after a predicted
 * termination (cᵢ = 0) are left out. Weighting: every row counts once and the loss is the mean over all rows
 * ({@link CriticTargets.Rows}), so with no terminations the real rows carry 1/(H + 1) of the loss, as in Feinberg et
 * al.'s average over the H + 1 positions of each trajectory; where rows are left out the mean is over those kept
 * (Feinberg et al. have no terminations to handle). The actor and α still train on the real states only, as there.
 *
 * <h2>Deviations</h2>
 * Besides {@link ValueExpansion}'s: Feinberg et al. imagine with the target actor; here with the current π, whose
 * samples SAC's own target uses. The imagined rows' targets use the same H + 1 − i bootstrap depth as the real row's,
 * so the deepest imagined row (i = H) has a one-step target.
 *
 * <p>Progress columns: {@code target_gap} ({@link ValueExpansion#columns}) and {@code imagined_rows}, the mean number of
 * imagined rows per real row (H when nothing terminates).
 */
public final class MveTargets extends ValueExpansion {
    private int capacity;
    private int obsDim;
    private int actDim;
    /** sᵢ, i = 1 … H+1, row-major {@code [B, obsDim]} each (index 0 unused). */
    private float[][] states;
    /** aᵢ, i = 1 … H+1, {@code [B, actDim]}. */
    private float[][] actions;
    /** log π(aᵢ|sᵢ), {@code [B]}. */
    private float[][] logProbs;
    /** rᵢ, i = 1 … H, {@code [B]}. */
    private float[][] rewards;
    /** cᵢ, i = 1 … H+1. */
    private boolean[][] alive;
    /** yᵢ, i = 0 … H. */
    private float[][] targets;
    private boolean[] terminated;
    private float[] q1;
    private float[] q2;
    private float[] value;
    private float[] rowObs;
    private float[] rowAct;
    private float[] rowTargets;
    private long imaginedRows;
    private long realRows;

    MveTargets(int horizon, ModelFunctions functions, RandomGenerator rng) {
        super(horizon, functions, rng);
    }

    @Override
    public Rows targets(Sac agent, TransitionBatch b, Bootstrap sac) {
        int n = b.size();
        allocate(n, b.obsDim(), b.actDim());
        float alpha = sac.alpha();
        float gamma = sac.gamma();
        // Step 1 from the real transition: s₁, and a₁ = the a′ SAC's own target drew there.
        System.arraycopy(b.nextObservations(), 0, states[1], 0, n * obsDim);
        System.arraycopy(sac.nextActions(), 0, actions[1], 0, n * actDim);
        System.arraycopy(sac.nextLogProbs(), 0, logProbs[1], 0, n);
        boolean[] realTerminated = b.terminated();
        for (int r = 0; r < n; r++) {
            alive[1][r] = !realTerminated[r];
        }
        // H imagined steps: (rᵢ, sᵢ₊₁) from the model, then aᵢ₊₁ ~ π(·|sᵢ₊₁).
        for (int i = 1; i <= horizon; i++) {
            model().sample(states[i], actions[i], n, rng, states[i + 1], rewards[i]);
            functions.terminated(states[i], actions[i], states[i + 1], n, terminated);
            for (int r = 0; r < n; r++) {
                alive[i + 1][r] = alive[i][r] && !terminated[r];
            }
            agent.actBatch(states[i + 1], n, rng, actions[i + 1], logProbs[i + 1]);
        }
        // G_{H+1} = V̂(s_{H+1}); at H = 0 SAC's own Q̄_k(s′, a′).
        float[] v1 = sac.nextQ1();
        float[] v2 = sac.nextQ2();
        if (horizon > 0) {
            agent.targetValues(states[horizon + 1], actions[horizon + 1], n, q1, q2);
            v1 = q1;
            v2 = q2;
        }
        float[] lastLogProbs = logProbs[horizon + 1];
        for (int r = 0; r < n; r++) {
            value[r] = Math.min(v1[r], v2[r]) - alpha * lastLogProbs[r];
        }
        // Backwards: yᵢ = rᵢ + γ (1 − dᵢ₊₁) G_{i+1}, Gᵢ = yᵢ − α log π(aᵢ|sᵢ); then y₀.
        for (int i = horizon; i >= 1; i--) {
            for (int r = 0; r < n; r++) {
                float yi = rewards[i][r] + (alive[i + 1][r] ? gamma * value[r] : 0f);
                targets[i][r] = yi;
                value[r] = yi - alpha * logProbs[i][r];
            }
        }
        float[] r0 = b.rewards();
        for (int r = 0; r < n; r++) {
            targets[0][r] = r0[r] + (alive[1][r] ? gamma * value[r] : 0f);
        }
        countGap(targets[0], sac.targets(), n);
        return rows(b);
    }

    /** The real rows with y₀, then the imagined (sᵢ, aᵢ, yᵢ) before any predicted termination. */
    private Rows rows(TransitionBatch b) {
        int n = b.size();
        System.arraycopy(b.observations(), 0, rowObs, 0, n * obsDim);
        System.arraycopy(b.actions(), 0, rowAct, 0, n * actDim);
        System.arraycopy(targets[0], 0, rowTargets, 0, n);
        int count = n;
        for (int i = 1; i <= horizon; i++) {
            for (int r = 0; r < n; r++) {
                if (alive[i][r]) {
                    System.arraycopy(states[i], r * obsDim, rowObs, count * obsDim, obsDim);
                    System.arraycopy(actions[i], r * actDim, rowAct, count * actDim, actDim);
                    rowTargets[count] = targets[i][r];
                    count++;
                }
            }
        }
        imaginedRows += count - n;
        realRows += n;
        return new Rows(rowObs, rowAct, rowTargets, count);
    }

    private void allocate(int n, int obs, int act) {
        if (n == capacity && obs == obsDim && act == actDim) {
            return;
        }
        capacity = n;
        obsDim = obs;
        actDim = act;
        int steps = horizon + 2;
        states = new float[steps][n * obs];
        actions = new float[steps][n * act];
        logProbs = new float[steps][n];
        rewards = new float[steps][n];
        alive = new boolean[steps][n];
        targets = new float[horizon + 1][n];
        terminated = new boolean[n];
        q1 = new float[n];
        q2 = new float[n];
        value = new float[n];
        rowObs = new float[(horizon + 1) * n * obs];
        rowAct = new float[(horizon + 1) * n * act];
        rowTargets = new float[(horizon + 1) * n];
    }

    // ---- For tests: the last expansion ---------------------------------------------------------------------------------

    /** aᵢ of the last {@link #targets} call, i = 1 … H+1, row-major {@code [B, actDim]} (the arrays themselves). */
    float[] imaginedActions(int i) {
        return actions[i];
    }

    /** yᵢ of the last call, i = 0 … H, {@code [B]}. */
    float[] stepTargets(int i) {
        return targets[i];
    }

    @Override
    List<String> ownColumns() {
        return List.of("imagined_rows");
    }

    @Override
    List<Double> ownValues() {
        return List.of(realRows == 0 ? Double.NaN : (double) imaginedRows / realRows);
    }

    @Override
    void resetOwnStats() {
        imaginedRows = 0;
        realRows = 0;
    }
}
