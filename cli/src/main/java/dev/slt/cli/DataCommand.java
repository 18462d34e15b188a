package dev.slt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slt data}: download datasets and show what is found where. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Download datasets (fetch) and list what is found where (info).",
        subcommands = {DataFetchCommand.class, DataInfoCommand.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
