package dev.slt.kernels;

/** The dense fallback as a {@link PreparedConv}: {@link VectorConv} / {@link ScalarConv} on the full weights. */
public final class DenseConv implements PreparedConv {

    private final ConvGeometry g;
    private final float[] w;
    private final float[] bias;

    /** Weights (outC, inC, k, k), bias (outC) or null; both are copied. */
    public DenseConv(ConvGeometry geometry, float[] weights, float[] bias) {
        this.g = SparseTaps.single(geometry);
        SparseTaps.checkLength("weights", weights, g.weightSize());
        if (bias != null) SparseTaps.checkLength("bias", bias, g.outC());
        this.w = weights.clone();
        this.bias = bias == null ? null : bias.clone();
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    /** The weights (outC, inC, kh, kw), a copy. */
    public float[] weights() {
        return w.clone();
    }

    /** The bias (outC), a copy, or null. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        VectorConv.conv2dForward(g.withBatch(batch), x, w, bias, y);
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        ScalarConv.conv2dForward(g.withBatch(batch), x, w, bias, y);
    }

    @Override
    public long macsPerImage() {
        return g.macs();
    }
}
