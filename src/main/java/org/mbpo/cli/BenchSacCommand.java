package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench sac}: not yet implemented. */
@Command(name = "sac", mixinStandardHelpOptions = true, description = "Benchmark: ms per SAC update against PyTorch (not yet implemented).")
final class BenchSacCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'bench sac' is not implemented yet");
    }
}
