package dev.slt.cli;

import dev.slt.datasets.Datasets;
import dev.slt.datasets.Embedded;
import dev.slt.kernels.KernelPool;
import dev.slt.pruning.lottery.ImpChain;
import dev.slt.pruning.lottery.LotteryRunner;
import dev.slt.pruning.lottery.RoundResult;
import dev.slt.pruning.lottery.RunPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slt demo}: the main job end to end on the embedded data. One dense training, then IMP,
 * IMP-Refill and IMP-Regroup for a few rounds on it ({@code slt compare}'s machinery, IMP's chain trained
 * once: {@link ImpChain}), every ticket timed against the dense model ({@link TicketBench}), one
 * table on stdout, and {@code demo.json} and a self-contained {@code report.html} in --out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train, prune (IMP, IMP-Refill, IMP-Regroup) and benchmark on the embedded Fashion-MNIST subset; "
                + "prints one table and writes report.html.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted demo in --out: finished phases are skipped.")
    boolean resume;

    @Option(names = "--force", description = "Delete a previous demo in --out and start afresh (only a folder holding a demo's files).")
    boolean force;

    @Option(names = "--threads", paramLabel = "T", description = "Kernel threads (default: all processors).")
    Integer threads;

    /** The tests' shrunken pipeline ({@link DemoSettings#SMOKE}); not for users, so not listed. */
    @Option(names = "--smoke", hidden = true)
    boolean smoke;

    @Override
    public Integer call() {
        if (resume && force) throw LotteryCommand.usage(spec, "--resume and --force contradict each other: continue the demo in " + out + ", or start it afresh");
        if (threads != null) {
            if (threads < 1) throw LotteryCommand.usage(spec, "--threads must be >= 1, got " + threads);
            KernelPool.setThreads(threads);
        }
        String refusal = DemoFolder.prepare(out, resume, force);
        if (refusal != null) throw LotteryCommand.usage(spec, refusal);
        DemoSettings s = smoke ? DemoSettings.SMOKE : DemoSettings.STANDARD;
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long start = System.nanoTime();
        err.printf(Locale.ROOT, "slt demo: %s on %s (first %d training images, %d test), %d epochs per training, %d rounds at rate %s "
                        + "(IMP density %s), methods %s, %d thread(s), into %s%n", s.model(), Embedded.NAME, s.limitTrain(), s.limitTest(), s.epochs(),
                s.rounds(), s.rate(), densities(s), String.join(", ", DemoSettings.METHODS), KernelPool.threads(), out);
        var data = Datasets.load(Embedded.NAME, null);
        int tickets = DemoSettings.METHODS.size() * s.rounds();
        var progress = new DemoProgress(err, TrainProgress.isTerminal(), TrainProgress.columns(), s, tickets);
        ImpChain chain = CompareCommand.chain(out, DemoSettings.METHODS.stream().map(s::config).toList());
        var results = new ArrayList<LotteryRunner.Result>();
        for (String m : DemoSettings.METHODS) {
            progress.method(m);
            results.add(CompareCommand.runMethod(spec, s.config(m), data, out, progress, chain));
        }
        CompareCommand.writeTables(out, results);
        CompareCommand.writePlot(out, results);
        List<DemoRow> rows = rows(out, results, s, progress);
        String title = s.model() + " on " + Embedded.NAME;
        SpeedupPlot.write(out.resolve("speedup.png"), title + ": speedup of the tickets", rows, DemoSettings.METHODS);
        double seconds = (System.nanoTime() - start) / 1e9;
        var run = new LinkedHashMap<String, Object>();
        run.put("threads", KernelPool.threads());
        run.put("seconds", Math.round(seconds * 10) / 10.0);
        run.put("resumed", resume);
        DemoReport.writeJson(out.resolve("demo.json"), s, results.getFirst().dense(), rows, run);
        var masks = new ArrayList<DemoReport.Picture>();
        for (String m : DemoSettings.METHODS)
            masks.add(new DemoReport.Picture(m + ", round " + s.rounds() + ": IMP mask (left), ticket mask (right)",
                    CompareCommand.paths(out, m).maskPicture(s.rounds())));
        DemoReport.writeHtml(out.resolve("report.html"), "SLT demo: " + title, notes(s, seconds), rows,
                List.of(new DemoReport.Picture("test accuracy of the tickets against remaining weights", out.resolve("compare.png")),
                        new DemoReport.Picture("speedup against remaining weights: ideal (dashed) and measured", out.resolve("speedup.png"))), masks);
        o.println();
        o.println(DemoRow.HEADER);
        for (DemoRow r : rows) o.println(r.line());
        o.printf(Locale.ROOT, "wrote %s, demo.json, compare.png, speedup.png; per method %s/<method>/ (%s)%n", out.resolve("report.html"), out,
                DemoProgress.clock(Math.round(seconds)));
        return ExitCodes.OK;
    }

    private static String densities(DemoSettings s) {
        var d = new ArrayList<String>();
        for (int k = 1; k <= s.rounds(); k++) d.add(String.format(Locale.ROOT, "%.3g", Math.pow(1 - s.rate(), k)));
        return String.join(", ", d);
    }

    /** The dense row, then per method and round the ticket's row, timed where the build can. */
    private static List<DemoRow> rows(Path out, List<LotteryRunner.Result> results, DemoSettings s, DemoProgress progress) {
        var rows = new ArrayList<DemoRow>();
        rows.add(new DemoRow("dense", 0, 1, 1, results.getFirst().dense().testAccuracy(), 1, 1.0, null, null));
        int n = results.size() * s.rounds(), i = 0;
        for (var r : results)
            for (RoundResult x : r.rounds()) {
                Path dir = CompareCommand.paths(out, r.config().method()).round(x.round());
                progress.benchmark(i++, n, r.config().method() + " round " + x.round());
                TicketBench.Timing t = TicketBench.measure(dir, s);
                rows.add(new DemoRow(r.config().method(), x.round(), x.ticketWeightDensity(), x.ticketChannelDensity(), x.ticketTestAccuracy(),
                        1 / x.ticketFlopDensity(), t.speedup(), t.denseMs(), t.ticketMs()));
            }
        progress.benchmark(n, n, "done");
        return rows;
    }

    /** The page's notes: what ran, how the figures are defined, how long it took. */
    private static List<String> notes(DemoSettings s, double seconds) {
        return List.of(
                String.format(Locale.ROOT, "%s on %s: the first %d training images (10%% of them held out for validation), %d test images; "
                        + "seed %d, %d kernel thread(s), %s.", s.model(), Embedded.NAME, s.limitTrain(), s.limitTest(), s.seed(), KernelPool.threads(),
                        DemoProgress.clock(Math.round(seconds))),
                String.format(Locale.ROOT, "Every training: %d epochs, batch %d, SGD lr %s (cosine), momentum 0.9, weight decay 5e-4. "
                        + "%d IMP rounds at rate %s (IMP density %s), rewinding to the initialisation; IMP-Refill and IMP-Regroup post-process "
                        + "each round's IMP mask and retrain the ticket from the same point.", s.epochs(), s.batch(), s.lr(), s.rounds(), s.rate(), densities(s)),
                "Density: the ticket's kept weights over the prunable weights (the conv weights; the linear layers are not pruned). "
                        + "Test accuracy: at the epoch of best "
                        + "validation accuracy.",
                "Ideal speedup: the dense model's multiply-adds over the ticket's (the whole model). Measured speedup: dense ms / ticket ms "
                        + "per forward at batch " + s.benchBatch() + ", median over " + s.benchRepeats() + " interleaved repeats"
                        + " (the ticket's inference plan against the dense plan of the same model; slt bench ticket DIR/<method>/round-K "
                        + "shows it per layer).");
    }
}
