package dev.slt.nn.layers;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** {@code max(x, 0)} elementwise. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
