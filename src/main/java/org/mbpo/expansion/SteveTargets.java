package org.mbpo.expansion;

import org.mbpo.agent.Sac;
import org.mbpo.data.TransitionBatch;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Stochastic ensemble value expansion (Buckman et al. 2018, "Sample-Efficient Reinforcement Learning with Stochastic
 * Ensemble Value Expansion", Sec. 4), as SAC's soft target (notation: {@link ValueExpansion}).
 *
 * <h2>Candidates</h2>
 * For each elite m = 1 … M of the ensemble ({@link DynamicsModel#rolloutMembers}), H steps of π in that member alone
 * from s₁ ({@link DynamicsModel#sampleMember}; a₁ = SAC's a′ for every member, later actions drawn per member), giving
 * sᵢᵐ, aᵢᵐ, rᵢᵐ, cᵢᵐ. For each horizon h = 0 … H and each twin critic n = 1, 2, the candidate target is
 * <pre>
 *   T_h^{m,n} = r₀ + Σ_{i=1..h} γ^i cᵢᵐ (rᵢᵐ − α log π(aᵢᵐ|sᵢᵐ)) + γ^{h+1} c_{h+1}ᵐ (Q̄_n(s_{h+1}ᵐ, a_{h+1}ᵐ) − α log π(a_{h+1}ᵐ|s_{h+1}ᵐ))
 * </pre>
 * (T_0^{m,n} does not depend on m: it is SAC's target with critic n alone).
 *
 * <h2>The estimator</h2>
 * Per horizon, μ_h and σ²_h over the candidates, and the inverse-variance-weighted mean of the horizons:
 * <pre>
 *   μ_h = mean_m [ r₀ + Σ_{i=1..h} γ^i cᵢᵐ (rᵢᵐ − α log π) + γ^{h+1} c_{h+1}ᵐ (min_n Q̄_n(s_{h+1}ᵐ, a_{h+1}ᵐ) − α log π) ]
 *   σ²_h = var_{m,n} T_h^{m,n}   (population variance over the 2M candidates)
 *   y = Σ_h w_h μ_h,   w_h = (1/σ²_h) / Σ_k (1/σ²_k)
 * </pre>
 * (Buckman et al.'s eq. for T^{MVE}_{STEVE}; {@link #weights}). Deviation: Buckman et al.'s μ_h is the plain mean over
 * all combinations; here μ_h takes SAC's clipped double-Q (the minimum of the twin critics) per member, and σ²_h the
 * spread over every (member, critic) combination. So μ_0 is SAC's target, and with H = 0 the target is SAC's bit for bit
 * (w_0 = 1; μ_0 is computed with SAC's float operations).
 *
 * <p>Zero variance: a horizon with σ²_h = 0 (or so small that 1/σ²_h overflows) has infinite precision. If any horizon
 * has, the weight is shared equally among those that have, and the others get none; this is the limit of the formula as
 * their variances go to 0 together, and it gives the real row's terminal target r₀ when d₀ = 1 (every candidate is r₀).
 *
 * <p>Further deviations, besides {@link ValueExpansion}'s: Buckman et al. ensemble the reward function and the
 * termination function separately (L and N models); here a member predicts reward and next state together (MBPO's
 * model), so the reward ensemble is the dynamics ensemble, and terminations come from the true termination function.
 * The critics train on the real rows only, as in Buckman et al.
 *
 * <p>Progress columns: {@code target_gap} ({@link ValueExpansion#columns}) and {@code horizon_weight_h}, h = 0 … H: the
 * mean weight w_h over the real rows.
 */
public final class SteveTargets extends ValueExpansion {
    private int capacity;
    private int members;
    private int obsDim;
    private int actDim;
    private float[] states;
    private float[] nextStates;
    private float[] actions;
    private float[] nextActions;
    private float[] logProbs;
    private float[] nextLogProbs;
    private float[] rewards;
    private boolean[] alive;
    private boolean[] nextAlive;
    private boolean[] terminated;
    private float[] q1;
    private float[] q2;
    /** One member's rows, {@code [B, ·]}, for {@link DynamicsModel#sampleMember}. */
    private float[] rowObs;
    private float[] rowAct;
    private float[] rowNext;
    private float[] rowRewards;
    /** r₀ + Σ_{i ≤ h} γ^i cᵢᵐ (rᵢᵐ − α log π), per (member, row). */
    private double[] partial;
    /** μ_h and σ²_h, {@code [H+1][B]}. */
    private double[][] means;
    private double[][] variances;
    private float[] targets;
    private final double[] variance;
    private final double[] weight;
    private final double[] weightSums;
    private long weightRows;

    SteveTargets(int horizon, ModelFunctions functions, RandomGenerator rng) {
        super(horizon, functions, rng);
        this.variance = new double[horizon + 1];
        this.weight = new double[horizon + 1];
        this.weightSums = new double[horizon + 1];
    }

    /**
     * Buckman et al.'s weights: {@code out[h] = (1/σ²_h) / Σ_k (1/σ²_k)} for {@code variances[0 … count−1]}; if any 1/σ²_h
     * is infinite (σ²_h = 0, or too small to invert), those horizons share the weight equally and the others get 0. The
     * weights are non-negative and sum to 1 (within rounding), unless a variance is NaN (then they are NaN).
     */
    public static void weights(double[] variances, int count, double[] out) {
        int infinite = 0;
        double precision = 0;
        for (int h = 0; h < count; h++) {
            double p = 1 / variances[h];
            if (p == Double.POSITIVE_INFINITY) {
                infinite++;
            } else {
                precision += p;
            }
        }
        for (int h = 0; h < count; h++) {
            double p = 1 / variances[h];
            out[h] = infinite > 0 ? (p == Double.POSITIVE_INFINITY ? 1.0 / infinite : 0) : p / precision;
        }
    }

    @Override
    public Rows targets(Sac agent, TransitionBatch b, Bootstrap sac) {
        int n = b.size();
        float alpha = sac.alpha();
        float gamma = sac.gamma();
        float[] r0 = b.rewards();
        boolean[] realTerminated = b.terminated();
        int m = horizon == 0 ? 1 : model().rolloutMembers();
        allocate(n, m, b.obsDim(), b.actDim());
        // h = 0: SAC's target with each critic (σ²_0) and with their minimum (μ_0, SAC's float operations).
        float[] lp1 = sac.nextLogProbs();
        for (int r = 0; r < n; r++) {
            boolean c1 = !realTerminated[r];
            float soft = Math.min(sac.nextQ1()[r], sac.nextQ2()[r]) - alpha * lp1[r];
            targets[r] = r0[r] + (c1 ? gamma * soft : 0f);
            means[0][r] = targets[r];
            double t1 = r0[r] + (c1 ? gamma * ((double) sac.nextQ1()[r] - alpha * lp1[r]) : 0);
            double t2 = r0[r] + (c1 ? gamma * ((double) sac.nextQ2()[r] - alpha * lp1[r]) : 0);
            variances[0][r] = (t1 - t2) * (t1 - t2) / 4;
        }
        if (horizon > 0) {
            expand(agent, b, sac, n, m);
            for (int r = 0; r < n; r++) {
                for (int h = 0; h <= horizon; h++) {
                    variance[h] = variances[h][r];
                }
                weights(variance, horizon + 1, weight);
                double y = 0;
                for (int h = 0; h <= horizon; h++) {
                    y += weight[h] * means[h][r];
                    weightSums[h] += weight[h];
                }
                targets[r] = (float) y;
            }
        } else {
            weightSums[0] += n;
        }
        weightRows += n;
        countGap(targets, sac.targets(), n);
        return new Rows(b.observations(), b.actions(), targets, n);
    }

    /** μ_h and σ²_h for h = 1 … H: every member's rollout from s₁, row block {@code [k·B, (k+1)·B)} for member k. */
    private void expand(Sac agent, TransitionBatch b, Bootstrap sac, int n, int m) {
        float alpha = sac.alpha();
        double gamma = sac.gamma();
        DynamicsModel dynamics = model();
        for (int k = 0; k < m; k++) {
            System.arraycopy(b.nextObservations(), 0, states, k * n * obsDim, n * obsDim);
            System.arraycopy(sac.nextActions(), 0, actions, k * n * actDim, n * actDim);
            System.arraycopy(sac.nextLogProbs(), 0, logProbs, k * n, n);
            for (int r = 0; r < n; r++) {
                alive[k * n + r] = !b.terminated()[r];
                partial[k * n + r] = b.rewards()[r];
            }
        }
        int rows = m * n;
        double discount = gamma;  // γ^h
        for (int h = 1; h <= horizon; h++) {
            for (int k = 0; k < m; k++) {
                System.arraycopy(states, k * n * obsDim, rowObs, 0, n * obsDim);
                System.arraycopy(actions, k * n * actDim, rowAct, 0, n * actDim);
                dynamics.sampleMember(k, rowObs, rowAct, n, rng, rowNext, rowRewards);
                System.arraycopy(rowNext, 0, nextStates, k * n * obsDim, n * obsDim);
                System.arraycopy(rowRewards, 0, rewards, k * n, n);
            }
            functions.terminated(states, actions, nextStates, rows, terminated);
            agent.actBatch(nextStates, rows, rng, nextActions, nextLogProbs);
            agent.targetValues(nextStates, nextActions, rows, q1, q2);
            for (int j = 0; j < rows; j++) {
                nextAlive[j] = alive[j] && !terminated[j];
                if (alive[j]) {
                    partial[j] += discount * ((double) rewards[j] - alpha * logProbs[j]);
                }
            }
            double bootstrap = discount * gamma;  // γ^{h+1}
            for (int r = 0; r < n; r++) {
                // The candidates' spread about the first one: exactly 0 when they are all equal, and no cancellation.
                double first = Double.NaN;
                double sum = 0;
                double sumSquares = 0;
                double sumMin = 0;
                for (int k = 0; k < m; k++) {
                    int j = k * n + r;
                    double t1 = partial[j];
                    double t2 = partial[j];
                    double tMin = partial[j];
                    if (nextAlive[j]) {
                        double entropy = alpha * (double) nextLogProbs[j];
                        t1 += bootstrap * (q1[j] - entropy);
                        t2 += bootstrap * (q2[j] - entropy);
                        tMin += bootstrap * (Math.min(q1[j], q2[j]) - entropy);
                    }
                    if (k == 0) {
                        first = t1;
                    }
                    sum += (t1 - first) + (t2 - first);
                    sumSquares += (t1 - first) * (t1 - first) + (t2 - first) * (t2 - first);
                    sumMin += tMin;
                }
                double shift = sum / (2 * m);
                means[h][r] = sumMin / m;
                variances[h][r] = Math.max(0, sumSquares / (2 * m) - shift * shift);
            }
            discount = bootstrap;
            swap();
        }
    }

    /** The next step's arrays become the current step's. */
    private void swap() {
        float[] s = states;
        states = nextStates;
        nextStates = s;
        float[] a = actions;
        actions = nextActions;
        nextActions = a;
        float[] l = logProbs;
        logProbs = nextLogProbs;
        nextLogProbs = l;
        boolean[] c = alive;
        alive = nextAlive;
        nextAlive = c;
    }

    private void allocate(int n, int m, int obs, int act) {
        if (n == capacity && m == members && obs == obsDim && act == actDim) {
            return;
        }
        capacity = n;
        members = m;
        obsDim = obs;
        actDim = act;
        int rows = n * m;
        states = new float[rows * obs];
        nextStates = new float[rows * obs];
        actions = new float[rows * act];
        nextActions = new float[rows * act];
        logProbs = new float[rows];
        nextLogProbs = new float[rows];
        rewards = new float[rows];
        alive = new boolean[rows];
        nextAlive = new boolean[rows];
        terminated = new boolean[rows];
        q1 = new float[rows];
        q2 = new float[rows];
        partial = new double[rows];
        rowObs = new float[n * obs];
        rowAct = new float[n * act];
        rowNext = new float[n * obs];
        rowRewards = new float[n];
        means = new double[horizon + 1][n];
        variances = new double[horizon + 1][n];
        targets = new float[n];
    }

    @Override
    List<String> ownColumns() {
        List<String> c = new ArrayList<>();
        for (int h = 0; h <= horizon; h++) {
            c.add("horizon_weight_" + h);
        }
        return c;
    }

    @Override
    List<Double> ownValues() {
        List<Double> v = new ArrayList<>();
        for (int h = 0; h <= horizon; h++) {
            v.add(weightRows == 0 ? Double.NaN : weightSums[h] / weightRows);
        }
        return v;
    }

    @Override
    void resetOwnStats() {
        java.util.Arrays.fill(weightSums, 0);
        weightRows = 0;
    }
}
