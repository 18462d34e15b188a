package dev.slt.nn.models;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import dev.slt.nn.layers.BasicBlock;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Bottleneck;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.Shortcut;
import java.util.random.RandomGenerator;

/**
 * Residual nets for 32x32 inputs: a 3x3 stride-1 stem conv ("conv1", marked as the stem) + BN +
 * ReLU, no max-pool; stages "layer1".."layerN" whose first block halves the resolution (except the
 * first stage); global average pool; linear head "fc". Stage widths and block kind choose the member
 * of the family.
 */
public final class ResNet extends Module {

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module[] stages;
    private final Linear fc;

    private ResNet(int inChannels, int stemWidth, int[] widths, int[] blocks, boolean bottleneck, Shortcut shortcut,
                   int classes, RandomGenerator rng) {
        conv1 = child("conv1", new Conv2d(inChannels, stemWidth, 3, 1, 1, rng).markStem());
        bn1 = child("bn1", new BatchNorm2d(stemWidth));
        stages = new Module[widths.length];
        int in = stemWidth;
        for (int s = 0; s < widths.length; s++) {
            var stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                if (bottleneck) {
                    stage.add(new Bottleneck(in, widths[s], stride, rng));
                    in = widths[s] * Bottleneck.EXPANSION;
                } else {
                    stage.add(new BasicBlock(in, widths[s], stride, shortcut, rng));
                    in = widths[s];
                }
            }
            stages[s] = child("layer" + (s + 1), stage);
        }
        fc = child("fc", new Linear(in, classes, rng));
    }

    /**
     * He et al.'s CIFAR ResNet of depth {@code 6n+2}: three stages of n basic blocks, widths
     * w, 2w, 4w. w = 16 gives resnet20/32/56, w = 32 with depth 32 the paper's WRN-32-2.
     */
    public static ResNet cifar(int depth, int width, Shortcut shortcut, int inChannels, int classes, RandomGenerator rng) {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new IllegalArgumentException("cifar resnet: depth " + depth + " is not 6n+2 with n >= 1");
        int n = (depth - 2) / 6;
        return new ResNet(inChannels, width, new int[] {width, 2 * width, 4 * width}, new int[] {n, n, n}, false, shortcut,
                classes, rng);
    }

    /** ResNet-18 (CIFAR variant): basic blocks 2-2-2-2, widths 64..512, option-B shortcuts. */
    public static ResNet resnet18(int inChannels, int classes, RandomGenerator rng) {
        return new ResNet(inChannels, 64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2}, false, Shortcut.B,
                classes, rng);
    }

    /** ResNet-50 (CIFAR variant): bottlenecks 3-4-6-3, inner widths 64..512, outputs 256..2048. */
    public static ResNet resnet50(int inChannels, int classes, RandomGenerator rng) {
        return new ResNet(inChannels, 64, new int[] {64, 128, 256, 512}, new int[] {3, 4, 6, 3}, true, Shortcut.B,
                classes, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = conv1.forwardBatchNorm(x, bn1, null, true);
        for (Module stage : stages) h = h.consumedBy(stage::forward);
        return h.consumedBy(F::globalAvgPool2d).consumedBy(fc::forward);
    }
}
