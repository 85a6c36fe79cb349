package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench envs}: not yet implemented. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "Benchmark: environment steps per second against raw mj_step (not yet implemented).")
final class BenchEnvsCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'bench envs' is not implemented yet");
    }
}
