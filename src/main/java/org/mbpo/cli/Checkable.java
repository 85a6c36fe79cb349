package org.mbpo.cli;

/**
 * A command that can check its arguments and settings completely without running or writing anything, as its
 * {@code call()} would check them; {@code ./mbpo sweep} checks every cell's command so before any cell starts.
 */
interface Checkable {
    /** @throws UserError (one line) for the first argument or setting the command would refuse */
    void check();
}
