package dev.slt.nn.layers;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.random.RandomGenerator;

/**
 * MobileNet-v1's block: a 3x3 depthwise conv (groups = in, carrying the stride) + BN + ReLU, then a
 * 1x1 pointwise conv to {@code out} + BN + ReLU.
 */
public final class DepthwiseSeparable extends Module {

    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;

    public DepthwiseSeparable(int in, int out, int stride, RandomGenerator rng) {
        conv1 = child("conv1", new Conv2d(in, in, 3, stride, 1, in, false, rng));
        bn1 = child("bn1", new BatchNorm2d(in));
        conv2 = child("conv2", new Conv2d(in, out, 1, 1, 0, rng));
        bn2 = child("bn2", new BatchNorm2d(out));
    }

    @Override
    public Tensor forward(Tensor x) {
        return conv1.forwardBatchNorm(x, bn1, null, true).consumedBy(t -> conv2.forwardBatchNorm(t, bn2, null, true));
    }
}
