package org.mbpo.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Workers#runInTwoPhases}: every part once, each second part after its own first part, failures rethrown. */
class WorkersTest {
    private static final int TASKS = 7;

    @Test
    @Timeout(60)
    void everySecondPartRunsOnceAndAfterItsFirstPartEnded() {
        for (int threads = 1; threads <= 3; threads++) {
            for (int round = 0; round < 20; round++) {
                AtomicInteger clock = new AtomicInteger();
                AtomicIntegerArray firstRuns = new AtomicIntegerArray(TASKS);
                AtomicIntegerArray secondRuns = new AtomicIntegerArray(TASKS);
                AtomicIntegerArray firstEnded = new AtomicIntegerArray(TASKS);
                AtomicIntegerArray secondStarted = new AtomicIntegerArray(TASKS);
                double[] sums = new double[TASKS];
                Workers.shared(threads).runInTwoPhases(TASKS, i -> {
                    firstRuns.incrementAndGet(i);
                    // The last first parts are slow, so that a thread reaches their second parts while they still run.
                    sums[i] = busy(i >= TASKS - 2 ? 2_000_000 : 10_000);
                    firstEnded.set(i, clock.incrementAndGet());
                }, i -> {
                    secondStarted.set(i, clock.incrementAndGet());
                    secondRuns.incrementAndGet(i);
                });
                assertTrue(sums[TASKS - 1] > 1, "the busy work was done");
                for (int i = 0; i < TASKS; i++) {
                    assertEquals(1, firstRuns.get(i), threads + " threads: first part " + i + " once");
                    assertEquals(1, secondRuns.get(i), threads + " threads: second part " + i + " once");
                    assertTrue(firstEnded.get(i) < secondStarted.get(i), threads + " threads: second part " + i
                            + " started (" + secondStarted.get(i) + ") after its first part ended (" + firstEnded.get(i) + ")");
                }
            }
        }
    }

    @Test
    void oneThreadRunsEachSecondPartRightAfterItsFirstPart() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Workers.shared(1).runInTwoPhases(3, i -> order.add("first " + i), i -> order.add("second " + i));
        assertEquals(List.of("first 0", "second 0", "first 1", "second 1", "first 2", "second 2"), order);
    }

    @Test
    @Timeout(60)
    void twoThreadsRunAHalfEachBackToBackAndSplitAnOddTaskOut() {
        for (int tasks : new int[] {7, 6}) {
            Map<String, List<String>> byThread = new ConcurrentHashMap<>();
            Consumer<String> log = what ->
                    byThread.computeIfAbsent(Thread.currentThread().getName(), k -> Collections.synchronizedList(new ArrayList<>())).add(what);
            Workers.shared(2).runInTwoPhases(tasks, i -> log.accept("first " + i), i -> log.accept("second " + i));
            List<List<String>> orders = new ArrayList<>(byThread.values());
            List<String> expected0 = new ArrayList<>();
            List<String> expected1 = new ArrayList<>();
            if (tasks % 2 == 1) {
                expected0.add("first " + (tasks - 1));
            }
            for (int i = 0; i < tasks / 2; i++) {
                expected0.addAll(List.of("first " + i, "second " + i));
                expected1.addAll(List.of("first " + (tasks / 2 + i), "second " + (tasks / 2 + i)));
            }
            if (tasks % 2 == 1) {
                expected1.add("second " + (tasks - 1));
            }
            if (orders.size() == 1) {
                // The helper started late and the caller took both halves, one after the other.
                List<String> both = new ArrayList<>(expected0);
                both.addAll(expected1);
                assertEquals(both, orders.get(0), tasks + " tasks");
            } else {
                assertTrue(orders.contains(expected0) && orders.contains(expected1), tasks + " tasks: each thread's order " + orders);
            }
        }
    }

    @Test
    @Timeout(60)
    void aFailingFirstPartIsRethrownAndItsSecondPartNeverRuns() {
        for (int threads = 1; threads <= 2; threads++) {
            AtomicIntegerArray secondRuns = new AtomicIntegerArray(TASKS);
            Workers workers = Workers.shared(threads);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers.runInTwoPhases(TASKS, i -> {
                if (i == 3) {
                    throw new IllegalStateException("member 3");
                }
            }, i -> secondRuns.incrementAndGet(i)));
            assertEquals("member 3", e.getMessage());
            assertEquals(0, secondRuns.get(3), threads + " threads: the failed first part's second part");
        }
    }

    /** About {@code 2n} floating-point operations whose result is used (so that they are done). */
    private static double busy(int n) {
        double x = 1;
        for (int k = 0; k < n; k++) {
            x = x * 1.0000001 + 1e-9;
        }
        return x;
    }
}
