package dev.slt.nn.layers;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import java.util.random.RandomGenerator;

/**
 * ResNet-50's block: 1x1 reduce to {@code mid}, 3x3 (carrying the stride, torchvision's "v1.5"),
 * 1x1 expand to {@code 4*mid}, each with batch norm; option-B projection shortcut when the stride or
 * width changes.
 */
public final class Bottleneck extends Module {

    public static final int EXPANSION = 4;

    private final Conv2d conv1, conv2, conv3;
    private final BatchNorm2d bn1, bn2, bn3;
    private final Module shortcut;

    public Bottleneck(int in, int mid, int stride, RandomGenerator rng) {
        int out = EXPANSION * mid;
        conv1 = child("conv1", new Conv2d(in, mid, 1, 1, 0, rng));
        bn1 = child("bn1", new BatchNorm2d(mid));
        conv2 = child("conv2", new Conv2d(mid, mid, 3, stride, 1, rng));
        bn2 = child("bn2", new BatchNorm2d(mid));
        conv3 = child("conv3", new Conv2d(mid, out, 1, 1, 0, rng));
        bn3 = child("bn3", new BatchNorm2d(out));
        shortcut = stride == 1 && in == out ? null
                : child("shortcut", new Sequential(new Conv2d(in, out, 1, stride, 0, rng), new BatchNorm2d(out)));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = conv1.forwardBatchNorm(x, bn1, null, true).consumedBy(t -> conv2.forwardBatchNorm(t, bn2, null, true));
        Tensor s = shortcut == null ? x : shortcut.forward(x);
        Tensor out = h.consumedBy(t -> conv3.forwardBatchNorm(t, bn3, s, true));
        if (s != x) s.free();
        return out;
    }
}
