package dev.slt.pruning.train;

import dev.slt.datasets.Augmentation;
import dev.slt.datasets.ImageSet;
import dev.slt.datasets.Loader;
import dev.slt.datasets.Normalization;
import dev.slt.nn.Module;
import dev.slt.nn.optim.LrSchedule;
import dev.slt.nn.optim.Sgd;
import dev.slt.nn.train.Callback;
import dev.slt.nn.train.Trainer;
import java.util.List;
import java.util.SplittableRandom;

/** A few SGD steps on 16 random 12x12 images, enough to move every weight and BN statistic. */
final class TinyTraining {

    /** Image side: small keeps the tests fast; convnet needs >= 4. */
    static final int SIDE = 12;

    private TinyTraining() {}

    static Loader loader(long seed) {
        var rng = new SplittableRandom(seed);
        int n = 16;
        byte[] pixels = new byte[n * SIDE * SIDE];
        rng.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        var set = new ImageSet("random16", pixels, labels, 1, SIDE, SIDE, 10);
        return new Loader(set, 8, Normalization.of(set), Augmentation.NONE, true, false, seed);
    }

    static Sgd sgd(Module model) {
        return new Sgd(model.namedParameters(), 0.9f, 5e-4f, false);
    }

    static void fit(Module model, Sgd sgd, int epochs, long seed, List<Callback> callbacks) {
        new Trainer(model, sgd, LrSchedule.constant(0.05), loader(seed), epochs, callbacks).fit(0);
    }
}
