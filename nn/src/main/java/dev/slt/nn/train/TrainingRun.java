package dev.slt.nn.train;

import dev.slt.datasets.Augmentation;
import dev.slt.datasets.ImageSet;
import dev.slt.datasets.Loader;
import dev.slt.datasets.Normalization;
import dev.slt.datasets.Splits;
import dev.slt.datasets.TrainTest;
import dev.slt.nn.Module;
import dev.slt.nn.checkpoint.Checkpoint;
import dev.slt.nn.checkpoint.CheckpointException;
import dev.slt.nn.models.Models;
import dev.slt.nn.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One training run from a {@link TrainConfig}: the data split (the first {@code limitTrain} training
 * images, of which the last {@code validationFraction} validate), per-channel normalisation from the
 * training part, the model and SGD, and the trainer with evaluation, history and an end-of-epoch
 * checkpoint. Every random draw follows from the config's seed: model initialisation directly, the
 * data order and augmentation of each epoch through {@link Loader}'s (seed, epoch) streams.
 */
public final class TrainingRun {

    private final TrainConfig config;
    private final Path checkpoint;
    private final Module model;
    private final Sgd sgd;
    private final Loader train, validation, test;
    private final History history = new History();
    private int startEpoch;

    public TrainingRun(TrainConfig config, TrainTest data, Path checkpoint) {
        this.config = config;
        this.checkpoint = checkpoint;
        ImageSet all = data.train();
        if (config.limitTrain() > 0 && config.limitTrain() < all.size()) all = all.subset(all.name() + "-first" + config.limitTrain(), range(config.limitTrain()));
        var split = Splits.last(all, config.validationFraction());
        if (split.train().size() < 1) throw new IllegalArgumentException("no training images left after the validation split");
        Normalization norm = Normalization.of(split.train());
        Augmentation aug = split.train().channels() == 3 ? Augmentation.CIFAR : Augmentation.NONE;
        this.train = new Loader(split.train(), config.batch(), norm, aug, true, false, config.seed());
        this.validation = split.validation().size() > 0 ? Loader.evaluation(split.validation(), Math.max(config.batch(), 256), norm) : null;
        ImageSet testSet = data.test();
        if (config.limitTest() > 0 && config.limitTest() < testSet.size()) testSet = testSet.subset(testSet.name() + "-first" + config.limitTest(), range(config.limitTest()));
        this.test = Loader.evaluation(testSet, Math.max(config.batch(), 256), norm);
        this.model = Models.create(config.model(), all.channels(), all.height(), all.classes(), config.seed());
        this.sgd = new Sgd(model.namedParameters(), (float) config.momentum(), (float) config.weightDecay(), config.nesterov());
    }

    /**
     * Restores model, momentum and history from the checkpoint; returns the epoch training goes on
     * from. Refuses a checkpoint of a different config: continuing it would mix two runs.
     */
    public int resume() {
        Map<String, String> meta = Checkpoint.load(checkpoint, model, sgd);
        String json = meta.get(CheckpointCallback.CONFIG), epoch = meta.get(CheckpointCallback.EPOCH), hist = meta.get(CheckpointCallback.HISTORY);
        if (json == null || epoch == null || hist == null)
            throw new CheckpointException(checkpoint, "metadata lacks config, epoch or history; not a training checkpoint");
        TrainConfig saved;
        int done;
        try {
            saved = TrainConfig.fromJson(json);
            done = Integer.parseInt(epoch);
            history.loadJson(hist);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(checkpoint, e.getMessage());
        }
        if (!saved.equals(config))
            throw new ConfigMismatchException("cannot resume: " + checkpoint + " belongs to a run with config " + saved.toJson()
                    + " but this run's is " + config.toJson());
        if (done < 0 || done > config.epochs() || history.epochs().size() != done)
            throw new CheckpointException(checkpoint, "epoch " + done + " does not fit " + config.epochs() + " epochs and " + history.epochs().size() + " history entries");
        startEpoch = done;
        return done;
    }

    /** Trains from the start epoch to the end; {@code extra} callbacks run after evaluation, history and checkpoint. */
    public History run(List<Callback> extra) {
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new EvaluationCallback(model, validation, test));
        callbacks.add(history);
        callbacks.add(new CheckpointCallback(checkpoint, model, sgd, config, history));
        callbacks.addAll(extra);
        new Trainer(model, sgd, config.lrSchedule(), train, config.epochs(), callbacks).fit(startEpoch);
        return history;
    }

    public Module model() {
        return model;
    }

    /** The optimiser (live), e.g. for a callback that masks its momentum. */
    public Sgd sgd() {
        return sgd;
    }

    public History history() {
        return history;
    }

    public TrainConfig config() {
        return config;
    }

    public int trainImages() {
        return train.set().size();
    }

    public int validationImages() {
        return validation == null ? 0 : validation.set().size();
    }

    public int testImages() {
        return test.set().size();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** A resume whose config differs from the checkpoint's. */
    public static final class ConfigMismatchException extends RuntimeException {
        public ConfigMismatchException(String message) {
            super(message);
        }
    }
}
