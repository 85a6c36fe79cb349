package org.mbpo.cli;

import picocli.CommandLine.Command;

@Command(name = "bounds", mixinStandardHelpOptions = true, description = "(placeholder)")
final class BoundsCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("not yet implemented");
    }
}
