package org.mbpo.theory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exact quantity of one {@link TheoryInstance} and every bound checked against it.
 *
 * <h2>Definitions (t counts from 0; sums and maxima over t run over t = 0, …, H−1)</h2>
 * <ul>
 * <li>η ({@code eta}): the return of π under p; η̂ ({@code eta_model}): π under p̂;
 * {@code eta_data}: π_D under p.</li>
 * <li>{@code eta_branch}: for t ≥ k the state at t is t−k steps of (p, π_D) from d₀ followed by k
 * steps of (p̂, π); for t &lt; k it is t steps of (p̂, π); rewards under π
 * ({@link BranchOrder#BRANCH}).</li>
 * <li>{@code eta_branch_post_first}: steps 0..k−1 under (p̂, π) with rewards under π, steps ≥ k under
 * (p, π_D) with rewards under π_D ({@link BranchOrder#POST_FIRST}).</li>
 * <li>ε_π, ε_m, ε_m′ and r_max as in {@link Bounds}.</li>
 * </ul>
 *
 * <h2>What each check compares</h2>
 * <ul>
 * <li>Lemma 1, both forms: at every t, the state-action joints of (p, π_D) and (p̂, π) — x the
 * state with marginals d_t, y the action with conditionals π_D and π (the step in Lemma 3's proof).</li>
 * <li>Lemma 2: TV(d_t(p, π_D), d_t(p̂, π)) against t·δ with δ = max_t E_{s∼d_t(p,π_D)} TV of the two
 * state-transition kernels.</li>
 * <li>Lemma 3: |η_data − η̂| with chain 1 = (p, π_D) and chain 2 = (p̂, π), ε_m as defined above.</li>
 * <li>Theorem 1: η̂ − η against C₁. Theorems 2 and 3: η_branch − η against C₂ (with ε_m′) and C₃
 * (with ε_m), in both orders.</li>
 * <li>Lemma 4: the true return as a scheme with (p, π) before and after the branch, against the
 * branched scheme ((p, π_D) before, (p̂, π) after), with the pre/post ε's of {@link SchemePair}.</li>
 * </ul>
 * "Holds" means gap ≤ bound + 1e-9.
 */
public final class InstanceEvaluation {
    private final TheoryInstance instance;
    private final double eta;
    private final double etaModel;
    private final double etaData;
    private final double etaBranch;
    private final double etaBranchPostFirst;
    private final double etaExact;
    private final double etaModelExact;
    private final double etaDataExact;
    private final double etaBranchExact;
    private final double etaBranchPostFirstExact;
    private final double epsPi;
    private final double epsM;
    private final double epsMPrime;
    private final double rMax;
    private final double lemma2Delta;
    private final SchemePair.Lemma4Result lemma4Branch;
    private final SchemePair.Lemma4Result lemma4PostFirst;
    private final Map<Bound, BoundCheck> checks;

    private InstanceEvaluation(TheoryInstance in) {
        this.instance = in;
        ExactSolver solver = in.solver();
        double gamma = in.gamma();
        int k = in.k();
        Chain real = in.real();
        Chain data = in.data();
        Chain modelled = in.modelled();

        eta = solver.returnTruncated(real);
        etaModel = solver.returnTruncated(modelled);
        etaData = solver.returnTruncated(data);
        etaBranch = solver.branchedReturnTruncated(data, modelled, k, BranchOrder.BRANCH);
        etaBranchPostFirst = solver.branchedReturnTruncated(data, modelled, k, BranchOrder.POST_FIRST);
        etaExact = solver.returnExact(real);
        etaModelExact = solver.returnExact(modelled);
        etaDataExact = solver.returnExact(data);
        etaBranchExact = solver.branchedReturn(data, modelled, k, BranchOrder.BRANCH);
        etaBranchPostFirstExact = solver.branchedReturn(data, modelled, k, BranchOrder.POST_FIRST);

        double[][] dData = solver.stateMarginals(data);
        double[][] dReal = solver.stateMarginals(real);
        double[][] dModel = solver.stateMarginals(modelled);
        double[][][] p = in.mdp().dynamics();
        epsPi = Divergences.policyShift(in.dataPolicy(), in.policy());
        epsM = Divergences.modelError(dData, in.dataPolicy(), p, in.model());
        epsMPrime = Divergences.modelError(dReal, in.policy(), p, in.model());
        rMax = in.mdp().rewardMax();

        Map<Bound, BoundCheck> c = new EnumMap<>(Bound.class);
        lemma1(c, dData, dModel);
        lemma2Delta = lemma2(c, dData, dModel, data.transition(), modelled.transition());
        c.put(Bound.LEMMA3, new BoundCheck(Bound.LEMMA3, Math.abs(etaData - etaModel),
                Bounds.lemma3(gamma, rMax, epsM, epsPi), ""));
        c.put(Bound.THEOREM1, new BoundCheck(Bound.THEOREM1, etaModel - eta,
                Bounds.theorem1(gamma, rMax, epsM, epsPi), ""));

        SchemePair.Scheme truth = SchemePair.Scheme.of(real);
        SchemePair.Scheme branched = new SchemePair.Scheme(data, modelled);
        lemma4Branch = SchemePair.compare(solver, rMax, truth, branched, k, BranchOrder.BRANCH, Bound.LEMMA4);
        lemma4PostFirst = SchemePair.compare(solver, rMax, truth, branched, k, BranchOrder.POST_FIRST,
                Bound.LEMMA4_POST_FIRST);
        c.put(Bound.LEMMA4, lemma4Branch.check());
        c.put(Bound.LEMMA4_POST_FIRST, lemma4PostFirst.check());

        double c2 = Bounds.theorem2(gamma, rMax, k, epsPi, epsMPrime);
        double c3 = Bounds.theorem3(gamma, rMax, k, epsPi, epsM);
        c.put(Bound.THEOREM2, new BoundCheck(Bound.THEOREM2, etaBranch - eta, c2, ""));
        c.put(Bound.THEOREM2_POST_FIRST, new BoundCheck(Bound.THEOREM2_POST_FIRST, etaBranchPostFirst - eta, c2, ""));
        c.put(Bound.THEOREM3, new BoundCheck(Bound.THEOREM3, etaBranch - eta, c3, ""));
        c.put(Bound.THEOREM3_POST_FIRST, new BoundCheck(Bound.THEOREM3_POST_FIRST, etaBranchPostFirst - eta, c3, ""));
        this.checks = Collections.unmodifiableMap(c);
    }

    /** Solves {@code instance} exactly and checks every bound on it. */
    public static InstanceEvaluation of(TheoryInstance instance) {
        return new InstanceEvaluation(instance);
    }

    /** Lemma 1 at every t; keeps the worst t of each form. */
    private void lemma1(Map<Bound, BoundCheck> c, double[][] dData, double[][] dModel) {
        double[][] piD = instance.dataPolicy().probabilities();
        double[][] pi = instance.policy().probabilities();
        BoundCheck worstMax = null;
        BoundCheck worstExp = null;
        for (int t = 0; t < dData.length; t++) {
            JointTv j = JointTv.of(dData[t], piD, dModel[t], pi);
            String at = "t=" + t;
            BoundCheck m = new BoundCheck(Bound.LEMMA1_MAX, j.jointTv(), j.maxBound(), at);
            BoundCheck e = new BoundCheck(Bound.LEMMA1_EXPECTATION, j.jointTv(), j.expectationBound(), at);
            worstMax = worstMax == null ? m : worstMax.worse(m);
            worstExp = worstExp == null ? e : worstExp.worse(e);
        }
        c.put(Bound.LEMMA1_MAX, worstMax);
        c.put(Bound.LEMMA1_EXPECTATION, worstExp);
    }

    /** Lemma 2 at every t for the state chains of (p, π_D) and (p̂, π); returns δ. */
    private static double lemma2(Map<Bound, BoundCheck> c, double[][] dData, double[][] dModel,
                                 double[][] mData, double[][] mModel) {
        int states = mData.length;
        double[] kernelTv = new double[states];
        for (int s = 0; s < states; s++) {
            kernelTv[s] = Divergences.tv(mData[s], mModel[s]);
        }
        double delta = 0;
        for (double[] d : dData) {
            delta = Math.max(delta, ExactSolver.dot(d, kernelTv));
        }
        BoundCheck worst = null;
        for (int t = 0; t < dData.length; t++) {
            BoundCheck b = new BoundCheck(Bound.LEMMA2, Divergences.tv(dData[t], dModel[t]),
                    Bounds.lemma2(t, delta), "t=" + t);
            worst = worst == null ? b : worst.worse(b);
        }
        c.put(Bound.LEMMA2, worst);
        return delta;
    }

    public TheoryInstance instance() {
        return instance;
    }

    /** η: π under p, truncated at H. */
    public double eta() {
        return eta;
    }

    /** η̂: π under p̂, truncated at H. */
    public double etaModel() {
        return etaModel;
    }

    /** π_D under p, truncated at H. */
    public double etaData() {
        return etaData;
    }

    /** η_branch ({@link BranchOrder#BRANCH}), truncated at H. */
    public double etaBranch() {
        return etaBranch;
    }

    /** η_branch in the post-first order, truncated at H. */
    public double etaBranchPostFirst() {
        return etaBranchPostFirst;
    }

    /** η by a linear solve (infinite horizon). */
    public double etaExact() {
        return etaExact;
    }

    public double etaModelExact() {
        return etaModelExact;
    }

    public double etaDataExact() {
        return etaDataExact;
    }

    public double etaBranchExact() {
        return etaBranchExact;
    }

    public double etaBranchPostFirstExact() {
        return etaBranchPostFirstExact;
    }

    public double epsPi() {
        return epsPi;
    }

    public double epsM() {
        return epsM;
    }

    public double epsMPrime() {
        return epsMPrime;
    }

    public double rMax() {
        return rMax;
    }

    /** Lemma 2's δ for the state chains of (p, π_D) and (p̂, π). */
    public double lemma2Delta() {
        return lemma2Delta;
    }

    /** Lemma 4 with its four ε's in the given order. */
    public SchemePair.Lemma4Result lemma4(BranchOrder order) {
        return order == BranchOrder.BRANCH ? lemma4Branch : lemma4PostFirst;
    }

    /** The check of one bound (not the {@link Bound#onSchemePairs()} ones). */
    public BoundCheck check(Bound bound) {
        BoundCheck c = checks.get(bound);
        if (c == null) {
            throw new IllegalArgumentException(bound.key() + " is evaluated on scheme pairs, not on instances");
        }
        return c;
    }

    /** All checks, in {@link Bound} order. */
    public Map<Bound, BoundCheck> checks() {
        return checks;
    }

    /**
     * The JSON object {@code ./mbpo bounds check} prints: the keys of the schema first
     * ({@code eta … theorem3_holds}), then the exact infinite-horizon values, Lemma 4's ε's, and
     * every check as {@code {gap, bound, ratio, holds, at}}. Numbers are doubles at full precision;
     * a ratio that is infinite is written as null.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("eta", eta);
        j.put("eta_model", etaModel);
        j.put("eta_data", etaData);
        j.put("eta_branch", etaBranch);
        j.put("eta_branch_post_first", etaBranchPostFirst);
        j.put("eps_pi", epsPi);
        j.put("eps_m", epsM);
        j.put("eps_m_prime", epsMPrime);
        j.put("r_max", rMax);
        j.put("theorem1_c", check(Bound.THEOREM1).value());
        j.put("theorem2_c", check(Bound.THEOREM2).value());
        j.put("theorem3_c", check(Bound.THEOREM3).value());
        j.put("theorem1_holds", check(Bound.THEOREM1).holds());
        j.put("theorem2_holds", check(Bound.THEOREM2).holds());
        j.put("theorem3_holds", check(Bound.THEOREM3).holds());
        j.put("theorem2_post_first_holds", check(Bound.THEOREM2_POST_FIRST).holds());
        j.put("theorem3_post_first_holds", check(Bound.THEOREM3_POST_FIRST).holds());
        j.put("gamma", instance.gamma());
        j.put("k", instance.k());
        j.put("horizon", instance.horizon());
        j.put("states", instance.states());
        j.put("actions", instance.actions());
        Map<String, Object> exact = new LinkedHashMap<>();
        exact.put("eta", etaExact);
        exact.put("eta_model", etaModelExact);
        exact.put("eta_data", etaDataExact);
        exact.put("eta_branch", etaBranchExact);
        exact.put("eta_branch_post_first", etaBranchPostFirstExact);
        j.put("infinite_horizon", exact);
        j.put("lemma2_delta", lemma2Delta);
        j.put("lemma4", lemma4Branch.toJson());
        j.put("lemma4_post_first", lemma4PostFirst.toJson());
        Map<String, Object> all = new LinkedHashMap<>();
        checks.forEach((b, c) -> all.put(b.key(), checkJson(c)));
        j.put("checks", all);
        return j;
    }

    static Map<String, Object> checkJson(BoundCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gap", c.gap());
        m.put("bound", c.value());
        double ratio = c.ratio();
        m.put("ratio", Double.isFinite(ratio) ? ratio : null);
        m.put("holds", c.holds());
        if (!c.where().isEmpty()) {
            m.put("at", c.where());
        }
        return m;
    }
}
