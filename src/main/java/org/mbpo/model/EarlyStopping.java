package org.mbpo.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The reference implementation's per-member early stopping ({@code BNN._save_best} in jannerm/mbpo):
 * after each epoch, member e's snapshot is saved when its holdout MSE improves on its best so far by
 * more than {@code threshold} relative, {@code (best − current) / best > threshold}; bests start at
 * 1e10. An epoch with no saved snapshot counts towards the patience, an epoch with any resets it, and
 * training stops once the count exceeds the patience: with patience 5, after the 6th epoch in a row
 * that improved no member (the reference's {@code epochs_since_update > max_epochs_since_update}).
 */
final class EarlyStopping {
    /** The reference's initial best loss. */
    static final double INITIAL_BEST = 1e10;

    private final double threshold;
    private final int patience;
    private final double[] best;
    private final int[] bestEpoch;
    private int epochsSinceUpdate;
    private int epochs;

    EarlyStopping(int members, double threshold, int patience) {
        this.threshold = threshold;
        this.patience = patience;
        this.best = new double[members];
        this.bestEpoch = new int[members];
        Arrays.fill(best, INITIAL_BEST);
        Arrays.fill(bestEpoch, -1);
    }

    /**
     * Records one epoch's holdout losses; returns which members improved enough that their
     * parameters should be saved now. A NaN loss never improves.
     */
    boolean[] record(double[] losses) {
        if (losses.length != best.length) {
            throw new IllegalArgumentException(losses.length + " losses for " + best.length + " members");
        }
        boolean[] improved = new boolean[best.length];
        boolean any = false;
        for (int e = 0; e < best.length; e++) {
            if ((best[e] - losses[e]) / best[e] > threshold) {
                best[e] = losses[e];
                bestEpoch[e] = epochs;
                improved[e] = true;
                any = true;
            }
        }
        epochsSinceUpdate = any ? 0 : epochsSinceUpdate + 1;
        epochs++;
        return improved;
    }

    /** True once more than {@code patience} epochs in a row improved no member. */
    boolean shouldStop() {
        return epochsSinceUpdate > patience;
    }

    int epochsSinceUpdate() {
        return epochsSinceUpdate;
    }

    /** The epoch (from 0) of each member's saved snapshot, −1 if none. */
    int[] bestEpochs() {
        return bestEpoch.clone();
    }

    /**
     * The {@code count} members with the lowest losses, in increasing order of loss (ties by index;
     * NaN counts as the worst), the reference's {@code argsort(holdout_losses)[:num_elites]}.
     */
    static int[] elites(double[] losses, int count) {
        if (count < 1 || count > losses.length) {
            throw new IllegalArgumentException("cannot pick " + count + " elites of " + losses.length);
        }
        return IntStream.range(0, losses.length).boxed()
                .sorted(Comparator.comparingDouble((Integer e) -> Double.isNaN(losses[e]) ? Double.POSITIVE_INFINITY : losses[e])
                        .thenComparingInt(e -> e))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }
}
