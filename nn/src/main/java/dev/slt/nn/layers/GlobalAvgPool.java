package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** {@code (N, C, H, W) -> (N, C)}, the mean of each plane: the head of every residual net here. */
public final class GlobalAvgPool extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.globalAvgPool2d(x);
    }
}
