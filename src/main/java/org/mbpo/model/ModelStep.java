package org.mbpo.model;

/**
 * One step of a batch of model rollouts: the transitions of the rows that were stepped, row-major.
 *
 * @param size             rows stepped
 * @param observations     {@code [size, obsDim]}
 * @param actions          {@code [size, actDim]}
 * @param rewards          {@code [size]}, the model's rewards
 * @param nextObservations {@code [size, obsDim]}
 * @param terminated       {@code [size]}, the environment's termination function on each transition
 */
public record ModelStep(int size, float[] observations, float[] actions, float[] rewards, float[] nextObservations,
                        boolean[] terminated) {

    /** Number of rows whose next state is terminal. */
    public int terminatedCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (terminated[i]) {
                n++;
            }
        }
        return n;
    }
}
