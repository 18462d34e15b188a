package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/** Mean over {@code kernel x kernel} windows (padded taps count as zeros, divisor kernel²). */
public final class AvgPool2d extends Module {

    private final int kernel, stride, padding;

    public AvgPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** Non-overlapping windows. */
    public AvgPool2d(int kernel) {
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
        return F.avgPool2d(x, kernel, stride, padding);
    }
}
