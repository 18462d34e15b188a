package dev.slt.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Group-wise block-sparse convolution: a layer is a list of {@link SparseBlock}s, and for each block
 * {@code Out[R] += W[R, Cb] · X[Cb]}, a dense GEMM whose K dimension is the block's column list. No im2col
 * buffer: for a tile of {@link GemmMicroKernel#NR} output positions, the K rows of the block are gathered
 * straight from the zero-padded image into a {@code (kc, NR)} B panel (one vector copy per output-row run at
 * stride 1, an indexed gather otherwise), and the dense GEMM's {@link GemmMicroKernel} multiplies it by the
 * block's weights, packed once at construction as {@code (K, MR)} panels of 8 rows. Each row tile's 8 × NR
 * result is then added into the block's (scattered) output channels. Output channels no block covers get
 * their bias (or 0).
 *
 * <p>Threads: over images when the batch has at least one per thread, else over position tiles of each
 * image. Every output is summed in the same order either way (block order, K ascending in chunks of
 * {@link VectorGemm#KC}), so results do not depend on the thread count.
 */
public final class BlockSparseConv implements PreparedConv {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = S.length();
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;
    private static final int KC = VectorGemm.KC;

    private final ConvGeometry g;
    private final List<SparseBlock> blocks;
    private final float[] bias;
    private final int[][] rows;
    private final int[][] taps;
    private final float[][] packed;
    private final int[] bases;
    /** Stride 1: the copy runs of each NR-position tile ({@link ConvPanel.Runs}); null at other strides. */
    private final ConvPanel.Runs runs;
    private final int maxRows, planes;
    private final long macs;

    /** Per-thread scratch: 0 = padded image, 1 = B panel, 2 = row-tile results, 3 = micro-kernel tile. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][]);

    /**
     * @param geometry the layer (batch ignored; groups 1)
     * @param blocks   rows in [0, outC), cols in [0, patch); blocks may overlap (their products add)
     * @param bias     (outC) or null
     */
    public BlockSparseConv(ConvGeometry geometry, List<SparseBlock> blocks, float[] bias) {
        this.g = SparseTaps.single(geometry);
        if (bias != null) SparseTaps.checkLength("bias", bias, g.outC());
        this.blocks = List.copyOf(blocks);
        this.bias = bias == null ? null : bias.clone();
        int nb = this.blocks.size(), most = 0;
        long m = 0;
        rows = new int[nb][];
        taps = new int[nb][];
        packed = new float[nb][];
        for (int b = 0; b < nb; b++) {
            SparseBlock blk = this.blocks.get(b);
            check(blk.rows(), g.outC(), "row", b);
            check(blk.cols(), g.patch(), "column", b);
            rows[b] = blk.rows().clone();
            taps[b] = SparseTaps.tapOffsets(g, blk.cols());
            packed[b] = packWeights(blk);
            most = Math.max(most, DirectConv.roundUp(blk.rows().length, MR));
            m += blk.macs();
        }
        maxRows = most;
        macs = m * g.outH() * g.outW();
        planes = g.inC() * SparseTaps.paddedH(g) * SparseTaps.paddedW(g);
        bases = SparseTaps.positionBases(g, NR);
        runs = g.strideH() == 1 && g.strideW() == 1
                ? ConvPanel.Runs.of(g.outH(), g.outW(), SparseTaps.paddedW(g), NR) : null;
    }

    private static void check(int[] idx, int limit, String what, int block) {
        for (int i : idx)
            if (i < 0 || i >= limit)
                throw new IllegalArgumentException("block-sparse conv: block " + block + " has " + what + " " + i
                        + " outside [0, " + limit + ")");
    }

    /** Row tiles of 8 (zero-padded) as {@code (K, MR)} panels: element (i, p) of tile t at {@code t*K*MR + p*MR + i%MR}. */
    private static float[] packWeights(SparseBlock blk) {
        int r = blk.rows().length, k = blk.cols().length;
        float[] p = new float[DirectConv.roundUp(r, MR) * k];
        for (int i = 0; i < r; i++)
            for (int q = 0; q < k; q++) p[(i / MR) * k * MR + q * MR + i % MR] = blk.weights()[i * k + q];
        return p;
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    @Override
    public long macsPerImage() {
        return macs;
    }

    /** The blocks, as given. */
    public List<SparseBlock> blocks() {
        return blocks;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        int n = g.outH() * g.outW(), tiles = (n + NR - 1) / NR;
        if (batch >= KernelPool.threads()) {
            KernelPool.parallelFor(batch, (n0, n1) -> {
                float[] xp = scratch(0, planes + L);
                for (int img = n0; img < n1; img++) {
                    SparseTaps.pad(g, x, img, xp);
                    for (int t = 0; t < tiles; t++) tile(xp, t, y, img);
                }
            });
            return;
        }
        for (int img = 0; img < batch; img++) {
            float[] xp = scratch(0, planes + L);
            SparseTaps.pad(g, x, img, xp);
            int im = img;
            KernelPool.parallelFor(tiles, (t0, t1) -> {
                for (int t = t0; t < t1; t++) tile(xp, t, y, im);
            });
        }
    }

    /** Output positions [t*NR, t*NR + nr) of image img, every block. */
    private void tile(float[] xp, int t, float[] y, int img) {
        int n = g.outH() * g.outW(), j0 = t * NR, nr = Math.min(NR, n - j0);
        float[] pan = scratch(1, KC * NR + L), acc = scratch(2, maxRows * NR), tl = scratch(3, MR * NR);
        SparseTaps.initOutput(g, bias, y, img, j0, nr);
        int yImg = img * g.outC() * n + j0;
        for (int b = 0; b < rows.length; b++) {
            int[] r = rows[b], off = taps[b];
            int k = off.length, rTiles = (r.length + MR - 1) / MR;
            if (k == 0 || r.length == 0) continue;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                pack(xp, off, p0, kc, t, pan);
                float beta = p0 == 0 ? 0f : 1f;
                for (int rt = 0; rt < rTiles; rt++)
                    GemmMicroKernel.run(kc, packed[b], (rt * k + p0) * MR, pan, 0, NR, 1f, beta,
                            acc, rt * MR * NR, NR, MR, NR, tl);
            }
            for (int i = 0; i < r.length; i++) addRow(acc, i * NR, y, yImg + r[i] * n, nr);
        }
    }

    /** pan[(p - p0)*NR + i] = xp[off[p] + base(t*NR + i)] for p in [p0, p0+kc). */
    private void pack(float[] xp, int[] off, int p0, int kc, int t, float[] pan) {
        if (runs != null) {
            int s0 = runs.first()[t], s1 = runs.first()[t + 1];
            int[] src = runs.src(), dst = runs.dst();
            for (int p = 0; p < kc; p++) {
                int o = off[p0 + p], d = p * NR;
                for (int s = s0; s < s1; s++) FloatVector.fromArray(S, xp, src[s] + o).intoArray(pan, d + dst[s]);
            }
            return;
        }
        int j0 = t * NR;
        for (int p = 0; p < kc; p++) {
            int o = off[p0 + p], d = p * NR;
            for (int v = 0; v < NR; v += L) FloatVector.fromArray(S, xp, o, bases, j0 + v).intoArray(pan, d + v);
        }
    }

    /** y[at .. at+nr) += acc[from .. from+nr). */
    static void addRow(float[] acc, int from, float[] y, int at, int nr) {
        int q = 0;
        for (; q < S.loopBound(nr); q += L)
            FloatVector.fromArray(S, y, at + q).add(FloatVector.fromArray(S, acc, from + q)).intoArray(y, at + q);
        for (; q < nr; q++) y[at + q] += acc[from + q];
    }

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        ScalarSparseConv.blocks(g.withBatch(batch), blocks, bias, x, y);
    }
}
