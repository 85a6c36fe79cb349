package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench}: not yet implemented. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmarks side by side with the PyTorch peer (not yet implemented).")
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'bench' is not implemented yet");
    }
}
