package org.mbpo.model;

/**
 * Transitions to train a dynamics model on, row-major: row i is
 * {@code (observations[i·obsDim ..], actions[i·actDim ..]) → (rewards[i], nextObservations[i·obsDim ..])}.
 * The arrays are not copied; do not change them while a training reads them.
 *
 * @param size             number of transitions
 * @param obsDim           observation size
 * @param actDim           action size
 * @param observations     {@code [size, obsDim]}
 * @param actions          {@code [size, actDim]}
 * @param rewards          {@code [size]}
 * @param nextObservations {@code [size, obsDim]}
 */
public record TransitionBatch(int size, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
                              float[] nextObservations) {

    public TransitionBatch {
        if (size < 0 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("size " + size + ", obsDim " + obsDim + ", actDim " + actDim
                    + ": need size ≥ 0 and dimensions ≥ 1");
        }
        check("observations", observations, (long) size * obsDim);
        check("actions", actions, (long) size * actDim);
        check("rewards", rewards, size);
        check("next observations", nextObservations, (long) size * obsDim);
    }

    private static void check(String name, float[] a, long expected) {
        if (a.length < expected) {
            throw new IllegalArgumentException(name + " has " + a.length + " values, need " + expected);
        }
        for (int i = 0; i < expected; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + a[i] + " is not finite");
            }
        }
    }
}
