package org.mbpo.agent;

import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.random.Rng;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An agent's saved state, restored into another agent, makes the same updates and actions bit for bit. */
class SacStateTest {
    private static final SacConfig SMALL = SacConfig.defaults().withHidden(2, 32).withBatchSize(32);

    private static TransitionBatch randomBatch(SplittableRandom rng) {
        TransitionBatch b = TransitionBatch.allocate(32, 3, 2);
        for (int i = 0; i < b.observations().length; i++) {
            b.observations()[i] = (float) rng.nextGaussian();
            b.nextObservations()[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.actions().length; i++) {
            b.actions()[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < 32; i++) {
            b.rewards()[i] = (float) rng.nextGaussian();
            b.terminated()[i] = rng.nextInt(10) == 0;
        }
        return b;
    }

    @Test
    void aRestoredAgentContinuesExactlyAsTheOriginal() {
        try (Sac original = new Sac(3, 2, SMALL, new Rng(11)); Sac restored = new Sac(3, 2, SMALL, new Rng(12))) {
            SplittableRandom data = new SplittableRandom(2);
            for (int u = 0; u < 20; u++) {
                original.update(randomBatch(data));
            }
            restored.restoreState(original.state());
            for (int u = 0; u < 20; u++) {
                TransitionBatch batch = randomBatch(data);
                assertEquals(original.update(batch), restored.update(batch), "update " + u + " after the restore");
            }
            assertArrayEquals(original.critics[1].target.parameters(), restored.critics[1].target.parameters());
            assertEquals(original.alpha(), restored.alpha(), 0.0);
            double[] a = new double[2];
            double[] b = new double[2];
            original.act(new double[] {0.1, -0.2, 0.3}, false, new Rng(3), a);
            restored.act(new double[] {0.1, -0.2, 0.3}, false, new Rng(3), b);
            assertArrayEquals(a, b, 0.0);
        }
    }

    @Test
    void theStateIsACopyAndOtherShapesAreRefused() {
        try (Sac agent = new Sac(3, 2, SMALL, new Rng(1)); Sac wide = new Sac(3, 2, SMALL.withHidden(2, 16), new Rng(1))) {
            Sac.State before = agent.state();
            agent.update(randomBatch(new SplittableRandom(3)));
            assertNotEquals(before.actor()[0], agent.state().actor()[0], "an update changed the first actor weight");
            assertThrows(IllegalArgumentException.class, () -> wide.restoreState(before));
        }
    }
}
