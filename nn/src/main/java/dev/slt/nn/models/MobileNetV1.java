package dev.slt.nn.models;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.DepthwiseSeparable;
import dev.slt.nn.layers.Linear;
import java.util.random.RandomGenerator;

/**
 * MobileNet-v1, CIFAR variant (stride-1 stem, four stride-2 blocks: 32x32 -> 2x2): stem 3x3 conv
 * "conv1" (marked as stem) + BN + ReLU, 13 depthwise-separable blocks "layers", global average
 * pool, linear head "fc" 1024 -> classes.
 */
public final class MobileNetV1 extends Module {

    /** (output width, stride) of the 13 blocks. */
    private static final int[][] PLAN = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Sequential layers;
    private final Linear fc;

    public MobileNetV1(int inChannels, int classes, RandomGenerator rng) {
        conv1 = child("conv1", new Conv2d(inChannels, 32, 3, 1, 1, rng).markStem());
        bn1 = child("bn1", new BatchNorm2d(32));
        layers = child("layers", new Sequential());
        int in = 32;
        for (int[] block : PLAN) {
            layers.add(new DepthwiseSeparable(in, block[0], block[1], rng));
            in = block[0];
        }
        fc = child("fc", new Linear(in, classes, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        return conv1.forward(x).consumedBy(bn1::forwardRelu).consumedBy(layers::forward).consumedBy(F::globalAvgPool2d)
                .consumedBy(fc::forward);
    }
}
