package dev.slt.nn.train;

import dev.slt.datasets.Batch;
import dev.slt.datasets.Loader;
import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.optim.LrSchedule;
import dev.slt.nn.optim.Sgd;
import java.util.List;

/**
 * The training loop, kept plain: for each epoch, for each batch, forward, cross-entropy, backward,
 * SGD step at the schedule's rate. Everything else (evaluation, checkpoints, progress, metrics)
 * happens in {@link Callback}s. The batches of epoch {@code e} depend only on the loader's seed and
 * {@code e}, so starting at a later epoch from a checkpoint replays an uninterrupted run exactly.
 */
public final class Trainer {

    private final Module model;
    private final Sgd sgd;
    private final LrSchedule schedule;
    private final Loader train;
    private final int epochs;
    private final List<Callback> callbacks;

    public Trainer(Module model, Sgd sgd, LrSchedule schedule, Loader train, int epochs, List<Callback> callbacks) {
        if (train.batchesPerEpoch() < 1) throw new IllegalArgumentException("training set " + train.set().name() + " yields no batch");
        this.model = model;
        this.sgd = sgd;
        this.schedule = schedule;
        this.train = train;
        this.epochs = epochs;
        this.callbacks = List.copyOf(callbacks);
    }

    /** Runs epochs {@code startEpoch .. epochs-1} (from 0). */
    public void fit(int startEpoch) {
        int steps = train.batchesPerEpoch();
        callbacks.forEach(c -> c.onTrainStart(startEpoch, epochs, steps));
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochStart(e));
            model.train();
            double lossSum = 0;
            long correct = 0, images = 0, nanos = 0;
            double lr = 0;
            int step = 0;
            for (Batch b : train.epoch(epoch)) {
                long t0 = System.nanoTime();
                lr = schedule.lr(epoch, step, steps);
                Tensor logits = model.forward(Tensor.fromArray(b.images(), b.size(), b.channels(), b.height(), b.width()));
                Tensor loss = F.crossEntropy(logits, b.labels());
                double l = loss.item();
                if (!Double.isFinite(l)) throw new NonFiniteLossException(epoch, step, steps, l, lr);
                sgd.zeroGrad();
                loss.backward();
                sgd.step((float) lr);
                nanos += System.nanoTime() - t0;
                lossSum += l * b.size();
                correct += Evaluator.correct(logits, b.labels());
                loss.releaseGraph();   // the next step's forward writes into this step's arrays
                images += b.size();
                var s = new Callback.Step(epoch, step, steps, lr, l, lossSum / images, (double) correct / images, images, nanos);
                callbacks.forEach(c -> c.onStep(s));
                step++;
            }
            EpochLog log = new EpochLog(epoch);
            log.put("train_loss", lossSum / images);
            log.put("train_accuracy", (double) correct / images);
            log.put("lr", lr);
            log.put("train_seconds", nanos / 1e9);
            log.put("images_per_second", images * 1e9 / nanos);
            callbacks.forEach(c -> c.onEpochEnd(log));
        }
        callbacks.forEach(Callback::onTrainEnd);
    }
}
