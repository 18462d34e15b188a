package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unstructured sparse convolution in CSR form, for comparison with the structured kernels: row o holds the
 * nonzero weights of output channel o, each with its im2col column {@code (c*kh + ky)*kw + kx}.
 * Vectorised over output positions: at stride 1 the outputs of a channel are computed on the padded grid
 * of {@link SparseTaps} (its extra columns dropped on the way out), where the inputs of one
 * weight for consecutive positions are consecutive floats of the padded image, so each nonzero costs one
 * broadcast and one load + FMA per vector of positions (4 vectors in registers at a time). Other strides
 * gather the inputs through the position bases.
 *
 * <p>Threads: over images when the batch has at least one per thread, else over output channels.
 */
public final class CsrConv implements PreparedConv {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = S.length();
    /** Positions per register block: 4 vectors. */
    private static final int PB = 4 * L;

    private final ConvGeometry g;
    private final int[] rowPtr, cols, taps;
    private final float[] values, bias;
    private final int[] bases;
    private final int grid, xpSize;

    /**
     * @param rowPtr (outC + 1) nondecreasing, rowPtr[0] = 0: row o's nonzeros are [rowPtr[o], rowPtr[o+1])
     * @param cols   im2col column of each nonzero, in [0, patch)
     * @param values weight of each nonzero
     * @param bias   (outC) or null
     */
    public CsrConv(ConvGeometry geometry, int[] rowPtr, int[] cols, float[] values, float[] bias) {
        this.g = SparseTaps.single(geometry);
        if (rowPtr.length != g.outC() + 1 || rowPtr[0] != 0 || rowPtr[g.outC()] != cols.length || cols.length != values.length)
            throw new IllegalArgumentException("CSR conv: need rowPtr of " + (g.outC() + 1) + " entries from 0 to nnz = "
                    + cols.length + " and as many values, got rowPtr length " + rowPtr.length + ", " + values.length + " values");
        for (int o = 0; o < g.outC(); o++)
            if (rowPtr[o + 1] < rowPtr[o]) throw new IllegalArgumentException("CSR conv: rowPtr decreases at row " + o);
        for (int c : cols)
            if (c < 0 || c >= g.patch())
                throw new IllegalArgumentException("CSR conv: column " + c + " outside [0, " + g.patch() + ")");
        if (bias != null) SparseTaps.checkLength("bias", bias, g.outC());
        this.rowPtr = rowPtr.clone();
        this.cols = cols.clone();
        this.values = values.clone();
        this.bias = bias == null ? null : bias.clone();
        this.taps = SparseTaps.tapOffsets(g, cols);
        this.grid = SparseTaps.gridSize(g);
        this.xpSize = SparseTaps.paddedSize(g, PB);
        this.bases = SparseTaps.positionBases(g, PB);
    }

    /** The nonzeros of dense weights (outC, inC, kh, kw) in CSR form. */
    public static CsrConv fromDense(ConvGeometry geometry, float[] weights, float[] bias) {
        ConvGeometry g = SparseTaps.single(geometry);
        SparseTaps.checkLength("weights", weights, g.weightSize());
        int patch = g.patch(), nnz = 0;
        for (float v : weights) if (v != 0f) nnz++;
        int[] ptr = new int[g.outC() + 1], col = new int[nnz];
        float[] val = new float[nnz];
        int at = 0;
        for (int o = 0; o < g.outC(); o++) {
            for (int c = 0; c < patch; c++) {
                float v = weights[o * patch + c];
                if (v != 0f) {
                    col[at] = c;
                    val[at++] = v;
                }
            }
            ptr[o + 1] = at;
        }
        return new CsrConv(g, ptr, col, val, bias);
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    @Override
    public long macsPerImage() {
        return (long) values.length * g.outH() * g.outW();
    }

    /** Nonzero weights. */
    public int nonzeros() {
        return values.length;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        if (batch >= KernelPool.threads()) {
            KernelPool.parallelFor(batch, (n0, n1) -> {
                float[] xp = VectorConv.scratch(0, xpSize), row = VectorConv.scratch(1, grid + PB);
                for (int img = n0; img < n1; img++) {
                    SparseTaps.pad(g, x, img, xp, xpSize);
                    for (int o = 0; o < g.outC(); o++) channel(xp, o, y, img, row);
                }
            });
            return;
        }
        for (int img = 0; img < batch; img++) {
            float[] xp = VectorConv.scratch(0, xpSize);
            SparseTaps.pad(g, x, img, xp, xpSize);
            int im = img;
            KernelPool.parallelFor(g.outC(), (o0, o1) -> {
                float[] row = VectorConv.scratch(1, grid + PB);
                for (int o = o0; o < o1; o++) channel(xp, o, y, im, row);
            });
        }
    }

    /** Output channel o of image img. */
    private void channel(float[] xp, int o, float[] y, int img, float[] row) {
        int oh = g.outH(), ow = g.outW(), n = oh * ow, out = (img * g.outC() + o) * n;
        int k0 = rowPtr[o], k1 = rowPtr[o + 1];
        float b = bias == null ? 0f : bias[o];
        if (g.strideH() == 1 && g.strideW() == 1) {
            int q0 = 0;
            for (; q0 + PB <= grid; q0 += PB) block(xp, q0, k0, k1, row);
            for (; q0 < grid; q0 += L) vector(xp, q0, k0, k1, row);
            if (b != 0f) for (int q = 0; q < grid; q++) row[q] += b;
            SparseTaps.copyGrid(g, row, 0, y, out);
            return;
        }
        for (int j0 = 0; j0 < n; j0 += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int k = k0; k < k1; k++)
                acc = FloatVector.fromArray(S, xp, taps[k], bases, j0).fma(FloatVector.broadcast(S, values[k]), acc);
            acc.intoArray(row, 0);
            for (int i = 0, m = Math.min(L, n - j0); i < m; i++) y[out + j0 + i] = row[i] + b;
        }
    }

    /** row[q0 .. q0+PB) = Σ_k values[k] · xp[taps[k] + q0 ..] over nonzeros [k0, k1). */
    private void block(float[] xp, int q0, int k0, int k1, float[] row) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int k = k0; k < k1; k++) {
            int at = taps[k] + q0;
            FloatVector v = FloatVector.broadcast(S, values[k]);
            c0 = FloatVector.fromArray(S, xp, at).fma(v, c0);
            c1 = FloatVector.fromArray(S, xp, at + L).fma(v, c1);
            c2 = FloatVector.fromArray(S, xp, at + 2 * L).fma(v, c2);
            c3 = FloatVector.fromArray(S, xp, at + 3 * L).fma(v, c3);
        }
        c0.intoArray(row, q0);
        c1.intoArray(row, q0 + L);
        c2.intoArray(row, q0 + 2 * L);
        c3.intoArray(row, q0 + 3 * L);
    }

    /** row[q0 .. q0+L) = Σ_k values[k] · xp[taps[k] + q0 ..]: the tail of a padded grid after its whole blocks. */
    private void vector(float[] xp, int q0, int k0, int k1, float[] row) {
        FloatVector c = FloatVector.zero(S);
        for (int k = k0; k < k1; k++) c = FloatVector.fromArray(S, xp, taps[k] + q0).fma(FloatVector.broadcast(S, values[k]), c);
        c.intoArray(row, q0);
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        ScalarSparseConv.csr(g.withBatch(batch), rowPtr, cols, values, bias, x, y);
    }
}
