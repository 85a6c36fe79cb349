package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link NbconvertOutcome#classify} on output captured from real runs of
 * {@code jupyter nbconvert --to notebook --execute} (nbconvert 6.5.3, nbclient 0.7.2,
 * jupyter_client 7.4.9, rapaio-jupyter-kernel 3.0.1), stored under
 * {@code src/test/resources/org/mbpo/cli/nbconvert/}.
 */
class NbconvertOutcomeTest {

    @Test
    void aCleanRunIsOk() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(0, captured("ok.txt"));
        assertEquals(NbconvertOutcome.Kind.OK, outcome.kind());
        assertFalse(outcome.worthRetrying());
    }

    @Test
    void aKernelThatHangsAtStartupIsRetried() {
        // rapaio-jupyter-kernel hung before its first reply (its intermittent start-up race).
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("startup-hang.txt"));
        assertEquals(NbconvertOutcome.Kind.KERNEL_NO_REPLY, outcome.kind());
        assertEquals("Kernel didn't respond in 60 seconds", outcome.error());
        assertTrue(outcome.worthRetrying());
    }

    @Test
    void aKernelThatDiesBeforeItsFirstReplyIsRetried() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("kernel-died-at-start.txt"));
        assertEquals(NbconvertOutcome.Kind.KERNEL_NO_REPLY, outcome.kind());
        assertEquals("Kernel died before replying to kernel_info", outcome.error());
        assertTrue(outcome.worthRetrying());
    }

    @Test
    void anExceptionInACellIsACellErrorWithItsSourceAndMessage() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("cell-exception.txt"));
        assertEquals(NbconvertOutcome.Kind.CELL_ERROR, outcome.kind());
        assertEquals("throw new IllegalStateException(\"boom: model diverged\");", outcome.cellSource());
        assertTrue(outcome.error().startsWith("java.lang.IllegalStateException: boom: model diverged"),
                () -> "the error starts with the exception, without terminal colours: " + outcome.error());
        assertTrue(outcome.error().endsWith("EvalException: boom: model diverged"), outcome::error);
        assertFalse(outcome.worthRetrying(), "a cell error is never retried");
    }

    @Test
    void aCompileErrorIsACellError() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("cell-compile-error.txt"));
        assertEquals(NbconvertOutcome.Kind.CELL_ERROR, outcome.kind());
        assertEquals("String s = 42;", outcome.cellSource());
        assertTrue(outcome.error().contains("incompatible types: int cannot be converted to java.lang.String"),
                outcome::error);
        assertFalse(outcome.error().contains("\u001B"), "terminal colour codes are removed");
    }

    @Test
    void aCellTimeoutIsACellErrorNotARetry() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("cell-timeout.txt"));
        assertEquals(NbconvertOutcome.Kind.CELL_ERROR, outcome.kind());
        assertEquals("Thread.sleep(20000);", outcome.cellSource());
        assertEquals("A cell timed out while it was being executed, after 3 seconds.", outcome.error());
        assertFalse(outcome.worthRetrying());
    }

    @Test
    void aMissingKernelIsAPlainFailureNamingTheException() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(1, captured("no-such-kernel.txt"));
        assertEquals(NbconvertOutcome.Kind.FAILED, outcome.kind());
        assertEquals("jupyter_client.kernelspec.NoSuchKernel: No such kernel named nosuch", outcome.error());
        assertFalse(outcome.worthRetrying());
    }

    @Test
    void aCellThatPrintsTheStartupMessageIsStillACellError() {
        String output = captured("cell-exception.txt").replace("boom: model diverged",
                "RuntimeError: Kernel didn't respond in 60 seconds");
        assertEquals(NbconvertOutcome.Kind.CELL_ERROR, NbconvertOutcome.classify(1, output).kind(),
                "a kernel that ran a cell did answer, whatever the cell printed");
    }

    @Test
    void silentFailureNamesTheExitStatus() {
        NbconvertOutcome outcome = NbconvertOutcome.classify(3, "");
        assertEquals(NbconvertOutcome.Kind.FAILED, outcome.kind());
        assertEquals("nbconvert exited with status 3", outcome.error());
    }

    private static String captured(String name) {
        try (InputStream in = NbconvertOutcomeTest.class.getResourceAsStream("nbconvert/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource nbconvert/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
