package org.mbpo.theory;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An adversarial search for the instance on which a bound is tightest: random restarts from the
 * generator, each followed by a hill climb that perturbs one part of the instance at a time
 * (a dynamics or model row, a policy row, a reward, the initial distribution, k or γ) and keeps the
 * change when gap/bound grows. A ratio above 1 is a violation: the search stops at the first
 * restart that finds one with an infinite ratio (a zero bound with a non-zero gap).
 *
 * <p>Restarts run on all cores; restart r depends only on (seed, r), so results do not depend on
 * the number of threads.
 */
public final class TightestSearch {
    private TightestSearch() {
    }

    /**
     * The tightest instance found.
     *
     * @param bound       the bound searched
     * @param instance    the instance, for instance bounds (else null)
     * @param pair        the scheme pair, for {@link Bound#onSchemePairs()} bounds (else null)
     * @param check       the bound evaluated on it
     * @param evaluations instances evaluated in all
     */
    public record Result(Bound bound, TheoryInstance instance, SchemePair pair, BoundCheck check, long evaluations) {
        /** The found instance or pair as JSON ({@link InstanceJson}). */
        public String json() {
            return instance != null ? InstanceJson.write(instance) : InstanceJson.write(pair);
        }
    }

    /**
     * Searches for the tightest instance of {@code bound}.
     *
     * @param generator where restarts start, and the ranges of k and γ the climb stays in
     * @param restarts  independent restarts (≥ 1)
     * @param steps     hill-climbing steps per restart (≥ 0)
     * @param seed      the seed
     */
    public static Result search(Bound bound, RandomInstances generator, int restarts, int steps, long seed) {
        if (restarts < 1 || steps < 0) {
            throw new IllegalArgumentException("need restarts ≥ 1 and steps ≥ 0");
        }
        Result[] results = IntStream.range(0, restarts).parallel()
                .mapToObj(r -> bound.onSchemePairs()
                        ? climbPair(bound, generator, steps, RandomInstances.rngFor(seed, r))
                        : climbInstance(bound, generator, steps, RandomInstances.rngFor(seed, r)))
                .toArray(Result[]::new);
        Result best = results[0];
        long evaluations = 0;
        for (Result r : results) {
            evaluations += r.evaluations();
            if (best.check().worse(r.check()) != best.check()) {
                best = r;
            }
        }
        return new Result(bound, best.instance(), best.pair(), best.check(), evaluations);
    }

    private static Result climbInstance(Bound bound, RandomInstances gen, int steps, SplittableRandom rng) {
        Mutator m = new Mutator(gen, rng);
        TheoryInstance current = gen.instance(rng);
        BoundCheck currentCheck = InstanceEvaluation.of(current).check(bound);
        long evaluations = 1;
        for (int i = 0; i < steps && Double.isFinite(currentCheck.ratio()); i++) {
            TheoryInstance candidate = m.mutate(current);
            BoundCheck c = InstanceEvaluation.of(candidate).check(bound);
            evaluations++;
            if (m.accept(currentCheck, c)) {
                current = candidate;
                currentCheck = c;
            }
        }
        return new Result(bound, current, null, currentCheck, evaluations);
    }

    private static Result climbPair(Bound bound, RandomInstances gen, int steps, SplittableRandom rng) {
        Mutator m = new Mutator(gen, rng);
        SchemePair current = gen.schemePair(rng);
        BoundCheck currentCheck = current.check(bound);
        long evaluations = 1;
        for (int i = 0; i < steps && Double.isFinite(currentCheck.ratio()); i++) {
            SchemePair candidate = m.mutate(current);
            BoundCheck c = candidate.check(bound);
            evaluations++;
            if (m.accept(currentCheck, c)) {
                current = candidate;
                currentCheck = c;
            }
        }
        return new Result(bound, null, current, currentCheck, evaluations);
    }

    /** Random local moves with a step size that shrinks while moves keep failing. */
    private static final class Mutator {
        private final RandomInstances gen;
        private final SplittableRandom rng;
        private double step = 0.5;

        Mutator(RandomInstances gen, SplittableRandom rng) {
            this.gen = gen;
            this.rng = rng;
        }

