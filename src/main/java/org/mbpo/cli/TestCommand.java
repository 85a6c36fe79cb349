package org.mbpo.cli;

import picocli.CommandLine.Command;

@Command(name = "test", mixinStandardHelpOptions = true, description = "(placeholder)")
final class TestCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("not yet implemented");
    }
}
