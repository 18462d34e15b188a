package dev.slt.pruning.plan;

import dev.slt.kernels.Backends;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.PreparedConv;

/** A grouped (e.g. depthwise) conv, which the sparse kernels do not take: the backend's dense conv on its weights. */
final class GroupedConv implements PreparedConv {

    private final ConvGeometry g;
    private final float[] w, bias;

    GroupedConv(ConvGeometry g, float[] w, float[] bias) {
        this.g = g.withBatch(1);
        this.w = w.clone();
        this.bias = bias == null ? null : bias.clone();
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        Backends.current().conv2dForward(g.withBatch(batch), x, w, bias, y);
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        Backends.byName("scalar").conv2dForward(g.withBatch(batch), x, w, bias, y);
    }

    @Override
    public long macsPerImage() {
        return g.macs();
    }
}
