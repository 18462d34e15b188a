package dev.slt.nn.layers;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** {@code (N, d1, d2, ...) -> (N, d1*d2*...)}, sharing the data. */
public final class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.flatten();
    }
}
