package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo envs}: not yet implemented. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List environments, replay reference trajectories (issue: environments) (not yet implemented).")
final class EnvsCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'envs' is not implemented yet");
    }
}
