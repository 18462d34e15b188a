package dev.slt.nn;

import dev.slt.engine.Tensor;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.ReLU;

/**
 * Children applied in order, named "0", "1", ... like PyTorch's {@code nn.Sequential}. A {@link BatchNorm2d}
 * directly followed by a {@link ReLU} runs as the fused {@link BatchNorm2d#forwardRelu} (same values).
 */
public final class Sequential extends Module {

    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends {@code m} under the next index; returns {@code this}. */
    public Sequential add(Module m) {
        child(Integer.toString(size++), m);
        return this;
    }

    public int size() {
        return size;
    }

    @Override
    public Tensor forward(Tensor x) {
        Module pending = null; // a batch norm waiting to see whether a ReLU follows
        for (Module m : children().values()) {
            if (pending != null) {
                BatchNorm2d bn = (BatchNorm2d) pending;
                pending = null;
                if (m instanceof ReLU) {
                    x = bn.forwardRelu(x);
                    continue;
                }
                x = bn.forward(x);
            }
            if (m instanceof BatchNorm2d) pending = m;
            else x = m.forward(x);
        }
        return pending == null ? x : pending.forward(x);
    }
}
