package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench model}: not yet implemented. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Benchmark: ensemble training step and rollout throughput against PyTorch (not yet implemented).")
final class BenchModelCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'bench model' is not implemented yet");
    }
}
