package org.mbpo.stop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a signal's request means to the loops that poll it. */
class StopRequestTest {

    @Test
    void withoutAWatchASignalIsNoRequestAndTheProcessShouldEnd() {
        assertFalse(StopRequest.request(StopRequest.Kind.INTERRUPT), "nothing watches: end at once, as Java's default would");
        assertNull(StopRequest.requested());
        assertDoesNotThrow(StopRequest::pollStep);
    }

    @Test
    void aStepStopIsSeenAtTheNextStepACheckpointStopOnlyAfterACheckpoint() {
        try (StopRequest.Watch w = StopRequest.watch(null)) {
            assertDoesNotThrow(StopRequest::pollStep);
            assertTrue(StopRequest.request(StopRequest.Kind.CHECKPOINT));
            assertDoesNotThrow(StopRequest::pollStep, "SIGUSR1 lets the epoch finish");
            StoppedException e = assertThrows(StoppedException.class, StopRequest::pollCheckpointed);
            assertEquals(StopRequest.Kind.CHECKPOINT, e.kind());
            assertTrue(StopRequest.request(StopRequest.Kind.TERMINATE), "SIGTERM after SIGUSR1 is a request");
            assertEquals(StopRequest.Kind.TERMINATE, assertThrows(StoppedException.class, StopRequest::pollStep).kind(),
                    "and it stops at the next step");
            assertFalse(StopRequest.request(StopRequest.Kind.INTERRUPT), "a second step stop: end at once");
            assertTrue(StopRequest.request(StopRequest.Kind.CHECKPOINT), "SIGUSR1 never replaces a step stop");
            assertEquals(StopRequest.Kind.TERMINATE, StopRequest.requested());
        }
        assertNull(StopRequest.requested(), "closing the last watch clears the request");
    }

    @Test
    void watchesNestAndListenersHearEveryRequest() {
        List<StopRequest.Kind> heard = new ArrayList<>();
        try (StopRequest.Watch outer = StopRequest.watch(heard::add)) {
            try (StopRequest.Watch inner = StopRequest.watch(null)) {
                assertTrue(StopRequest.request(StopRequest.Kind.CHECKPOINT));
            }
            assertEquals(StopRequest.Kind.CHECKPOINT, StopRequest.requested(), "still watched: still requested");
            assertTrue(StopRequest.request(StopRequest.Kind.INTERRUPT));
        }
        assertEquals(List.of(StopRequest.Kind.CHECKPOINT, StopRequest.Kind.INTERRUPT), heard);
        assertFalse(StopRequest.request(StopRequest.Kind.INTERRUPT));
        assertEquals(List.of(StopRequest.Kind.CHECKPOINT, StopRequest.Kind.INTERRUPT), heard, "a closed watch hears nothing");
    }

    @Test
    void exitStatusesAre128PlusTheSignalOr75WhenResumableAtACheckpoint() {
        assertEquals(130, StopRequest.Kind.INTERRUPT.exitStatus(true));
        assertEquals(143, StopRequest.Kind.TERMINATE.exitStatus(false));
        assertEquals(75, StopRequest.Kind.CHECKPOINT.exitStatus(true));
        assertEquals(138, StopRequest.Kind.CHECKPOINT.exitStatus(false));
    }
}
