package org.mbpo.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayBufferTest {

    /** Transition i: obs (i, -i), action i/10, reward i, next obs (i+1, -i-1), terminated when i % 4 == 3, truncated when i % 5 == 4. */
    static void addNumbered(ReplayBuffer buf, int i) {
        buf.add(new double[] {i, -i}, new double[] {i / 10.0}, i, new double[] {i + 1, -i - 1}, i % 4 == 3, i % 5 == 4);
    }

    @Test
    void wrapsAroundKeepingTheNewestAndSamplesThemUniformly() {
        ReplayBuffer buf = new ReplayBuffer(5, 2, 1);
        for (int i = 0; i < 8; i++) {
            addNumbered(buf, i);
        }
        assertEquals(5, buf.size());
        assertEquals(8, buf.added());
        TransitionBatch batch = TransitionBatch.allocate(50, 2, 1);
        int[] counts = new int[8];
        SplittableRandom rng = new SplittableRandom(1);
        int draws = 0;
        for (int round = 0; round < 200; round++) {
            buf.sampleInto(batch, rng);
            for (int r = 0; r < batch.size(); r++) {
                int i = (int) batch.rewards()[r];
                counts[i]++;
                draws++;
                // every field of a row comes from the same transition
                assertEquals(i, batch.observations()[2 * r]);
                assertEquals(-i, batch.observations()[2 * r + 1]);
                assertEquals(i / 10.0f, batch.actions()[r]);
                assertEquals(i + 1, batch.nextObservations()[2 * r]);
                assertEquals(-i - 1, batch.nextObservations()[2 * r + 1]);
                assertEquals(i % 4 == 3, batch.terminated()[r]);
                assertEquals(i % 5 == 4, batch.truncated()[r]);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(0, counts[i], "transition " + i + " was overwritten");
        }
        // 10,000 draws over 5 transitions: each count ~ Binomial(10000, 0.2), sd 40; allow 5 sd.
        for (int i = 3; i < 8; i++) {
            assertEquals(draws / 5.0, counts[i], 200, "transition " + i + " drawn " + counts[i] + " times");
        }
    }

    /** The rewards (= transition numbers) a buffer holds, sorted, read through its view. */
    private static float[] rewardsHeld(ReplayBuffer buf) {
        TransitionBatch all = buf.view();
        float[] r = java.util.Arrays.copyOf(all.rewards(), all.size());
        java.util.Arrays.sort(r);
        return r;
    }

    @Test
    void theViewIsEveryTransitionInStorageOrderOverTheBuffersOwnArrays() {
        ReplayBuffer buf = new ReplayBuffer(5, 2, 1);
        for (int i = 0; i < 7; i++) {
            addNumbered(buf, i);
        }
        // Storage after 7 adds to 5 slots: 5, 6, 2, 3, 4.
        TransitionBatch all = buf.view();
        assertEquals(5, all.size());
        float[] expected = {5, 6, 2, 3, 4};
        for (int r = 0; r < 5; r++) {
            int i = (int) expected[r];
            assertEquals(i, all.rewards()[r]);
            assertEquals(-i - 1, all.nextObservations()[2 * r + 1]);
            assertEquals(i % 4 == 3, all.terminated()[r]);
            assertEquals(i % 5 == 4, all.truncated()[r]);
        }
        addNumbered(buf, 7);
        assertEquals(7, buf.view().rewards()[2], "no copy: the view's arrays are the buffer's");
        assertEquals(3, all.first(3).size());
    }

    @Test
    void aResizedCopyKeepsTheNewestTransitionsAndOverwritesTheOldestNext() {
        ReplayBuffer buf = new ReplayBuffer(5, 2, 1);
        for (int i = 0; i < 8; i++) {
            addNumbered(buf, i);
        }
        // Holds 3..7. Growing keeps all five; shrinking to 3 keeps 5, 6, 7.
        ReplayBuffer grown = buf.resizedCopy(7);
        assertArrayEquals(new float[] {3, 4, 5, 6, 7}, rewardsHeld(grown));
        assertEquals(7, grown.capacity());
        assertEquals(8, grown.added());
        ReplayBuffer shrunk = buf.resizedCopy(3);
        assertArrayEquals(new float[] {5, 6, 7}, rewardsHeld(shrunk));
        // The copy is in time order: the next two adds to the grown buffer fill it, the third overwrites 3.
        for (int i = 8; i < 11; i++) {
            addNumbered(grown, i);
        }
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10}, rewardsHeld(grown));
        // Every field moves with its transition.
        TransitionBatch all = shrunk.view();
        for (int r = 0; r < 3; r++) {
            int i = (int) all.rewards()[r];
            assertEquals(-i - 1, all.nextObservations()[2 * r + 1]);
            assertEquals(i / 10.0f, all.actions()[r]);
            assertEquals(i % 4 == 3, all.terminated()[r]);
            assertEquals(i % 5 == 4, all.truncated()[r]);
        }
    }

    @Test
    void aWrittenAndReadBufferSamplesTheSameTransitions() throws IOException {
        for (int added : new int[] {0, 3, 8}) {
            ReplayBuffer buf = new ReplayBuffer(5, 2, 1);
            for (int i = 0; i < added; i++) {
                addNumbered(buf, i);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            buf.writeTo(new DataOutputStream(bytes));
            ReplayBuffer read = ReplayBuffer.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 2, 1, true);
            assertEquals(buf.size(), read.size());
            assertEquals(buf.added(), read.added());
            // The same position for the next write: add two more to both and sample with equal generators.
            addNumbered(buf, 20);
            addNumbered(read, 20);
            if (buf.size() > 0) {
                TransitionBatch x = TransitionBatch.allocate(40, 2, 1);
                TransitionBatch y = TransitionBatch.allocate(40, 2, 1);
                buf.sampleInto(x, new SplittableRandom(added));
                read.sampleInto(y, new SplittableRandom(added));
                assertArrayEquals(x.rewards(), y.rewards(), "after " + added + " adds");
                assertArrayEquals(x.observations(), y.observations());
                assertArrayEquals(x.terminated(), y.terminated());
                assertArrayEquals(x.truncated(), y.truncated());
            }
            IOException wrongDims = assertThrows(IOException.class,
                    () -> ReplayBuffer.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3, 1, true));
            assertTrue(wrongDims.getMessage().contains("dimensions (2, 1)"), wrongDims.getMessage());
        }
    }

    @Test
    void aBufferWrittenWithoutTruncationFlagsReadsAsNeverTruncated() throws IOException {
        // The layout before the flags were stored (MBPO checkpoints of format 1): everything but the last `size` bytes.
        ReplayBuffer buf = new ReplayBuffer(5, 2, 1);
        for (int i = 0; i < 8; i++) {
            addNumbered(buf, i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        buf.writeTo(new DataOutputStream(bytes));
        byte[] withFlags = bytes.toByteArray();
        byte[] without = java.util.Arrays.copyOf(withFlags, withFlags.length - buf.size());
        ReplayBuffer read = ReplayBuffer.readFrom(new DataInputStream(new ByteArrayInputStream(without)), 2, 1, false);
        assertArrayEquals(java.util.Arrays.copyOf(buf.view().rewards(), 5), java.util.Arrays.copyOf(read.view().rewards(), 5));
        assertArrayEquals(java.util.Arrays.copyOf(buf.view().terminated(), 5), java.util.Arrays.copyOf(read.view().terminated(), 5));
        assertArrayEquals(new boolean[5], java.util.Arrays.copyOf(read.view().truncated(), 5));
        assertTrue(java.util.Arrays.copyOf(buf.view().truncated(), 5)[4], "transition 4 of the original is truncated");
    }

    @Test
    void mixedSamplingTakesFloorOfRatioTimesBatchFromReal() {
        ReplayBuffer real = new ReplayBuffer(100, 2, 1);
        ReplayBuffer model = new ReplayBuffer(100, 2, 1);
        for (int i = 0; i < 30; i++) {
            real.add(new double[] {1, 1}, new double[] {0}, 1.0, new double[] {1, 1}, false, false);
            model.add(new double[] {2, 2}, new double[] {0}, -1.0, new double[] {2, 2}, true, false);
        }
        SplittableRandom rng = new SplittableRandom(2);
        for (double ratio : new double[] {0.05, 0.5, 0.0, 1.0, 0.999}) {
            TransitionBatch batch = TransitionBatch.allocate(256, 2, 1);
            ReplayBuffer.sampleMixedInto(real, model, ratio, batch, rng);
            int expectedReal = (int) (256 * ratio);
            for (int r = 0; r < 256; r++) {
                boolean fromReal = batch.rewards()[r] == 1.0f;
                assertEquals(r < expectedReal, fromReal, "ratio " + ratio + ", row " + r);
                assertEquals(!fromReal, batch.terminated()[r]);
            }
        }
        assertEquals(12, (int) (256 * 0.05), "MBPO's real_ratio 0.05 gives 12 real transitions of 256");
    }

    @Test
    void batchAddMatchesSingleAdds() {
        ReplayBuffer one = new ReplayBuffer(4, 2, 1);
        ReplayBuffer many = new ReplayBuffer(4, 2, 1);
        float[] o = new float[12];
        float[] a = new float[6];
        float[] r = new float[6];
        float[] o2 = new float[12];
        boolean[] t = new boolean[6];
        boolean[] cut = new boolean[6];
        for (int i = 0; i < 6; i++) {
            addNumbered(one, i);
            o[2 * i] = i;
            o[2 * i + 1] = -i;
            a[i] = i / 10.0f;
            r[i] = i;
            o2[2 * i] = i + 1;
            o2[2 * i + 1] = -i - 1;
            t[i] = i % 4 == 3;
            cut[i] = i % 5 == 4;
        }
        many.addBatch(new TransitionBatch(6, 2, 1, o, a, r, o2, t, cut));
        TransitionBatch b1 = TransitionBatch.allocate(64, 2, 1);
        TransitionBatch b2 = TransitionBatch.allocate(64, 2, 1);
        one.sampleInto(b1, new SplittableRandom(3));
        many.sampleInto(b2, new SplittableRandom(3));
        for (int i = 0; i < 64; i++) {
            assertEquals(b1.rewards()[i], b2.rewards()[i]);
            assertEquals(b1.nextObservations()[2 * i + 1], b2.nextObservations()[2 * i + 1]);
            assertEquals(b1.terminated()[i], b2.terminated()[i]);
            assertEquals(b1.truncated()[i], b2.truncated()[i]);
        }
    }

    @Test
    void tenMillionHopperTransitionsFitInUnderOnePointTwoGigabytes() {
        long bytes = 10_000_000L * ReplayBuffer.bytesPerTransition(11, 3);
        assertEquals(1_060_000_000L, bytes, "4 (2·11 + 3 + 1) + 2 bytes each");
        assertTrue(bytes < 1_200_000_000L);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayBuffer(0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplayBuffer(1_000_000_000, 11, 3));
        ReplayBuffer buf = new ReplayBuffer(4, 2, 1);
        assertThrows(IllegalStateException.class, () -> buf.sampleInto(TransitionBatch.allocate(2, 2, 1), new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> buf.add(new double[3], new double[1], 0, new double[2], false, false));
        addNumbered(buf, 0);
        assertThrows(IllegalArgumentException.class, () -> buf.sampleInto(TransitionBatch.allocate(2, 3, 1), new SplittableRandom(1)));
    }
}
