package org.mbpo.cli;

import picocli.CommandLine.Command;

/** {@code ./mbpo bench envs|sac|model}: speed benchmarks, printed side by side with their peers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed benchmarks side by side with the PyTorch peer (../shared/bench/torch_peer.py) or raw MuJoCo.",
        subcommands = {BenchEnvsCommand.class, BenchSacCommand.class, BenchModelCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("choose a benchmark: envs, sac or model (see './mbpo bench --help')");
    }
}
