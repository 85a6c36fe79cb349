package org.mbpo.agent;

import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Blas;
import org.mbpo.random.Rng;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The twin critics on two threads give the same bits as on one. */
class SacTwoThreadsTest {

    @Test
    void twoThreadsGiveIdenticalUpdates() {
        int blasThreads = Blas.threads();
        Blas.setThreads(1);
        SacConfig config = SacConfig.defaults().withHidden(2, 64).withBatchSize(64);
        try (Sac one = new Sac(5, 2, config, new Rng(8));
             Sac two = new Sac(5, 2, config, new Rng(8))) {
            two.setTwoThreads(true);
            SplittableRandom rng = new SplittableRandom(9);
            TransitionBatch b = TransitionBatch.allocate(64, 5, 2);
            for (int step = 0; step < 30; step++) {
                for (int i = 0; i < b.observations().length; i++) {
                    b.observations()[i] = (float) rng.nextGaussian();
                    b.nextObservations()[i] = (float) rng.nextGaussian();
                }
                for (int i = 0; i < b.actions().length; i++) {
                    b.actions()[i] = (float) rng.nextDouble(-1, 1);
                }
                for (int i = 0; i < 64; i++) {
                    b.rewards()[i] = (float) rng.nextGaussian();
                    b.terminated()[i] = rng.nextInt(10) == 0;
                }
                assertEquals(one.update(b), two.update(b), "losses at update " + step);
            }
            assertArrayEquals(one.critics[0].net.parameters(), two.critics[0].net.parameters());
            assertArrayEquals(one.critics[1].target.parameters(), two.critics[1].target.parameters());
            assertArrayEquals(one.actor.parameters(), two.actor.parameters());
        } finally {
            Blas.setThreads(blasThreads);
        }
    }
}
