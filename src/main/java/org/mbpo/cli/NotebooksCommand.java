package org.mbpo.cli;

import picocli.CommandLine.Command;

@Command(name = "notebooks", mixinStandardHelpOptions = true, description = "(placeholder)")
final class NotebooksCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("not yet implemented");
    }
}
