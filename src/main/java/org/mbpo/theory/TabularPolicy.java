package org.mbpo.theory;

import java.util.Arrays;

/**
 * A stochastic policy π(a|s) on a finite MDP, {@code [S][A]}, each row a distribution.
 * Deep-copied on construction; {@link #probabilities()} returns the record's own array (read-only).
 */
public record TabularPolicy(double[][] probabilities) {

    public TabularPolicy {
        if (probabilities == null || probabilities.length == 0 || probabilities[0] == null) {
            throw new InvalidInstanceException("policy", "needs at least one state and one action");
        }
        Check.conditional("policy", probabilities, probabilities.length, probabilities[0].length);
        probabilities = Check.copy(probabilities);
    }

    /** Validates {@code probabilities} against an MDP's sizes, naming {@code field} in any error. */
    public static TabularPolicy of(String field, double[][] probabilities, int states, int actions) {
        Check.conditional(field, probabilities, states, actions);
        return new TabularPolicy(probabilities);
    }

    /** The uniform policy. */
    public static TabularPolicy uniform(int states, int actions) {
        double[][] p = new double[states][actions];
        for (double[] row : p) {
            Arrays.fill(row, 1.0 / actions);
        }
        return new TabularPolicy(p);
    }

    /** The deterministic policy that takes {@code action[s]} in state s. */
    public static TabularPolicy deterministic(int[] action, int actions) {
        double[][] p = new double[action.length][actions];
        for (int s = 0; s < action.length; s++) {
            p[s][action[s]] = 1;
        }
        return new TabularPolicy(p);
    }

    public int states() {
        return probabilities.length;
    }

    public int actions() {
        return probabilities[0].length;
    }

    /** π(a|s). */
    public double probability(int s, int a) {
        return probabilities[s][a];
    }
}
