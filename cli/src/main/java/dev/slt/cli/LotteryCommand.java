package dev.slt.cli;

import dev.slt.datasets.Datasets;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.train.TrainingRun;
import dev.slt.pruning.lottery.LotteryConfig;
import dev.slt.pruning.lottery.LotteryRunner;
import dev.slt.pruning.lottery.Method;
import dev.slt.pruning.lottery.RunPaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt lottery}: IMP with rewinding and one method's tickets, round by round, with a live table;
 * leaves summary.json, accuracy.png, and per round the ticket, its report and a mask picture in --out.
 */
@Command(name = "lottery", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find lottery tickets: dense training with a rewind point, then per round prune, post-process, retrain, evaluate.")
final class LotteryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--method", defaultValue = "refill",
            description = "imp, refill, refill+, regroup, structured-imp, random-ticket or omp (default: ${DEFAULT-VALUE}).")
    String method;

    @Mixin
    LotteryOptions options;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        LotteryConfig config = config(spec, options, method, options.postprocess);
        String backend = DeviceOption.describe(device.install());
        String refusal = LotteryOutputs.refusal(options.out, options.resume);
        if (refusal != null) throw usage(spec, refusal);
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        var data = Datasets.load(config.dataset(), options.data);
        var paths = RunPaths.of(options.out);
        err.printf("slt lottery: %s, %s on %s, %d round(s) at rate %s, %d epochs per training, rewind epoch %d, %d thread(s), device %s%n",
                config.method(), config.model(), config.dataset(), config.rounds(), config.rate(), config.epochs(), config.rewindEpoch(), KernelPool.threads(), backend);
        LotteryRunner.Result r;
        try {
            r = new LotteryRunner(config, data, paths, new LotteryTable(o, err, "slt lottery: ")).run();
        } catch (TrainingRun.ConfigMismatchException e) {
            throw usage(spec, e.getMessage());
        }
        LotteryOutputs.write(paths, r);
        o.println("wrote " + paths.summary() + ", " + paths.accuracyPlot().getFileName() + ", round-K/{ticket.safetensors, report.json, masks.png}");
        return ExitCodes.OK;
    }

    /** The validated config (bad values: exit 2 naming them); sets the kernel threads. */
    static LotteryConfig config(CommandSpec spec, LotteryOptions options, String method, String mode) {
        if (!Method.keys().contains(method)) throw usage(spec, "unknown method '" + method + "'; valid methods: " + String.join(", ", Method.keys()));
        if (options.threads != null) {
            if (options.threads < 1) throw usage(spec, "--threads must be >= 1, got " + options.threads);
            KernelPool.setThreads(options.threads);
        }
        try {
            return options.config(method, mode);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
