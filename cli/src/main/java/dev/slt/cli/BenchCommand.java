package dev.slt.cli;

import picocli.CommandLine.Command;

/** {@code slt bench}: kernel and ticket benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure kernels on this machine.",
        subcommands = {BenchGemmCommand.class, BenchChainCommand.class, BenchSparseCommand.class, BenchTicketCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
