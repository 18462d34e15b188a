package dev.slt.cli;

import picocli.CommandLine;

/** SLT's exit codes: 0 ok, 1 runtime failure, 2 usage error; errors print one clear line, no stack trace. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {}

    static CommandLine configure(CommandLine cl) {
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CommandLine.ParameterException pe) throw pe;
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message(e));
            if (System.getenv("SLT_DEBUG") != null) e.printStackTrace(cmd.getErr());
            return FAILURE;
        });
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
