package org.mbpo.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotebooksCommandTest {

    @Test
    void startupTimeoutGrowsByHalfEachRetryUpToTwoMinutes() {
        NotebooksCommand c = new NotebooksCommand();
        c.startupTimeout = 10;
        // 10, 15, 22.5 → 23 (rounded), 33.75 → 34, …, capped at 120
        assertEquals(10, c.startupTimeout(1));
        assertEquals(15, c.startupTimeout(2));
        assertEquals(23, c.startupTimeout(3));
        assertEquals(34, c.startupTimeout(4));
        assertEquals(120, c.startupTimeout(12));
    }
}
