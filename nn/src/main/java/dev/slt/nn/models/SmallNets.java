package dev.slt.nn.models;

import dev.slt.nn.Sequential;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.Flatten;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.MaxPool2d;
import dev.slt.nn.layers.ReLU;
import java.util.random.RandomGenerator;

/** The MNIST-sized nets, plain {@link Sequential}s whose head width follows the image size. */
public final class SmallNets {

    private SmallNets() {}

    /**
     * LeNet-5 (modern form: ReLU and max-pool): conv 6@5x5 pad 2 (with bias), pool, conv 16@5x5,
     * pool, linear 120, 84, classes. For 28x28: 28 -> 14 -> 10 -> 5, so 16*5*5 = 400 features.
     */
    public static Sequential lenet5(int inChannels, int imageSize, int classes, RandomGenerator rng) {
        int side = (imageSize / 2 - 4) / 2; // pad-2 conv keeps the size, pool halves, 5x5 conv takes 4, pool halves
        if (side < 1) throw new IllegalArgumentException("lenet5: image size " + imageSize + " is too small (needs >= 12)");
        return new Sequential(
                new Conv2d(inChannels, 6, 5, 1, 2, 1, true, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 1, 0, 1, true, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(16 * side * side, 120, rng), new ReLU(),
                new Linear(120, 84, rng), new ReLU(),
                new Linear(84, classes, rng));
    }

    /**
     * The paper's MNIST ConvNet: two bias-free 5x5 pad-2 convs (32, 64) each + BN + ReLU + 2x2
     * max-pool, linear 64*(s/4)² -> 256 (3136 for 28x28), ReLU, linear 256 -> classes.
     */
    public static Sequential convnet(int inChannels, int imageSize, int classes, RandomGenerator rng) {
        int side = imageSize / 4;
        if (side < 1) throw new IllegalArgumentException("convnet: image size " + imageSize + " is too small (needs >= 4)");
        return new Sequential(
                new Conv2d(inChannels, 32, 5, 1, 2, rng), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, 1, 2, rng), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(64 * side * side, 256, rng), new ReLU(),
                new Linear(256, classes, rng));
    }
}
