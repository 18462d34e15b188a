package dev.slt.cli;

import dev.slt.datasets.DataInventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slt data info}: every dataset name, where it is found and by which search rule, and how to get the missing ones. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "List every dataset: where it is found (and by which rule), whether complete, image counts, how to get it.")
final class DataInfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Look in this folder first, for every name, as `slt train --data DIR` would.")
    Path data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("search order: --data DIR, $SLT_DATA/<name>, ./data/<name>, /usr/share/datasets/fashion-mnist (Fashion-MNIST), embedded");
        out.printf("%-19s %-11s %7s %7s  %s%n", "dataset", "status", "train", "test", "where (rule)");
        for (DataInventory.Entry e : DataInventory.scan(data)) {
            String status = !e.found() ? "missing" : e.complete() ? (e.dir() == null ? "embedded" : "complete") : "incomplete";
            String where = e.dir() == null ? (e.found() ? "inside the slt jar (embedded)" : "-")
                    : e.dir().toAbsolutePath().normalize() + " (" + e.rule() + ")";
            out.printf("%-19s %-11s %7s %7s  %s%n", e.name(), status, count(e.trainImages()), count(e.testImages()), where);
            if (e.problem() != null) out.println("    problem: " + e.problem());
            if (!e.complete()) {
                if (e.found()) out.println("    missing: " + String.join(", ", e.missing()));
                out.println("    get it: " + e.howToGet());
            }
        }
        return ExitCodes.OK;
    }

    private static String count(long n) {
        return n < 0 ? "-" : Long.toString(n);
    }
}
