package org.mbpo.analysis;

import org.junit.jupiter.api.Test;
import org.mbpo.agent.Sac;
import org.mbpo.agent.SacConfig;
import org.mbpo.env.ModelFunctions;
import org.mbpo.model.DynamicsModel;
import org.mbpo.random.Rng;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelReturnTest {

    /** s' = s + 1 (first coordinate), reward 1 per step: H model steps earn H unless a termination stops them. */
    record Counter() implements DynamicsModel {
        @Override
        public int observationDim() {
            return 2;
        }

        @Override
        public int actionDim() {
            return 1;
        }

        @Override
        public void sample(float[] obs, float[] act, int rows, RandomGenerator rng, float[] next, float[] rewards) {
            for (int i = 0; i < rows; i++) {
                next[2 * i] = obs[2 * i] + 1;
                next[2 * i + 1] = obs[2 * i + 1];
                rewards[i] = 1;
            }
        }
    }

    /** Terminates when the first coordinate reaches {@code limit}. */
    record TerminateAt(float limit) implements ModelFunctions {
        @Override
        public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
            for (int i = 0; i < batch; i++) {
                out[i] = nextObs[2 * i] >= limit;
            }
        }
    }

    /** An episode of {@code steps} steps whose first coordinate counts 0, 1, 2, … and whose rewards are all 0.5. */
    static Episode episode(int steps, boolean terminated) {
        double[] states = new double[2 * (steps + 1)];
        for (int t = 0; t <= steps; t++) {
            states[2 * t] = t;
        }
        double[] rewards = new double[steps];
        java.util.Arrays.fill(rewards, 0.5);
        return new Episode(steps, states, new float[steps], rewards, terminated);
    }

    private final Sac policy = new Sac(2, 1, SacConfig.defaults().withHidden(1, 4).withBatchSize(4), new Rng(1));

    @Test
    void branchPointsEveryStrideWithHRealStepsAfterThem() {
        // 50 steps, truncated: t = 0, 10, 20, 30 (t + 20 ≤ 50); 25 steps, terminated: t = 0, 10, 20 (the last with 5 real steps).
        ModelReturn.Branched b = ModelReturn.branched(new Counter(), new TerminateAt(1e9f), policy,
                List.of(episode(50, false), episode(25, true)), 20, 10, new SplittableRandom(2));
        assertEquals(7, b.branches());
        assertArrayEquals(new double[] {10, 10, 10, 10, 10, 7.5, 2.5}, b.real(), 1e-12, "0.5 per real step, to the end of a terminated episode");
        assertArrayEquals(new double[] {20, 20, 20, 20, 20, 20, 20}, b.model(), 1e-12, "1 per model step, H = 20");
        assertEquals(20, b.horizon());
        assertEquals((5 * 10 + 7.5 + 2.5) / 7, b.realMean(), 1e-12);
    }

    @Test
    void modelEpisodesStopAtTheTerminationFunction() {
        // From first coordinate 0, 10, 20, 30 the counter reaches 35 after 35, 25, 15, 5 steps: H = 20 earns 20, 20, 15, 5.
        ModelReturn.Branched b = ModelReturn.branched(new Counter(), new TerminateAt(35f), policy, List.of(episode(50, false)),
                20, 10, new SplittableRandom(3));
        assertArrayEquals(new double[] {20, 20, 15, 5}, b.model(), 1e-12);
    }

    @Test
    void horizonZeroComparesWholeEpisodesFromTheirStart() {
        ModelReturn.Branched b = ModelReturn.branched(new Counter(), new TerminateAt(1e9f), policy, List.of(episode(50, false),
                episode(30, false)), 0, 10, new SplittableRandom(4));
        assertArrayEquals(new double[] {25, 15}, b.real(), 1e-12, "each episode's total");
        assertArrayEquals(new double[] {50, 50}, b.model(), 1e-12, "model episodes as long as the longest real one");
        assertThrows(IllegalArgumentException.class, () -> ModelReturn.branched(new Counter(), new TerminateAt(1e9f), policy,
                List.of(episode(5, false)), 20, 10, new SplittableRandom(5)), "no branch point in a 5-step episode for H = 20");
    }
}
