package org.mbpo.data;

/**
 * Where an agent's training batches come from: fills a batch in place, each call a new draw. SAC samples
 * uniformly from D_env ({@link ReplayBuffer#uniform}); MBPO mixes D_env and D_model at its real ratio
 * ({@link ReplayBuffer#mixed}).
 */
@FunctionalInterface
public interface BatchSampler {

    /** Fills every row of {@code batch}; mutates it (and the sampler's generator). */
    void sampleInto(TransitionBatch batch);
}
