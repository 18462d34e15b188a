package dev.slt.nn.models;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.GlobalAvgPool;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.MaxPool2d;
import dev.slt.nn.layers.ReLU;
import java.util.random.RandomGenerator;

/**
 * VGG-16-BN for CIFAR: "features" = 13 bias-free 3x3 convs, each + BN + ReLU, with 5 max-pools
 * (32x32 -> 1x1), then a global average pool and one linear head "classifier" 512 -> classes. No
 * conv is marked as stem (METHOD.md names the stem of ResNets/WRN/MobileNet only).
 */
public final class Vgg extends Module {

    /** Output widths of the convs; 0 is a 2x2 max-pool. */
    private static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    private final Sequential features;
    private final GlobalAvgPool pool = new GlobalAvgPool();
    private final Linear classifier;

    private Vgg(int[] plan, int inChannels, int classes, RandomGenerator rng) {
        features = child("features", new Sequential());
        int in = inChannels;
        for (int width : plan) {
            if (width == 0) {
                features.add(new MaxPool2d(2));
                continue;
            }
            features.add(new Conv2d(in, width, 3, 1, 1, rng)).add(new BatchNorm2d(width)).add(new ReLU());
            in = width;
        }
        classifier = child("classifier", new Linear(in, classes, rng));
    }

    public static Vgg vgg16bn(int inChannels, int classes, RandomGenerator rng) {
        return new Vgg(VGG16, inChannels, classes, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return features.forward(x).consumedBy(pool::forward).consumedBy(classifier::forward);
    }
}
