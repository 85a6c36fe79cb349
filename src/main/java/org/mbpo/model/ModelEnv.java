package org.mbpo.model;

import org.mbpo.data.TransitionBatch;

import java.util.random.RandomGenerator;
import org.mbpo.env.ModelFunctions;

/**
 * A learned model as a batched environment (mbrl-lib's {@code ModelEnv}; the reference's
 * {@code FakeEnv} and rollout loop): the model gives next observations and rewards, the environment's
 * {@link ModelFunctions#terminated} says which next states are terminal, and terminated rows leave
 * the rollout (the reference's {@code obs = next_obs[nonterm_mask]}). Rewards are the model's
 * (learned), as in MBPO; {@link ModelFunctions#reward} is not used.
 *
 * <p>{@link #step} steps any batch once; {@link #start} begins a batch of rollouts that keeps only
 * the rows that have not terminated.
 */
public final class ModelEnv {
    private final DynamicsModel model;
    private final ModelFunctions functions;

    public ModelEnv(DynamicsModel model, ModelFunctions functions) {
        this.model = model;
        this.functions = functions;
    }

    public DynamicsModel model() {
        return model;
    }

    /**
     * Steps {@code rows} rows once (the arrays are copied into the result): the transitions, {@code terminated}
     * by the environment's termination function, never {@code truncated}.
     *
     * @param observations {@code [rows, obsDim]}
     * @param actions      {@code [rows, actDim]}
     */
    public TransitionBatch step(float[] observations, float[] actions, int rows, RandomGenerator rng) {
        int obsDim = model.observationDim();
        int actDim = model.actionDim();
        if (rows < 0 || observations.length < (long) rows * obsDim || actions.length < (long) rows * actDim) {
            throw new IllegalArgumentException(rows + " rows need " + (long) rows * obsDim + " observation and "
                    + (long) rows * actDim + " action values; got " + observations.length + " and " + actions.length);
        }
        float[] obs = java.util.Arrays.copyOf(observations, rows * obsDim);
        float[] act = java.util.Arrays.copyOf(actions, rows * actDim);
        float[] next = new float[rows * obsDim];
        float[] rewards = new float[rows];
        boolean[] terminated = new boolean[rows];
        model.sample(obs, act, rows, rng, next, rewards);
        functions.terminated(obs, act, next, rows, terminated);
        return new TransitionBatch(rows, obsDim, actDim, obs, act, rewards, next, terminated, new boolean[rows]);
    }

    /** Starts rollouts from {@code rows} observations {@code [rows, obsDim]} (copied). */
    public Rollouts start(float[] observations, int rows) {
        int obsDim = model.observationDim();
        if (rows < 0 || observations.length < (long) rows * obsDim) {
            throw new IllegalArgumentException(rows + " rows need " + (long) rows * obsDim + " observation values, got "
                    + observations.length);
        }
        return new Rollouts(java.util.Arrays.copyOf(observations, rows * obsDim), rows);
    }

    /** A batch of rollouts in progress: the rows that have not terminated, in their original order. */
    public final class Rollouts {
        private float[] observations;
        private int size;
        private int[] origin;

        private Rollouts(float[] observations, int size) {
            this.observations = observations;
            this.size = size;
            this.origin = new int[size];
            java.util.Arrays.setAll(origin, i -> i);
        }

        /** Rows still rolling out. */
        public int size() {
            return size;
        }

        /** Their current observations {@code [size, obsDim]} (a copy). */
        public float[] observations() {
            return java.util.Arrays.copyOf(observations, size * model.observationDim());
        }

        /** For each live row, its index in the batch that {@link #start} began (a copy). */
        public int[] origins() {
            return java.util.Arrays.copyOf(origin, size);
        }

        /**
         * Steps every live row with {@code actions [size, actDim]}, then drops the rows whose next
         * state is terminal; returns the step's transitions (all rows stepped, terminated or not).
         */
        public TransitionBatch step(float[] actions, RandomGenerator rng) {
            TransitionBatch s = ModelEnv.this.step(observations, actions, size, rng);
            int obsDim = model.observationDim();
            int kept = 0;
            float[] next = new float[(size - s.terminatedCount()) * obsDim];
            int[] keptOrigin = new int[size - s.terminatedCount()];
            for (int i = 0; i < size; i++) {
                if (!s.terminated()[i]) {
                    System.arraycopy(s.nextObservations(), i * obsDim, next, kept * obsDim, obsDim);
                    keptOrigin[kept] = origin[i];
                    kept++;
                }
            }
            observations = next;
            origin = keptOrigin;
            size = kept;
            return s;
        }
    }
}
