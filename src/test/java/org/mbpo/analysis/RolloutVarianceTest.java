package org.mbpo.analysis;

import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.model.DynamicsModel;
import org.mbpo.model.EnsembleConfig;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.model.LayerDecays;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RolloutVarianceTest {

    /** s' = s + a + σ ε, ε ~ N(0, I): after t steps from s_0 the state is N(s_0 + Σ a, tσ² I). */
    record RandomWalk(int dim, double sigma) implements DynamicsModel {
        @Override
        public int observationDim() {
            return dim;
        }

        @Override
        public int actionDim() {
            return dim;
        }

        @Override
        public void sample(float[] obs, float[] act, int rows, RandomGenerator rng, float[] next, float[] rewards) {
            for (int i = 0; i < rows * dim; i++) {
                next[i] = (float) (obs[i] + act[i] + sigma * rng.nextGaussian());
            }
        }
    }

    @Test
    void replaysOfARandomWalkSpreadAsItsKnownNoise() {
        int dim = 2;
        int steps = 50;
        int replays = 1000;
        double sigma = 0.1;
        float[] actions = new float[steps * dim];
        double[] real = new double[(steps + 1) * dim];
        real[0] = 1.0;
        real[1] = -2.0;
        for (int t = 0; t < steps; t++) {
            actions[t * dim] = 0.05f;
            actions[t * dim + 1] = (float) Math.sin(t);
            for (int d = 0; d < dim; d++) {
                real[(t + 1) * dim + d] = real[t * dim + d] + actions[t * dim + d];   // the noiseless path
            }
        }
        RolloutVariance v = RolloutVariance.replay(new RandomWalk(dim, sigma), real, actions, steps, replays, new SplittableRandom(3));
        for (int t : new int[] {1, 10, 50}) {
            double sd = sigma * Math.sqrt(t);
            for (int d = 0; d < dim; d++) {
                // the mean's standard error is sd/√n, the standard deviation's about sd/√(2n); 5 of each
                assertEquals(real[t * dim + d], v.mean(t, d), 5 * sd / Math.sqrt(replays), "mean at t = " + t + ", d = " + d);
                assertEquals(sd, v.std(t, d), 5 * sd / Math.sqrt(2.0 * replays), "std at t = " + t + ", d = " + d);
            }
        }
        assertEquals(0, v.std(0, 0), 0, "every replay starts at the real start state");
        assertEquals(1.0, v.coverage(1.96), 1e-12, "the noiseless path is the replays' mean: always inside");
    }

    @Test
    void aTrainedEnsembleReplaysWithTheNoiseItLearned() {
        // s' = s + 0.5 a + 0.05 ε on s ∈ [−2, 2], a ∈ [−1, 1]; after t steps of a = 0 from s = 0 the state is N(0, t · 0.05²).
        // Trained for a fixed 300 epochs (early stopping on the MSE stops before the variance is learned).
        int n = 3000;
        double sigma = 0.05;
        SplittableRandom rng = new SplittableRandom(4);
        float[] obs = new float[n];
        float[] act = new float[n];
        float[] rew = new float[n];
        float[] next = new float[n];
        for (int i = 0; i < n; i++) {
            obs[i] = (float) rng.nextDouble(-2, 2);
            act[i] = (float) rng.nextDouble(-1, 1);
            next[i] = (float) (obs[i] + 0.5 * act[i] + sigma * rng.nextGaussian());
        }
        EnsembleConfig config = new EnsembleConfig(3, 2, 2, 32, new LayerDecays(new double[] {1e-5, 1e-5, 1e-5}), 3e-3, 0.9,
                0.999, 1e-8, 64, 0.2, 5000, 0.0, 1000, 300, 0, 0.5, -10, 0.01);
        EnsembleModel model = new EnsembleTrainer(config, 1, 1, 5, 1).train(TransitionBatch.withoutEpisodeEnds(n, 1, 1, obs, act, rew, next));
        int steps = 16;
        double[] real = new double[steps + 1];
        RolloutVariance v = RolloutVariance.replay(model, real, new float[steps], steps, 1000, new SplittableRandom(6));
        for (int t : new int[] {1, 4, 16}) {
            // a learned noise level: within 30% of the true one (and the sampling error, 2%, inside that)
            assertEquals(sigma * Math.sqrt(t), v.std(t, 0), 0.3 * sigma * Math.sqrt(t), "std after " + t + " steps");
            assertEquals(0, v.mean(t, 0), 0.1, "mean after " + t + " steps stays near 0");
        }
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RolloutVariance.replay(new RandomWalk(1, 1), new double[3],
                new float[5], 5, 10, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> RolloutVariance.replay(new RandomWalk(1, 1), new double[6],
                new float[5], 5, 1, new SplittableRandom(1)));
    }
}
