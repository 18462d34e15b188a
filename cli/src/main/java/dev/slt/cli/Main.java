package dev.slt.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slt} command: one subcommand per job. */
@Command(name = "slt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "SLT: structured lottery tickets in pure Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, LotteryCommand.class, CompareCommand.class, DataCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 runtime failure, 2 usage error. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams (tests capture them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = ExitCodes.configure(new CommandLine(new Main()));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
