package org.mbpo.agent;

import java.util.random.RandomGenerator;

/** A policy over box actions in [−1, 1]^|A| (scale them to the environment's bounds outside). */
public interface Policy {

    /**
     * Writes the action for {@code obs} into {@code action}: the policy's deterministic action (for
     * evaluation) or a sample drawn with {@code rng}.
     */
    void act(double[] obs, boolean deterministic, RandomGenerator rng, double[] action);
}
