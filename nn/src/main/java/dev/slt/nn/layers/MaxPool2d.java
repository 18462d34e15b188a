package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** Max over {@code kernel x kernel} windows (padding counts as -inf). */
public final class MaxPool2d extends Module {

    private final int kernel, stride, padding;

    public MaxPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** Non-overlapping windows, the usual halving pool. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Window side. */
    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    /** Padding on each side. */
    public int padding() {
        return padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.maxPool2d(x, kernel, stride, padding);
    }
}
