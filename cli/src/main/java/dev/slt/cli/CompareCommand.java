package dev.slt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slt.datasets.Datasets;
import dev.slt.datasets.TrainTest;
import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.train.TrainingRun;
import dev.slt.pruning.lottery.ImpChain;
import dev.slt.pruning.lottery.LotteryConfig;
import dev.slt.pruning.lottery.LotteryListener;
import dev.slt.pruning.lottery.LotteryRunner;
import dev.slt.pruning.lottery.Method;
import dev.slt.pruning.lottery.RoundResult;
import dev.slt.pruning.lottery.RunPaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slt compare}: one dense training and rewind point ({@code DIR/dense/}), every method run on it
 * ({@code DIR/<method>/}, laid out as {@code slt lottery}'s; the methods that walk the IMP chain train it
 * once: {@link ImpChain}), then one table (compare.md, compare.csv,
 * compare.json) and one plot (compare.png: ticket accuracy against remaining weights, a line per method).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run several pruning methods on one dense model and rewind point; one table and one plot.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", split = ",", defaultValue = "imp,refill,refill+,regroup,structured-imp",
            description = "Comma-separated methods (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Mixin
    LotteryOptions options;

    @Mixin
    DeviceOption device;

    static final String[] COLUMNS = {"method", "round", "weight_density", "channel_density", "flop_density", "imp_test_accuracy",
            "ticket_weight_density", "ticket_channel_density", "ticket_flop_density", "ticket_test_accuracy"};

    @Override
    public Integer call() {
        if (methods.isEmpty() || methods.size() != methods.stream().distinct().count())
            throw LotteryCommand.usage(spec, "--methods must name at least one method, each once: " + methods);
        var configs = new ArrayList<LotteryConfig>();
        for (String m : methods) {
            // in-loop applies to the structural methods; the others run their only mode
            boolean structural = Method.keys().contains(m) && Method.of(m).structural();
            configs.add(LotteryCommand.config(spec, options, m, structural ? options.postprocess : LotteryConfig.PER_ROUND_TICKET));
        }
        String refusal = LotteryOutputs.refusal(options.out, options.resume);
        if (refusal != null) throw LotteryCommand.usage(spec, refusal);
        device.install();
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        var data = Datasets.load(configs.getFirst().dataset(), options.data);
        ImpChain chain = chain(options.out, configs);
        if (chain != null) {
            var sharing = configs.stream().filter(ImpChain::member).map(LotteryConfig::method).toList();
            if (sharing.size() > 1)
                err.println("slt compare: " + String.join(", ", sharing) + " walk one IMP chain: it is trained once, in " + chain.owner().dir()
                        + ", and the others reuse its IMP tickets");
        }
        var results = new ArrayList<LotteryRunner.Result>();
        for (LotteryConfig c : configs) {
            o.println("== " + c.method());
            results.add(runMethod(spec, c, data, options.out, new LotteryTable(o, err, "slt compare: " + c.method() + ": "), chain));
        }
        writeTables(options.out, results);
        writePlot(options.out, results);
        o.println();
        o.print(markdown(results));
        o.println("wrote " + options.out.resolve("compare.md") + ", compare.csv, compare.json, compare.png; per method " + options.out + "/<method>/");
        return ExitCodes.OK;
    }

    /** The IMP chain the first of {@code configs} that walks one trains for the others; null when none does. */
    static ImpChain chain(Path out, List<LotteryConfig> configs) {
        for (LotteryConfig c : configs)
            if (ImpChain.member(c)) return new ImpChain(paths(out, c.method()), c.methodValue());
        return null;
    }

    /**
     * One method's run in {@code out/<method>/} on the shared {@code out/dense/}, reusing {@code chain}'s IMP
     * tickets (may be null), with its plots; a config clash is exit 2.
     */
    static LotteryRunner.Result runMethod(CommandSpec spec, LotteryConfig c, TrainTest data, Path out, LotteryListener listener, ImpChain chain) {
        var paths = paths(out, c.method());
        LotteryRunner.Result r;
        try {
            r = new LotteryRunner(c, data, paths, listener).sharing(chain).run();
        } catch (TrainingRun.ConfigMismatchException e) {
            throw LotteryCommand.usage(spec, e.getMessage());
        }
        LotteryOutputs.write(paths, r);
        return r;
    }

    /** Where {@code method}'s run lives: {@code out/<method>/}, its dense phase in {@code out/dense/}. */
    static RunPaths paths(Path out, String method) {
        return new RunPaths(out.resolve(method), out.resolve("dense"));
    }

    /** compare.png: ticket accuracy against remaining weights, one line per method, dense dashed. */
    static void writePlot(Path out, List<LotteryRunner.Result> results) {
        var series = new LinkedHashMap<String, List<LotteryPlot.Point>>();
        for (var r : results) {
            var pts = new ArrayList<LotteryPlot.Point>();
            for (RoundResult row : r.rounds()) pts.add(new LotteryPlot.Point(row.ticketWeightDensity(), LotteryOutputs.nan(row.ticketTestAccuracy())));
            series.put(r.config().method(), pts);
        }
        var first = results.getFirst();
        LotteryPlot.write(out.resolve("compare.png"), first.config().model() + " on " + first.config().dataset() + ": ticket accuracy",
                series, LotteryOutputs.nan(first.dense().testAccuracy()));
    }

    private static List<Object[]> rows(List<LotteryRunner.Result> results) {
        var rows = new ArrayList<Object[]>();
        for (var r : results)
            for (RoundResult x : r.rounds())
                rows.add(new Object[] {r.config().method(), x.round(), x.weightDensity(), x.channelDensity(), x.flopDensity(), x.impTestAccuracy(),
                        x.ticketWeightDensity(), x.ticketChannelDensity(), x.ticketFlopDensity(), x.ticketTestAccuracy()});
        return rows;
    }

    static String markdown(List<LotteryRunner.Result> results) {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dense test accuracy %s%n%n", LotteryTable.percent(results.getFirst().dense().testAccuracy())));
        sb.append("| method | round | weight density | channel density | FLOP density | IMP acc | ticket weight density | ticket channel density | ticket FLOP density | ticket acc |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Object[] r : rows(results))
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %s | %.4f | %.4f | %.4f | %s |%n", r[0], r[1], r[2], r[3], r[4],
                    LotteryTable.percent((Double) r[5]), r[6], r[7], r[8], LotteryTable.percent((Double) r[9])));
        return sb.toString();
    }

    /** compare.csv, compare.md and compare.json. */
    static void writeTables(Path out, List<LotteryRunner.Result> results) {
        var csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Object[] r : rows(results)) {
            for (int i = 0; i < r.length; i++) csv.append(i == 0 ? "" : ",").append(r[i] == null ? "" : r[i]);
            csv.append('\n');
        }
        AtomicFiles.write(out.resolve("compare.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("compare.md"), markdown(results).getBytes(StandardCharsets.UTF_8));
        var json = new LinkedHashMap<String, Object>();
        json.put("dense", results.getFirst().dense());
        var per = new LinkedHashMap<String, Object>();
        for (var r : results) per.put(r.config().method(), r.rounds());
        json.put("methods", per);
        json.put("config", results.getFirst().config());
        try {
            AtomicFiles.write(out.resolve("compare.json"), new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
