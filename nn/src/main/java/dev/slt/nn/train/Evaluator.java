package dev.slt.nn.train;

import dev.slt.datasets.Batch;
import dev.slt.datasets.Loader;
import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** Loss and accuracy of a model over a whole set, in eval mode and without recording a graph. */
public final class Evaluator {

    /** Mean cross-entropy and the fraction classified correctly. */
    public record Result(double loss, double accuracy, int images) {}

    private Evaluator() {}

    public static Result evaluate(Module model, Loader loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        try (var g = Grad.disabled()) {
            for (Batch b : loader.epoch(0)) {
                Tensor logits = model.forward(Tensor.fromArray(b.images(), b.size(), b.channels(), b.height(), b.width()));
                lossSum += F.crossEntropy(logits, b.labels()).item() * b.size();
                correct += correct(logits, b.labels());
                images += b.size();
            }
        } finally {
            model.train(wasTraining);
        }
        return images == 0 ? new Result(Double.NaN, Double.NaN, 0) : new Result(lossSum / images, (double) correct / images, images);
    }

    /** Rows of {@code logits (N, K)} whose largest entry (first on ties) is the label. */
    static int correct(Tensor logits, int[] labels) {
        float[] v = logits.data();
        int k = logits.shape().dim(1), hits = 0;
        for (int r = 0; r < labels.length; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (v[r * k + j] > v[r * k + best]) best = j;
            if (best == labels[r]) hits++;
        }
        return hits;
    }
}