        boolean accept(BoundCheck current, BoundCheck candidate) {
            boolean better = current.worse(candidate) != current;
            step = better ? Math.min(0.5, step * 1.5) : Math.max(0.01, step * 0.97);
            return better;
        }

        TheoryInstance mutate(TheoryInstance in) {
            TabularMdp mdp = in.mdp();
            double[][][] p = mdp.dynamics();
            double[][][] model = in.model();
            double[][] pi = in.policy().probabilities();
            double[][] piD = in.dataPolicy().probabilities();
            double[][] r = mdp.reward();
            double[] d0 = mdp.initial();
            double gamma = mdp.gamma();
            int k = in.k();
            switch (rng.nextInt(8)) {
                case 0 -> p = moveRow(p);
                case 1 -> model = moveRow(model);
                case 2 -> pi = moveRow(pi);
                case 3 -> piD = moveRow(piD);
                case 4 -> r = moveReward(r);
                case 5 -> d0 = moveDistribution(d0);
                case 6 -> k = moveK(k);
                default -> gamma = moveGamma(gamma);
            }
            return TheoryInstance.of(gamma, r, d0, p, model, pi, piD, k, in.horizon());
        }

        SchemePair mutate(SchemePair pair) {
            SchemePair.Scheme a = pair.first();
            SchemePair.Scheme b = pair.second();
            double[][] r = pair.reward();
            double[] d0 = pair.initial();
            double gamma = pair.gamma();
            int k = pair.k();
            int what = rng.nextInt(12);
            if (what < 8) {
                SchemePair.Scheme s = what < 4 ? a : b;
                boolean pre = (what & 2) == 0;
                Chain c = pre ? s.pre() : s.post();
                Chain moved = (what & 1) == 0
                        ? new Chain(moveRow(c.dynamics()), c.policy())
                        : new Chain(c.dynamics(), new TabularPolicy(moveRow(c.policy().probabilities())));
                SchemePair.Scheme ns = pre ? new SchemePair.Scheme(moved, s.post()) : new SchemePair.Scheme(s.pre(), moved);
                if (what < 4) {
                    a = ns;
                } else {
                    b = ns;
                }
            } else {
                switch (what) {
                    case 8 -> r = moveReward(r);
                    case 9 -> d0 = moveDistribution(d0);
                    case 10 -> k = moveK(k);
                    default -> gamma = moveGamma(gamma);
                }
            }
            return new SchemePair(r, d0, gamma, k, pair.horizon(), a, b);
        }

        /** Moves one row of a conditional table toward a random point or a vertex of the simplex. */
        private double[][] moveRow(double[][] rows) {
            double[][] out = rows.clone();
            int i = rng.nextInt(rows.length);
            out[i] = moveDistribution(rows[i]);
            return out;
        }

        private double[][][] moveRow(double[][][] table) {
            double[][][] out = table.clone();
            int s = rng.nextInt(table.length);
            out[s] = moveRow(table[s]);
            return out;
        }

        private double[] moveDistribution(double[] x) {
            double[] target;
            if (rng.nextInt(3) == 0) {
                target = new double[x.length];
                target[rng.nextInt(x.length)] = 1;
            } else {
                target = gen.dirichlet(rng, x.length);
            }
            return RandomInstances.mix(x, target, step * rng.nextDouble());
        }

        private double[][] moveReward(double[][] r) {
            double[][] out = r.clone();
            int s = rng.nextInt(r.length);
            out[s] = r[s].clone();
            int a = rng.nextInt(r[s].length);
            out[s][a] = Math.max(-1, Math.min(1, r[s][a] + 2 * step * RandomInstances.gaussian(rng)));
            return out;
        }

        private int moveK(int k) {
            return Math.max(0, Math.min(gen.maxK(), k + (rng.nextBoolean() ? 1 : -1)));
        }

        private double moveGamma(double gamma) {
            double g = gamma + 0.1 * step * RandomInstances.gaussian(rng);
            return Math.max(gen.minGamma(), Math.min(gen.maxGamma(), g));
        }
    }
}
