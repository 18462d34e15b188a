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

    /** Each child's output is freed once the next child has consumed it (outside autograd: see {@link Tensor#free}). */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        Module pending = null; // a batch norm waiting to see whether a ReLU follows
        for (Module m : children().values()) {
            if (pending != null) {
                BatchNorm2d bn = (BatchNorm2d) pending;
                pending = null;
                if (m instanceof ReLU) {
                    x = step(x, input, bn::forwardRelu);
                    continue;
                }
                x = step(x, input, bn::forward);
            }
            if (m instanceof BatchNorm2d) pending = m;
            else x = step(x, input, m::forward);
        }
        return pending == null ? x : step(x, input, pending::forward);
    }

    /** {@code f(x)}, freeing x unless it is the caller's input. */
    private static Tensor step(Tensor x, Tensor input, java.util.function.UnaryOperator<Tensor> f) {
        return x == input ? f.apply(x) : x.consumedBy(f);
    }
}
