package dev.slt.pruning.lottery;

import dev.slt.nn.train.History;

/**
 * A training's accuracies (METHOD.md): best validation accuracy, the test accuracy at that epoch, and
 * the test accuracy after the last epoch (the weights that are stored). Without a validation split the
 * last epoch stands in for the best.
 */
public record Accuracy(double bestValAccuracy, double testAccuracy, double finalTestAccuracy) {

    public static Accuracy of(History h) {
        var last = h.last().orElseThrow(() -> new IllegalStateException("training recorded no epoch"));
        var best = h.best().orElse(last);
        return new Accuracy(best.get("val_accuracy"), best.get("test_accuracy"), last.get("test_accuracy"));
    }
}
