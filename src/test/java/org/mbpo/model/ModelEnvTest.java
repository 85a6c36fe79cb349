package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.mbpo.env.ModelFunctions;

/** {@link ModelEnv} with a known model (next = obs + action, reward = obs₀) and a threshold termination. */
class ModelEnvTest {
    /** Deterministic 1-D dynamics: next = obs + action, reward = obs. */
    static final DynamicsModel ADD = new DynamicsModel() {
        public int observationDim() {
            return 1;
        }

        public int actionDim() {
            return 1;
        }

        public void sample(float[] obs, float[] act, int rows, RandomGenerator rng, float[] next, float[] rewards) {
            for (int i = 0; i < rows; i++) {
                next[i] = obs[i] + act[i];
                rewards[i] = obs[i];
            }
        }
    };

    /** Terminal when the next state exceeds 2; its reward function must not be used. */
    static final ModelFunctions ABOVE_TWO = new ModelFunctions() {
        public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
            throw new AssertionError("ModelEnv uses the model's reward");
        }

        public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
            for (int i = 0; i < batch; i++) {
                out[i] = nextObs[i] > 2;
            }
        }
    };

    @Test
    void terminatedRowsLeaveTheRollout() {
        ModelEnv env = new ModelEnv(ADD, ABOVE_TWO);
        ModelEnv.Rollouts r = env.start(new float[] {0, 1.5f, 1, 2.5f}, 4);
        RandomGenerator rng = new SplittableRandom(1);
        TransitionBatch s1 = r.step(new float[] {1, 1, 0.5f, -1}, rng);
        assertEquals(4, s1.size());
        assertArrayEquals(new float[] {1, 2.5f, 1.5f, 1.5f}, s1.nextObservations());
        assertArrayEquals(new float[] {0, 1.5f, 1, 2.5f}, s1.rewards());
        assertArrayEquals(new boolean[] {false, true, false, false}, s1.terminated());
        assertEquals(3, r.size());
        assertArrayEquals(new int[] {0, 2, 3}, r.origins());
        assertArrayEquals(new float[] {1, 1.5f, 1.5f}, r.observations());

        TransitionBatch s2 = r.step(new float[] {2, 0, 1}, rng);
        assertArrayEquals(new float[] {1, 1.5f, 1.5f}, s2.observations());
        assertArrayEquals(new float[] {2, 0, 1}, s2.actions());
        assertArrayEquals(new boolean[] {true, false, true}, s2.terminated());
        assertEquals(2, s2.terminatedCount());
        assertEquals(1, r.size());
        assertArrayEquals(new int[] {2}, r.origins());
        assertArrayEquals(new float[] {1.5f}, r.observations());

        r.step(new float[] {5}, rng);
        assertEquals(0, r.size(), "every row has terminated");
        assertEquals(0, r.step(new float[0], rng).size(), "an empty rollout steps nothing");
    }

    @Test
    void anEnsembleModelStepsThroughModelEnv() {
        EnsembleModel m = new EnsembleTrainer(TestData.small(0), 3, 2, 6, 1).untrainedModel();
        TransitionBatch d = TestData.smooth(50, 3, 2, 1);
        ModelFunctions never = new ModelFunctions() {
            public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
            }

            public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
            }
        };
        TransitionBatch s = new ModelEnv(m, never).step(d.observations(), d.actions(), 50, new SplittableRandom(2));
        EnsembleModel.Sample direct = m.sample(d.observations(), d.actions(), 50, new SplittableRandom(2));
        assertArrayEquals(direct.nextObservations(), s.nextObservations());
        assertArrayEquals(direct.rewards(), s.rewards());
    }
}
