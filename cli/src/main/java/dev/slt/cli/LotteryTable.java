package dev.slt.cli;

import dev.slt.nn.train.Callback;
import dev.slt.pruning.lottery.DenseResult;
import dev.slt.pruning.lottery.LotteryListener;
import dev.slt.pruning.lottery.RoundResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The live view of a lottery run: phase lines and training progress ({@link TrainProgress}) on
 * stderr, and on stdout a table that grows by one row per finished round: IMP mask densities (weight,
 * channel, FLOP) and accuracy, then the ticket's.
 */
final class LotteryTable implements LotteryListener {

    private final PrintWriter out, err;
    private final String prefix;

    LotteryTable(PrintWriter out, PrintWriter err, String prefix) {
        this.out = out;
        this.err = err;
        this.prefix = prefix;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-6s %8s %8s %8s %8s | %8s %8s %8s %8s", "round", "density", "channels", "flops", "IMP acc",
                "density", "channels", "flops", "ticket");
    }

    static String row(RoundResult r) {
        return String.format(Locale.ROOT, "%-6d %8.4f %8.4f %8.4f %8s | %8.4f %8.4f %8.4f %8s", r.round(), r.weightDensity(), r.channelDensity(),
                r.flopDensity(), percent(r.impTestAccuracy()), r.ticketWeightDensity(), r.ticketChannelDensity(), r.ticketFlopDensity(),
                percent(r.ticketTestAccuracy()));
    }

    static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    @Override
    public void phaseStarted(String what) {
        err.println(prefix + what);
        err.flush();
    }

    @Override
    public void phaseSkipped(String what) {
        err.println(prefix + what + ": done before, skipped");
        err.flush();
    }

    @Override
    public List<Callback> trainingCallbacks() {
        return List.of(new TrainProgress(err, TrainProgress.isTerminal(), TrainProgress.columns()));
    }

    @Override
    public void denseFinished(DenseResult dense) {
        out.println(header());
        out.printf(Locale.ROOT, "%-6s %8.4f %8.4f %8.4f %8s |%n", "dense", 1.0, 1.0, 1.0, percent(dense.testAccuracy()));
        out.flush();
    }

    @Override
    public void roundFinished(RoundResult r) {
        out.println(row(r));
        out.flush();
    }
}
