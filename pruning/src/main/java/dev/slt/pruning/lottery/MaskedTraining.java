package dev.slt.pruning.lottery;

import dev.slt.datasets.TrainTest;
import dev.slt.engine.Tensor;
import dev.slt.nn.train.Callback;
import dev.slt.nn.train.TrainConfig;
import dev.slt.nn.train.TrainingRun;
import dev.slt.pruning.Mask;
import dev.slt.pruning.train.MaskEnforcer;
import dev.slt.pruning.train.RewindPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One resumable training of a masked model (METHOD.md, IMP step 4): start from {@code init} with the
 * mask applied, a fresh optimiser and the full schedule, keep pruned weights at zero throughout
 * ({@link MaskEnforcer}). An end-of-epoch checkpoint is kept while it runs; when one exists the
 * training resumes from it ({@link TrainingRun#resume}) instead of starting over.
 */
final class MaskedTraining {

    private final TrainConfig config;
    private final TrainTest data;

    MaskedTraining(TrainConfig config, TrainTest data) {
        this.config = config;
        this.data = data;
    }

    /** Trains and returns the finished run (its model holds θ_t^k); the caller stores it and then calls {@link #done}. */
    TrainingRun train(Path checkpoint, Map<String, Tensor> init, Mask mask, List<Callback> extra) {
        var run = new TrainingRun(config, data, checkpoint);
        if (Files.isRegularFile(checkpoint)) run.resume();
        else RewindPoint.restore(run.model(), init, mask);
        var callbacks = new ArrayList<Callback>();
        callbacks.add(new MaskEnforcer(run.model(), run.sgd(), mask));
        callbacks.addAll(extra);
        run.run(callbacks);
        return run;
    }

    /** Deletes the checkpoint once the phase's output is stored. */
    static void done(Path checkpoint) {
        try {
            Files.deleteIfExists(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + checkpoint + ": " + e.getMessage(), e);
        }
    }
}
