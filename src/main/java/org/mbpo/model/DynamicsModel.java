package org.mbpo.model;

import java.util.random.RandomGenerator;

/**
 * A learned model of an environment's dynamics and reward that can be sampled in batches: the part
 * of a model that {@link ModelEnv} needs. Arrays are row-major, as in {@link org.mbpo.env.ModelFunctions}.
 */
public interface DynamicsModel {

    /** Observation size. */
    int observationDim();

    /** Action size. */
    int actionDim();

    /**
     * Samples a next observation and a reward for each of {@code rows} (observation, action) pairs.
     *
     * @param observations     {@code [rows, obsDim]}
     * @param actions          {@code [rows, actDim]}
     * @param rng              the randomness used (the only randomness)
     * @param nextObservations written: {@code [rows, obsDim]}
     * @param rewards          written: {@code [rows]}
     */
    void sample(float[] observations, float[] actions, int rows, RandomGenerator rng, float[] nextObservations,
                float[] rewards);

    /**
     * The members a rollout can keep to ({@link #sampleMember}): an ensemble's elites; 1 for a model that is one
     * function (the default).
     */
    default int rolloutMembers() {
        return 1;
    }

    /**
     * {@link #sample} with every row drawn from rollout member {@code member} (0 … {@link #rolloutMembers()} − 1), for
     * estimates over the members (STEVE). The default, for a model of one member, is {@link #sample}.
     *
     * @throws IllegalArgumentException if there is no such member
     */
    default void sampleMember(int member, float[] observations, float[] actions, int rows, RandomGenerator rng,
                              float[] nextObservations, float[] rewards) {
        if (member < 0 || member >= rolloutMembers()) {
            throw new IllegalArgumentException("member " + member + " of " + rolloutMembers());
        }
        sample(observations, actions, rows, rng, nextObservations, rewards);
    }
}
