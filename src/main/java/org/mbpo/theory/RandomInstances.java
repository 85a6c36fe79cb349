package org.mbpo.theory;

import java.util.SplittableRandom;

/**
 * A seeded generator of random {@link TheoryInstance}s and {@link SchemePair}s. Instance i of seed s
 * depends only on (s, i), so a sweep gives the same instances whatever the number of threads.
 *
 * <p>Each distribution is drawn from a symmetric Dirichlet(α) (small α gives peaked, nearly
 * deterministic rows, where bounds tend to be tightest). The model is a per-row mixture
 * p̂ = (1−λ)p + λq with q ∼ Dirichlet(α) and λ ∼ U(0, modelNoise), so ε_m is controlled by
 * {@code modelNoise}; the policy is π = (1−μ)π_D + μν likewise with {@code policyShift}.
 * Rewards are uniform on [−1, 1].
 *
 * @param minStates   smallest number of states (≥ 1)
 * @param maxStates   largest number of states
 * @param minActions  smallest number of actions (≥ 1)
 * @param maxActions  largest number of actions
 * @param minGamma    smallest discount
 * @param maxGamma    largest discount (&lt; 1)
 * @param maxK        largest rollout length k (k is uniform on 0..maxK)
 * @param modelNoise  largest mixing weight of the model's noise, in [0, 1]
 * @param policyShift largest mixing weight of the policy's shift from π_D, in [0, 1]
 * @param alpha       Dirichlet concentration of every random distribution, &gt; 0
 * @param horizon     the instances' horizon H
 */
