package org.mbpo.random;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RngTest {

    /** Every kind of draw the project makes, mixed, so that a difference in any of them shows. */
    private static String draws(RandomGenerator r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextLong()).append(' ').append(r.nextInt()).append(' ').append(r.nextInt(7)).append(' ')
                    .append(r.nextInt(1 << 20)).append(' ').append(r.nextDouble()).append(' ')
                    .append(r.nextDouble(-1, 1)).append(' ').append(r.nextGaussian()).append(' ')
                    .append(r.nextFloat()).append(' ').append(r.nextBoolean()).append(' ').append(r.nextLong(1000))
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void drawsTheSameNumbersAsSplittableRandomAndSplitsTheSameWay() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            Rng ours = new Rng(seed);
            assertEquals(draws(jdk, 200), draws(ours, 200), "seed " + seed);
            SplittableRandom jdkChild = jdk.split();
            Rng ourChild = ours.split();
            assertEquals(draws(jdkChild.split(), 50), draws(ourChild.split(), 50), "grandchild of seed " + seed);
            assertEquals(draws(jdkChild, 50), draws(ourChild, 50), "child of seed " + seed);
            assertEquals(draws(jdk, 50), draws(ours, 50), "parent after splits, seed " + seed);
        }
    }

    @Test
    void aRestoredStateContinuesTheStream() {
        Rng a = new Rng(5);
        draws(a, 10);
        Rng child = a.split();
        draws(child, 3);
        Rng.State saved = child.state();
        String expected = draws(child, 100);
        assertEquals(expected, draws(Rng.of(saved), 100), "a new generator from the state");
        Rng other = new Rng(99);
        other.restoreState(saved);
        assertEquals(expected, draws(other, 100), "an old generator put back into the state");
    }

    @Test
    void anEvenGammaIsNotAState() {
        assertThrows(IllegalArgumentException.class, () -> new Rng.State(1, 2));
    }
}
