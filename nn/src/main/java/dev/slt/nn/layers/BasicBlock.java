package dev.slt.nn.layers;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import java.util.random.RandomGenerator;

/**
 * The two-conv residual block of CIFAR ResNets and WRNs:
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, both convs 3x3, the stride on conv1.
 * The shortcut (child "shortcut") exists only when the stride or the width changes.
 */
public final class BasicBlock extends Module {

    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;
    private final Module shortcut;

    public BasicBlock(int in, int out, int stride, Shortcut kind, RandomGenerator rng) {
        conv1 = child("conv1", new Conv2d(in, out, 3, stride, 1, rng));
        bn1 = child("bn1", new BatchNorm2d(out));
        conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1, rng));
        bn2 = child("bn2", new BatchNorm2d(out));
        if (stride == 1 && in == out) shortcut = null;
        else if (kind == Shortcut.A) shortcut = child("shortcut", new PadShortcut(in, out, stride));
        else shortcut = child("shortcut", new Sequential(new Conv2d(in, out, 1, stride, 0, rng), new BatchNorm2d(out)));
    }

    @Override
    public Tensor forward(Tensor x) {
        // intermediates are freed after their last use (only outside autograd: see Tensor.free)
        Tensor h = conv1.forwardBatchNorm(x, bn1, null, true);
        Tensor s = shortcut == null ? x : shortcut.forward(x);
        Tensor out = h.consumedBy(t -> conv2.forwardBatchNorm(t, bn2, s, true));
        if (s != x) s.free();
        return out;
    }
}
