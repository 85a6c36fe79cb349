package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo experiment shift|exploitation}: the paper's measurements. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "The paper's measurements: model error against policy shift (Figure 1), model exploitation and rollout variance.",
        subcommands = {ShiftCommand.class, ExploitationCommand.class})
final class ExperimentCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("choose an experiment: shift or exploitation (see './mbpo experiment --help')");
    }
}
