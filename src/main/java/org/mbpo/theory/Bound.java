package org.mbpo.theory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The bounds this package checks, with the gap each is compared against. Evaluated on a
 * {@link TheoryInstance} by {@link InstanceEvaluation}, except the two general Lemma 4 checks,
 * which compare two arbitrary branched schemes ({@link SchemePair}).
 */
public enum Bound {
    /** TV of the state-action joints at each t of (p, π_D) and (p̂, π) against Lemma 1's max form. */
    LEMMA1_MAX("Lemma 1, max form", "TV(joint) ≤ TV(marginal) + max_x TV(conditional), at every t"),
    /** The same joints against Lemma 1's expectation form. */
    LEMMA1_EXPECTATION("Lemma 1, expectation form", "TV(joint) ≤ TV(marginal) + E_x TV(conditional), at every t"),
    /** TV(d_t(p,π_D), d_t(p̂,π)) against t·δ. */
    LEMMA2("Lemma 2", "TV(d_t¹, d_t²) ≤ t·δ"),
    /** |η_data − η_model| against Lemma 3 with (p, π_D) as the first chain. */
    LEMMA3("Lemma 3", "|η[π_D] − η̂[π]| ≤ 2r[γ(ε_m+ε_π)/(1−γ)² + ε_π/(1−γ)]"),
    /** η̂ − η against Theorem 1's constant. */
    THEOREM1("Theorem 1", "η ≥ η̂ − C₁"),
    /** |η − η_branch| against Lemma 4 for (p,π) against the branched scheme, branch order. */
    LEMMA4("Lemma 4 (true vs branched, branch order)", "|η − η_branch| ≤ C₄(pre/post ε's)"),
    /** The same in the post-first order. */
    LEMMA4_POST_FIRST("Lemma 4 (true vs branched, post-first order)", "|η − η_branch_post_first| ≤ C₄"),
    /** η_branch − η against Theorem 2's constant. */
    THEOREM2("Theorem 2", "η ≥ η_branch − C₂(ε_π, ε_m′)"),
    /** η_branch_post_first − η against Theorem 2's constant. */
    THEOREM2_POST_FIRST("Theorem 2, post-first order", "η ≥ η_branch_post_first − C₂"),
    /** η_branch − η against Theorem 3's constant. */
    THEOREM3("Theorem 3", "η ≥ η_branch − C₃(ε_π, ε_m)"),
    /** η_branch_post_first − η against Theorem 3's constant. */
    THEOREM3_POST_FIRST("Theorem 3, post-first order", "η ≥ η_branch_post_first − C₃"),
    /** Lemma 4 on two arbitrary branched schemes, branch order. */
    LEMMA4_GENERAL("Lemma 4, general schemes, branch order", "|η₁ − η₂| ≤ C₄, all four ε's free"),
    /** Lemma 4 on two arbitrary branched schemes, post-first order. */
    LEMMA4_GENERAL_POST_FIRST("Lemma 4, general schemes, post-first order", "|η₁ − η₂| ≤ C₄, all four ε's free"),
    /** Lemma 4 re-derived for the branch order ({@link Bounds#lemma4BranchOrder}), general schemes. */
    LEMMA4_GENERAL_ADJUSTED("Lemma 4 re-derived for the branch order, general schemes",
            "|η₁ − η₂| ≤ 2r[γ^{k+1}(ε_m^pre+ε_π^pre)/(1−γ)² + (kε_m^post + (k+1)ε_π^post)/(1−γ)]");

    private final String title;
    private final String statement;

    Bound(String title, String statement) {
        this.title = title;
        this.statement = statement;
    }

    /** The name used on the command line and in JSON, e.g. {@code theorem2_post_first}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** The inequality checked, in one line. */
    public String statement() {
        return statement;
    }

    /** True for the bounds evaluated on a {@link SchemePair} rather than a {@link TheoryInstance}. */
    public boolean onSchemePairs() {
        return this == LEMMA4_GENERAL || this == LEMMA4_GENERAL_POST_FIRST || this == LEMMA4_GENERAL_ADJUSTED;
    }

    /** The bound with this {@link #key()} (case-insensitive; '-' may stand for '_'). */
    public static Bound fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Bound b : values()) {
            if (b.key().equals(k)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown bound '" + key + "'; expected one of "
                + Arrays.stream(values()).map(Bound::key).collect(Collectors.joining(", ")));
    }
}
