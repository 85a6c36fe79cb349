package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo train}: not yet implemented. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train an agent: SAC, or MBPO (issues: SAC, MBPO) (not yet implemented).")
final class TrainCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'train' is not implemented yet");
    }
}
