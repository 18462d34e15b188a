package dev.slt.cli;

import dev.slt.pruning.lottery.LotteryConfig;
import dev.slt.pruning.regroup.RegroupParams;
import dev.slt.pruning.train.RewindPoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code slt lottery} and {@code slt compare} share: data, model, training recipe, pruning. */
final class LotteryOptions {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist-mini",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = TrainCommand.DatasetNames.class)
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the dataset's files (default: $SLT_DATA/<name>, ./data/<name>).")
    Path data;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "convnet",
            description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = TrainCommand.ModelNames.class)
    String model;

    @Option(names = "--rounds", defaultValue = "5", description = "Pruning rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--rate", defaultValue = "0.2", description = "Fraction p of the remaining weights pruned per round, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--rewind-epoch", paramLabel = "E", description = "Rewind epoch e_r, in [0, epochs) (default: round(5%% of the epochs); 0 = θ0).")
    Integer rewindEpoch;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs of every training (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine, multistep or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed: initialisation, data order, pruning choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0", description = "Use only the first N training images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", defaultValue = "0", description = "Evaluate on only the first N test images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limitTest;

    @Option(names = "--postprocess", paramLabel = "MODE", defaultValue = LotteryConfig.PER_ROUND_TICKET,
            description = "per-round-ticket (each round's IMP mask post-processed and retrained on the side) or in-loop "
                    + "(the next round prunes the structured ticket; refill, refill+, regroup) (default: ${DEFAULT-VALUE}).")
    String postprocess;

    @Option(names = "--prune-stem", description = "Also prune the stem conv.")
    boolean pruneStem;

    @Option(names = "--prune-classifier", description = "Also prune the linear layers.")
    boolean pruneClassifier;

    @Option(names = "--refill-criterion", defaultValue = "l1", description = "Refill channel score: l1, count or l2 (default: ${DEFAULT-VALUE}).")
    String refillCriterion;

    @Option(names = "--refill-plus-rate", defaultValue = "0.1", description = "refill+'s share r of the dropped channels kept (default: ${DEFAULT-VALUE}).")
    double refillPlusRate;

    @Option(names = "--regroup-pmax", defaultValue = "8", description = "Regroup: at most this many parts (default: ${DEFAULT-VALUE}).")
    int regroupPMax;

    @Option(names = "--regroup-t1", defaultValue = "1.5", description = "Regroup: column growth threshold t1 (default: ${DEFAULT-VALUE}).")
    double regroupT1;

    @Option(names = "--regroup-b1", defaultValue = "8", description = "Regroup: minimum rows of a block (default: ${DEFAULT-VALUE}).")
    int regroupB1;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out: finished phases are skipped, an interrupted training resumes.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "T", description = "Kernel threads (default: all processors).")
    Integer threads;

    /** The validated config for {@code method} in mode {@code mode}; throws IllegalArgumentException naming the bad value. */
    LotteryConfig config(String method, String mode) {
        int er = rewindEpoch != null ? rewindEpoch : RewindPoint.defaultEpoch(Math.max(1, epochs));
        RegroupParams regroup = RegroupParams.defaults().withPMax(regroupPMax).withT1(regroupT1).withB1(regroupB1);
        return new LotteryConfig(dataset, model, method, rounds, rate, er, epochs, batch, lr, momentum, weightDecay, schedule, seed,
                limitTrain, limitTest, mode, pruneStem, pruneClassifier, refillCriterion, refillPlusRate, regroup);
    }
}
