package dev.slt.nn;

import dev.slt.engine.Tensor;

/** Children applied in order, named "0", "1", ... like PyTorch's {@code nn.Sequential}. */
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
        for (Module m : children().values()) x = m.forward(x);
        return x;
    }
}
