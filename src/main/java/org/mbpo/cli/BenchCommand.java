package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench envs|sac|model|value-expansion}: speed benchmarks, printed side by side with their peers (or with SAC). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed benchmarks side by side with the PyTorch peer (../shared/bench/torch_peer.py) or raw MuJoCo.",
        subcommands = {BenchEnvsCommand.class, BenchSacCommand.class, BenchModelCommand.class, BenchValueExpansionCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("choose a benchmark: envs, sac, model or value-expansion (see './mbpo bench --help')");
    }
}
