package org.mbpo.theory;

import java.util.SplittableRandom;

/**
 * A one-parameter-per-axis family of instances around a base instance, for plots of a gap and its
 * bound as the errors grow: the model moves from the true dynamics toward fixed random dynamics q,
 * p̂_λ = (1−λ)p + λq, and the policy from the data policy toward a fixed random policy ν,
 * π_μ = (1−μ)π_D + μν. At λ = μ = 0 the model is exact and π = π_D, so every ε is zero; the ε's
 * grow continuously with λ and μ.
 */
public final class InstanceFamily {
    private final TheoryInstance base;
    private final double[][][] modelDirection;
    private final double[][] policyDirection;

    private InstanceFamily(TheoryInstance base, double[][][] modelDirection, double[][] policyDirection) {
        this.base = base;
        this.modelDirection = modelDirection;
        this.policyDirection = policyDirection;
    }

    /**
     * A family around {@code base} (its p, π_D, rewards, d₀, γ, k, H are kept) with directions drawn
     * from {@code generator}'s Dirichlet with {@code seed}.
     */
    public static InstanceFamily around(TheoryInstance base, RandomInstances generator, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int s = base.states();
        int a = base.actions();
        double[][][] q = new double[s][a][];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < a; j++) {
                q[i][j] = generator.dirichlet(rng, s);
            }
        }
        double[][] nu = new double[s][];
        for (int i = 0; i < s; i++) {
            nu[i] = generator.dirichlet(rng, a);
        }
        return new InstanceFamily(base, q, nu);
    }

    /** The base instance. */
    public TheoryInstance base() {
        return base;
    }

    /** The member with model shift λ and policy shift μ, both in [0, 1]. */
    public TheoryInstance at(double modelShift, double policyShift) {
        if (!(modelShift >= 0 && modelShift <= 1 && policyShift >= 0 && policyShift <= 1)) {
            throw new IllegalArgumentException("shifts must lie in [0, 1], got " + modelShift + " and " + policyShift);
        }
        TabularMdp mdp = base.mdp();
        int s = base.states();
        int a = base.actions();
        double[][][] model = new double[s][a][];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < a; j++) {
                model[i][j] = RandomInstances.mix(mdp.dynamics()[i][j], modelDirection[i][j], modelShift);
            }
        }
        double[][] policy = new double[s][];
        for (int i = 0; i < s; i++) {
            policy[i] = RandomInstances.mix(base.dataPolicy().probabilities()[i], policyDirection[i], policyShift);
        }
        return TheoryInstance.of(mdp.gamma(), mdp.reward(), mdp.initial(), mdp.dynamics(), model, policy,
                base.dataPolicy().probabilities(), base.k(), base.horizon());
    }
}