public record RandomInstances(int minStates, int maxStates, int minActions, int maxActions,
                              double minGamma, double maxGamma, int maxK,
                              double modelNoise, double policyShift, double alpha, int horizon) {

    public RandomInstances {
        if (minStates < 1 || maxStates < minStates || minActions < 1 || maxActions < minActions) {
            throw new IllegalArgumentException("need 1 ≤ minStates ≤ maxStates and 1 ≤ minActions ≤ maxActions");
        }
        if (!(minGamma >= 0 && minGamma <= maxGamma && maxGamma < 1)) {
            throw new IllegalArgumentException("need 0 ≤ minGamma ≤ maxGamma < 1");
        }
        if (maxK < 0 || horizon < 1 || !(alpha > 0)
                || !(modelNoise >= 0 && modelNoise <= 1) || !(policyShift >= 0 && policyShift <= 1)) {
            throw new IllegalArgumentException("need maxK ≥ 0, horizon ≥ 1, alpha > 0, noise and shift in [0, 1]");
        }
    }

    /**
     * The defaults of {@code ./mbpo bounds sweep}: 2–6 states, 2–3 actions, γ in [0.5, 0.95], k in
     * 0..10, model noise and policy shift up to 0.5, α = 0.5, H = 2000 (γ^H is below 1e-40).
     */
    public static RandomInstances defaults() {
        return new RandomInstances(2, 6, 2, 3, 0.5, 0.95, 10, 0.5, 0.5, 0.5, TheoryInstance.DEFAULT_HORIZON);
    }

    /** The same settings with another horizon. */
    public RandomInstances withHorizon(int h) {
        return new RandomInstances(minStates, maxStates, minActions, maxActions, minGamma, maxGamma, maxK,
                modelNoise, policyShift, alpha, h);
    }

    /** The same settings with γ drawn from [min, max]. */
    public RandomInstances withGamma(double min, double max) {
        return new RandomInstances(minStates, maxStates, minActions, maxActions, min, max, maxK,
                modelNoise, policyShift, alpha, horizon);
    }

    /** The same settings with sizes drawn from the given ranges. */
    public RandomInstances withSizes(int minS, int maxS, int minA, int maxA) {
        return new RandomInstances(minS, maxS, minA, maxA, minGamma, maxGamma, maxK,
                modelNoise, policyShift, alpha, horizon);
    }

    /** The same settings with another range of k. */
    public RandomInstances withMaxK(int k) {
        return new RandomInstances(minStates, maxStates, minActions, maxActions, minGamma, maxGamma, k,
                modelNoise, policyShift, alpha, horizon);
    }

    /** The generator for item {@code index} of a sweep with {@code seed}. */
    public static SplittableRandom rngFor(long seed, long index) {
        // Two rounds of SplitMix64 finalisation decorrelate neighbouring (seed, index) pairs.
        return new SplittableRandom(mix(mix(seed) ^ index));
    }

    /** Instance {@code index} of the sweep with {@code seed}. */
    public TheoryInstance instance(long seed, long index) {
        return instance(rngFor(seed, index));
    }

    /** A random instance drawn from {@code rng}. */
    public TheoryInstance instance(SplittableRandom rng) {
        int s = between(rng, minStates, maxStates);
        int a = between(rng, minActions, maxActions);
        double gamma = minGamma + (maxGamma - minGamma) * rng.nextDouble();
        double[][][] p = dynamics(rng, s, a);
        double lambda = modelNoise * rng.nextDouble();
        double[][][] model = new double[s][a][];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < a; j++) {
                model[i][j] = mix(p[i][j], dirichlet(rng, s), lambda * rng.nextDouble());
            }
        }
        double[][] dataPolicy = conditional(rng, s, a);
        double mu = policyShift * rng.nextDouble();
        double[][] policy = new double[s][];
        for (int i = 0; i < s; i++) {
            policy[i] = mix(dataPolicy[i], dirichlet(rng, a), mu * rng.nextDouble());
        }
        double[][] reward = new double[s][a];
        for (double[] row : reward) {
            for (int j = 0; j < a; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        double[] initial = dirichlet(rng, s);
        int k = rng.nextInt(maxK + 1);
        return TheoryInstance.of(gamma, reward, initial, p, model, policy, dataPolicy, k, horizon);
    }

    /** Scheme pair {@code index} of the sweep with {@code seed}. */
    public SchemePair schemePair(long seed, long index) {
        return schemePair(rngFor(seed, index));
    }

    /**
     * A random pair of branched schemes: scheme 1 has random pre and post chains; scheme 2
     * perturbs each of scheme 1's four dynamics and policies independently, so all four ε's are free.
     */
    public SchemePair schemePair(SplittableRandom rng) {
        TheoryInstance base = instance(rng);
        int s = base.states();
        int a = base.actions();
        double[][][] pre1 = base.mdp().dynamics();
        double[][][] post1 = dynamics(rng, s, a);
        double[][] piPre1 = base.dataPolicy().probabilities();
        double[][] piPost1 = base.policy().probabilities();
        SchemePair.Scheme first = new SchemePair.Scheme(chain(pre1, piPre1), chain(post1, piPost1));
        SchemePair.Scheme second = new SchemePair.Scheme(
                chain(perturb(rng, pre1, modelNoise), perturb(rng, piPre1, policyShift)),
                chain(perturb(rng, post1, modelNoise), perturb(rng, piPost1, policyShift)));
        return new SchemePair(base.mdp().reward(), base.mdp().initial(), base.gamma(), base.k(), horizon,
                first, second);
    }

    private static Chain chain(double[][][] p, double[][] pi) {
        return new Chain(p, new TabularPolicy(pi));
    }

    private double[][][] perturb(SplittableRandom rng, double[][][] p, double scale) {
        double w = scale * rng.nextDouble();
        double[][][] out = new double[p.length][][];
        for (int i = 0; i < p.length; i++) {
            out[i] = perturb(rng, p[i], w);
        }
        return out;
    }

    private double[][] perturb(SplittableRandom rng, double[][] rows, double scale) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = mix(rows[i], dirichlet(rng, rows[i].length), scale * rng.nextDouble());
        }
        return out;
    }

    private double[][][] dynamics(SplittableRandom rng, int s, int a) {
        double[][][] p = new double[s][][];
        for (int i = 0; i < s; i++) {
            p[i] = conditional(rng, a, s);
        }
        return p;
    }

    private double[][] conditional(SplittableRandom rng, int rows, int n) {
        double[][] x = new double[rows][];
        for (int i = 0; i < rows; i++) {
            x[i] = dirichlet(rng, n);
        }
        return x;
    }

    /** A draw from the symmetric Dirichlet(α) on n points, renormalised so it sums to 1 within 1e-15. */
    public double[] dirichlet(SplittableRandom rng, int n) {
        double[] x = new double[n];
        double sum = 0;
        while (sum == 0) {
            sum = 0;
            for (int i = 0; i < n; i++) {
                x[i] = gamma(rng, alpha);
                sum += x[i];
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] /= sum;
        }
        return normalise(x);
    }

    /** (1−w)·x + w·y for two distributions, renormalised. */
    public static double[] mix(double[] x, double[] y, double w) {
        if (w == 0) {
            return x.clone();
        }
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = (1 - w) * x[i] + w * y[i];
        }
        return normalise(z);
    }

    /** Divides by the sum, then puts the rounding residue on the largest entry so the sum is 1 to the last bits. */
    static double[] normalise(double[] x) {
        double sum = 0;
        int largest = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            if (x[i] > x[largest]) {
                largest = i;
            }
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        double residue = 1;
        for (double v : x) {
            residue -= v;
        }
        x[largest] += residue;
        return x;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape &lt; 1 boost U^{1/shape}. */
    static double gamma(SplittableRandom rng, double shape) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(rng);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A standard normal draw (Box–Muller). */
    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static int between(SplittableRandom rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
