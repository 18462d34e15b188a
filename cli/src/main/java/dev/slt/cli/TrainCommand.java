package dev.slt.cli;

import dev.slt.datasets.Datasets;
import dev.slt.datasets.TrainTest;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.checkpoint.Checkpoint;
import dev.slt.nn.models.Models;
import dev.slt.nn.train.EpochLog;
import dev.slt.nn.train.History;
import dev.slt.nn.train.TrainConfig;
import dev.slt.nn.train.TrainingRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt train}: trains one model, shows progress, and leaves in {@code --out} the results
 * (metrics.json, metrics.csv, curves.png, model.safetensors) and the end-of-epoch checkpoint that
 * {@code --resume} continues from.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model with SGD; evaluate on validation and test after every epoch.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist-mini",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = DatasetNames.class)
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the dataset's files (default: $SLT_DATA/<name>, ./data/<name>).")
    Path data;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "convnet",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE}; the paper's CIFAR recipe uses 1e-4).")
    double weightDecay;

    @Option(names = "--nesterov", description = "Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "cosine, multistep (x0.1 at 50%% and 75%% of the epochs) or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "0", description = "Linear warm-up epochs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed: initialisation, data order, augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0", description = "Use only the first N training images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", defaultValue = "0", description = "Evaluate on only the first N test images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limitTest;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder for results and the checkpoint.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last end-of-epoch checkpoint.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "T", description = "Kernel threads (default: all processors).")
    Integer threads;

    @Mixin
    DeviceOption device;

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Models.names().iterator();
        }
    }

    static final class DatasetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Datasets.NAMES.iterator();
        }
    }

    @Override
    public Integer call() {
        if (!Models.names().contains(model))
            throw usage("unknown model '" + model + "'; valid models: " + String.join(", ", Models.names()));
        if (!Datasets.NAMES.contains(dataset))
            throw usage("unknown dataset '" + dataset + "'; valid datasets: " + String.join(", ", Datasets.NAMES));
        if (threads != null) {
            if (threads < 1) throw usage("--threads must be >= 1, got " + threads);
            KernelPool.setThreads(threads);
        }
        TrainConfig config;
        try {
            config = new TrainConfig(dataset, model, epochs, batch, lr, momentum, weightDecay, nesterov, schedule, warmup, seed, limitTrain, limitTest, 0.1);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        var paths = new TrainPaths(out);
        boolean hasCheckpoint = Files.isRegularFile(paths.checkpoint());
        if (!resume && Files.isRegularFile(paths.metricsJson()))
            throw usage(out + " already holds a finished run (" + paths.metricsJson().getFileName() + "); choose another --out, delete it, or pass --resume");
        if (!resume && hasCheckpoint)
            throw usage(out + " holds an unfinished run (" + paths.checkpoint().getFileName() + "); pass --resume to continue it, or choose another --out");

        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String backend = DeviceOption.describe(device.install());
        TrainTest sets = Datasets.load(dataset, data);
        var run = new TrainingRun(config, sets, paths.checkpoint());
        int start = 0;
        if (resume && hasCheckpoint) {
            try {
                start = run.resume();
            } catch (TrainingRun.ConfigMismatchException e) {
                throw usage(e.getMessage());
            }
            err.println("slt train: resuming " + paths.checkpoint() + " after epoch " + start + " of " + epochs);
        } else if (resume) {
            err.println("slt train: no checkpoint in " + out + "; starting from scratch");
        }
        err.printf("slt train: %s on %s (%d train, %d validation, %d test images), %d parameters, %d thread(s), device %s%n",
                model, dataset, run.trainImages(), run.validationImages(), run.testImages(), run.model().parameterCount(), KernelPool.threads(), backend);

        History history = run.run(List.of(new TrainProgress(err, TrainProgress.isTerminal(), TrainProgress.columns())));

        EpochLog last = history.last().orElseThrow();
        Checkpoint.save(paths.model(), run.model(), null, Map.of("config", config.toJson(), "epoch", Integer.toString(last.epoch() + 1)));
        TrainPlot.write(history, paths.curves());
        var report = new TrainReport(config, history, run.trainImages(), run.validationImages(), run.testImages(), KernelPool.threads());
        report.writeCsv(paths.metricsCsv());
        report.writeJson(paths.metricsJson());  // last: it marks the run finished
        report.printSummary(o);
        o.println("wrote " + paths.metricsJson() + ", " + paths.metricsCsv().getFileName() + ", " + paths.curves().getFileName() + ", "
                + paths.model().getFileName() + " (checkpoint: " + paths.checkpoint().getFileName() + ")");
        return ExitCodes.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
