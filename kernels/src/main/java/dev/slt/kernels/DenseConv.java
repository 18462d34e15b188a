package dev.slt.kernels;

/**
 * The dense fallback as a {@link PreparedConv}: {@link VectorConv} / {@link ScalarConv} on the full weights, or
 * the kernel vectorised along output positions ({@link PositionConv}) where that is faster ({@link PositionConv#pays}),
 * for a 3x3 stride-2 layer over its input's phases ({@link PhaseConv}).
 */
public final class DenseConv implements PreparedConv {

    private final ConvGeometry g;
    private final float[] w;
    private final float[] bias;
    /** The layer as one block run along output positions, or null: {@link VectorConv}. */
    private final PositionConv positions;
    /** A 3x3 stride-2 layer run along the positions of its input's phases ({@link PhaseConv}), or null. */
    private final PhaseConv phases;
    /** 0..C_in-1 (input slots) and 0..C_out-1 (output channels). */
    private final int[] in, out;

    /** Weights (outC, inC, k, k), bias (outC) or null; both are copied. */
    public DenseConv(ConvGeometry geometry, float[] weights, float[] bias) {
        this(geometry, weights, bias, true);
    }

    /**
     * The same layer on {@link VectorConv} alone (vectorised along output channels), whatever the layer: the dense
     * kernel of before {@link PositionConv}, for benchmarks that compare the two.
     */
    public static DenseConv channelVectorised(ConvGeometry geometry, float[] weights, float[] bias) {
        return new DenseConv(geometry, weights, bias, false);
    }

    private DenseConv(ConvGeometry geometry, float[] weights, float[] bias, boolean alongPositions) {
        this.g = SparseTaps.single(geometry);
        SparseTaps.checkLength("weights", weights, g.weightSize());
        if (bias != null) SparseTaps.checkLength("bias", bias, g.outC());
        this.w = weights.clone();
        this.bias = bias == null ? null : bias.clone();
        this.in = java.util.stream.IntStream.range(0, g.inC()).toArray();
        this.out = java.util.stream.IntStream.range(0, g.outC()).toArray();
        this.positions = alongPositions && PositionConv.pays(g) ? PositionConv.dense(g, w, this.bias) : null;
        this.phases = alongPositions && positions == null && PhaseConv.fits(g)
                ? new PhaseConv(g, g.inC(), w, this.bias, new int[][] {out}, new int[] {g.outC()}) : null;
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
        if (positions != null) positions.forward(batch, x, g.inC(), in, y, 0);
        else if (phases != null) phases.forward(batch, x, g.inC(), in, y, 0, ConvEpilogue.NONE);
        else VectorConv.conv2dForward(g.withBatch(batch), x, w, bias, y);
    }

    @Override
    public void forward(int batch, float[] x, float[] y, ConvEpilogue epilogue) {
        if (positions != null) positions.forward(batch, x, g.inC(), in, y, 0, epilogue);
        else if (phases != null) phases.forward(batch, x, g.inC(), in, y, 0, epilogue);
        else PreparedConv.super.forward(batch, x, y, epilogue);
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
