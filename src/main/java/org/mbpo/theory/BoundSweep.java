package org.mbpo.theory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Checks every bound on N random instances (and N random scheme pairs for the general Lemma 4) and
 * summarises violations and tightness. Instance i depends only on (seed, i), so results do not
 * depend on the number of threads; the sweep uses all cores.
 */
public final class BoundSweep {
    private BoundSweep() {
    }

    /**
     * One bound over a sweep.
     *
     * @param bound           which bound
     * @param evaluated       instances checked
     * @param violations      instances where gap &gt; bound + 1e-9
     * @param maxRatio        the largest gap/bound (tightness; above 1 is a violation)
     * @param meanRatio       the mean gap/bound over instances with a finite ratio
     * @param worstIndex      the instance index with the largest ratio
     * @param firstViolation  the first violating index, or −1
     */
    public record Summary(Bound bound, int evaluated, int violations, double maxRatio, double meanRatio,
                          long worstIndex, long firstViolation) {
    }

    /**
     * A finished sweep.
     *
     * @param generator the instance generator
     * @param seed      the sweep's seed
     * @param summaries one row per {@link Bound}, in enum order
     * @param ratios    gap/bound of every bound on every instance, {@code [instance]} per bound
     */
    public record Result(RandomInstances generator, long seed, List<Summary> summaries, Map<Bound, double[]> ratios) {
        /** The instance with the largest ratio for an instance bound. */
        public TheoryInstance worstInstance(Bound bound) {
            return generator.instance(seed, summary(bound).worstIndex());
        }

        /** The pair with the largest ratio for a scheme-pair bound. */
        public SchemePair worstPair(Bound bound) {
            return generator.schemePair(seed, summary(bound).worstIndex());
        }

        public Summary summary(Bound bound) {
            return summaries.stream().filter(s -> s.bound() == bound).findFirst().orElseThrow();
        }

        /** Total violations over all bounds. */
        public int violations() {
            return summaries.stream().mapToInt(Summary::violations).sum();
        }
    }

    /** Runs the sweep: {@code n} instances and {@code n} scheme pairs from {@code generator} with {@code seed}. */
    public static Result run(RandomInstances generator, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one instance, got " + n);
        }
        List<Map<Bound, BoundCheck>> perInstance = IntStream.range(0, n).parallel()
                .mapToObj(i -> evaluateAll(generator, seed, i))
                .toList();
        Map<Bound, double[]> ratios = new EnumMap<>(Bound.class);
        List<Summary> summaries = new ArrayList<>();
        for (Bound b : Bound.values()) {
            double[] r = new double[n];
            int violations = 0;
            long worst = 0;
            long firstViolation = -1;
            double sum = 0;
            int finite = 0;
            for (int i = 0; i < n; i++) {
                BoundCheck c = perInstance.get(i).get(b);
                r[i] = c.ratio();
                if (!c.holds()) {
                    violations++;
                    if (firstViolation < 0) {
                        firstViolation = i;
                    }
                }
                if (r[i] > r[(int) worst]) {
                    worst = i;
                }
                if (Double.isFinite(r[i])) {
                    sum += r[i];
                    finite++;
                }
            }
            ratios.put(b, r);
            summaries.add(new Summary(b, n, violations, r[(int) worst], finite == 0 ? Double.NaN : sum / finite,
                    worst, firstViolation));
        }
        return new Result(generator, seed, List.copyOf(summaries), ratios);
    }

    private static Map<Bound, BoundCheck> evaluateAll(RandomInstances generator, long seed, int i) {
        Map<Bound, BoundCheck> all = new EnumMap<>(InstanceEvaluation.of(generator.instance(seed, i)).checks());
        SchemePair pair = generator.schemePair(seed, i);
        SchemePair.Lemma4Result branch = pair.evaluate(BranchOrder.BRANCH);
        all.put(Bound.LEMMA4_GENERAL, branch.check());
        all.put(Bound.LEMMA4_GENERAL_ADJUSTED, branch.adjusted());
        all.put(Bound.LEMMA4_GENERAL_POST_FIRST, pair.evaluate(BranchOrder.POST_FIRST).check());
        return all;
    }
}
