package dev.slt.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Group-wise block-sparse convolution: a layer is a list of {@link SparseBlock}s, and for each block
 * {@code Out[R] += W[R, Cb] · X[Cb]}, a dense GEMM whose K dimension is the block's column list. The block's
 * weights are packed once at construction as {@code (K, MR)} panels of 8 rows (zero-padded), and
 * {@link BlockMicroKernel} multiplies a panel by K rows of input gathered through the column list as it runs;
 * each row tile's {@code 8 × NR} result is then written (by the first block to reach a channel, with its
 * bias) or added (by later ones) into the block's scattered output channels. Output channels no block
 * reaches get their bias (or 0).
 *
 * <p>No im2col, and B is packed at most once per position tile for all blocks. At stride 1 on maps where it
 * wastes little the kernel works on the padded grid: position
 * {@code q = oy*ws + ox} of the zero-padded image {@code xp} (row stride ws), where the input under column
 * {@code (c, ky, kx)} is {@code xp[c*plane + ky*ws + kx + q]}, consecutive in q, so B is read in place; the
 * {@code ws - ow} columns past each output row are computed and dropped ({@link SparseTaps}: 6 % extra on
 * 16x16 maps). Otherwise (8x8 maps would compute 80 positions for 64; strided layers) the columns any block
 * uses are first copied into a {@code (used columns, NR)} panel per tile of {@link GemmMicroKernel#NR}
 * output positions, shared by all blocks. Measured on 64→64 3x3 at 8x8: packing each block's own B panel
 * instead made 8-row blocks 2.5x slower than dense at density 1.
 *
 * <p>Threads: over images when the batch has at least one per thread, else over position tiles of each
 * image. Every output is summed in the same order either way, so results do not depend on the thread count.
 */
public final class BlockSparseConv implements PreparedConv {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = S.length();
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    private final ConvGeometry g;
    private final List<SparseBlock> blocks;
    private final float[] bias;
    private final int[][] rows;
    /** Per block, where row p of its B starts: in xp at stride 1, else in the position panel. */
    private final int[][] rowOff;
    private final float[][] packed;
    /** Per block and row: true where this block is the first to reach the row (it writes bias + product instead of adding). */
    private final boolean[][] first;
    /** Output channels no block reaches: they hold their bias (or 0). */
    private final int[] uncovered;
    /** Stride 1 with little waste on the padded grid: B read straight from xp; else from a position panel. */
    private final boolean direct;
    /** Panel mode: xp offsets of the columns any block uses, in panel order. */
    private final int[] usedTaps;
    /** Panel mode: copy runs per position tile at stride 1, else the position bases for gathers. */
    private final ConvPanel.Runs runs;
    private final int[] bases;
    /** Positions the kernel computes per image: the padded grid when direct, else oh*ow. */
    private final int grid;
    /** Positions per tile: NR, or 2 vectors when the map would leave a last tile of one (an 8x8 map: 32 + 32, not 48 + 16). */
    private final int tw;
    private final int xpSize;
    private final long macs;

    /** Per-thread scratch: 0 = padded image, 1 = position panel (strided), 2 = row-tile result. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][]);

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
        boolean unit = g.strideH() == 1 && g.strideW() == 1;
        int n = g.outH() * g.outW();
        // the padded grid's extra columns cost FMAs; a panel costs copies: grid up to 1/8 larger measured cheaper
        direct = unit && DirectConv.roundUp(SparseTaps.gridSize(g), L) * 8 <= DirectConv.roundUp(n, L) * 9;
        grid = direct ? SparseTaps.gridSize(g) : n;
        tw = grid % NR > 0 && grid % NR <= L ? 2 * L : NR;
        int nb = this.blocks.size(), patch = g.patch();
        int[] slot = new int[patch];
        java.util.Arrays.fill(slot, -1);
        int used = 0;
        long m = 0;
        rows = new int[nb][];
        first = new boolean[nb][];
        boolean[] reached = new boolean[g.outC()];
        rowOff = new int[nb][];
        packed = new float[nb][];
        for (int b = 0; b < nb; b++) {
            SparseBlock blk = this.blocks.get(b);
            check(blk.rows(), g.outC(), "row", b);
            check(blk.cols(), patch, "column", b);
            rows[b] = blk.rows().clone();
            first[b] = new boolean[rows[b].length];
            // a block without columns computes nothing (it is skipped), so it reaches no row
            for (int i = 0; i < rows[b].length && blk.cols().length > 0; i++) {
                first[b][i] = !reached[rows[b][i]];
                reached[rows[b][i]] = true;
            }
            packed[b] = packWeights(blk);
            int[] cols = blk.cols();
            rowOff[b] = new int[cols.length];
            for (int p = 0; p < cols.length; p++) {
                if (slot[cols[p]] < 0) slot[cols[p]] = used++;
                rowOff[b][p] = direct ? SparseTaps.tapOffset(g, cols[p]) : slot[cols[p]] * tw;
            }
            m += blk.macs();
        }
        int free = 0;
        for (boolean r : reached) if (!r) free++;
        uncovered = new int[free];
        for (int o = 0, i = 0; o < g.outC(); o++) if (!reached[o]) uncovered[i++] = o;
        usedTaps = new int[direct ? 0 : used];
        if (!direct)
            for (int c = 0; c < patch; c++) if (slot[c] >= 0) usedTaps[slot[c]] = SparseTaps.tapOffset(g, c);
        macs = m * g.outH() * g.outW();
        xpSize = SparseTaps.paddedSize(g, NR);
        runs = unit && !direct ? ConvPanel.Runs.of(g.outH(), g.outW(), SparseTaps.rowStride(g), tw) : null;
        bases = unit ? new int[0] : SparseTaps.positionBases(g, tw);
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
        int tiles = (grid + tw - 1) / tw, hw = g.outH() * g.outW();
        if (batch >= KernelPool.threads()) {
            KernelPool.parallelFor(batch, (n0, n1) -> {
                float[] xp = scratch(0, xpSize);
                for (int img = n0; img < n1; img++) {
                    SparseTaps.pad(g, x, img, xp, xpSize);
                    initUncovered(y, img);
                    for (int t = 0; t < tiles; t++) tile(xp, t, y, img);
                }
            });
            return;
        }
        for (int img = 0; img < batch; img++) {
            float[] xp = scratch(0, xpSize);
            SparseTaps.pad(g, x, img, xp, xpSize);
            initUncovered(y, img);
            int im = img;
            KernelPool.parallelFor(tiles, (t0, t1) -> {
                for (int t = t0; t < t1; t++) tile(xp, t, y, im);
            });
        }
    }

    /** Output channels no block reaches: their bias, or 0; the others are written by their first block. */
    private void initUncovered(float[] y, int img) {
        int hw = g.outH() * g.outW();
        for (int o : uncovered) {
            int at = (img * g.outC() + o) * hw;
            java.util.Arrays.fill(y, at, at + hw, bias == null ? 0f : bias[o]);
        }
    }

    /** Grid positions [t*tw, t*tw + nr) of image img, every block. */
    private void tile(float[] xp, int t, float[] y, int img) {
        int q0 = t * tw, nr = Math.min(tw, grid - q0), hw = g.outH() * g.outW();
        float[] acc = scratch(2, MR * NR), src = xp;
        int q = q0;
        if (!direct) {
            src = scratch(1, usedTaps.length * tw + L);
            pack(xp, t, src);
            q = 0;
        }
        int yImg = img * g.outC() * hw;
        for (int b = 0; b < rows.length; b++) {
            int[] r = rows[b];
            int k = rowOff[b].length;
            if (k == 0) continue;
            for (int i0 = 0; i0 < r.length; i0 += MR) {
                int aOff = i0 * k;
                // a last tile of one or two vectors' width takes a narrower kernel
                if (nr > 2 * L) BlockMicroKernel.run3(k, packed[b], aOff, src, rowOff[b], 0, q, acc, false);
                else if (nr > L) BlockMicroKernel.run2(k, packed[b], aOff, src, rowOff[b], 0, q, acc, false);
                else BlockMicroKernel.run1(k, packed[b], aOff, src, rowOff[b], 0, q, acc, false);
                for (int i = i0, end = Math.min(r.length, i0 + MR); i < end; i++) {
                    int from = (i - i0) * NR;
                    if (first[b][i]) addBias(acc, from, nr, bias == null ? 0f : bias[r[i]]);
                    scatter(acc, from, y, yImg + r[i] * hw, q0, nr, first[b][i]);
                }
            }
        }
    }

    /**
     * pan[u*tw + i] = the input under used column u at output position t*tw + i: a vector copy per output-row
     * run at stride 1 (runs ascending, so an overlong copy is overwritten by the next), else a gather.
     */
    private void pack(float[] xp, int t, float[] pan) {
        if (runs != null) {
            int s0 = runs.first()[t], s1 = runs.first()[t + 1];
            int[] src = runs.src(), dst = runs.dst();
            for (int u = 0; u < usedTaps.length; u++) {
                int o = usedTaps[u], d = u * tw;
                for (int s = s0; s < s1; s++) FloatVector.fromArray(S, xp, src[s] + o).intoArray(pan, d + dst[s]);
            }
            return;
        }
        for (int u = 0; u < usedTaps.length; u++)
            for (int v = 0; v < tw; v += L)
                FloatVector.fromArray(S, xp, usedTaps[u], bases, t * tw + v).intoArray(pan, u * tw + v);
    }

    /** Adds one row of a tile (positions q0 .. q0+nr) into an output channel: see {@link SparseTaps#addGrid}. */
    private void scatter(float[] acc, int from, float[] y, int out, int q0, int nr, boolean set) {
        if (direct) SparseTaps.addGrid(g, acc, from, y, out, q0, nr, set);
        else addRow(acc, from, y, out + q0, nr, set);
    }

    /** acc[from .. from+n) += b (a row's bias, added once, by the first block that reaches the row). */
    private static void addBias(float[] acc, int from, int n, float b) {
        if (b == 0f) return;
        for (int q = 0; q < n; q++) acc[from + q] += b;
    }

    /** y[at .. at+n) = acc[from .. from+n) when {@code set}, else +=. */
    static void addRow(float[] acc, int from, float[] y, int at, int n, boolean set) {
        if (set) {
            System.arraycopy(acc, from, y, at, n);
            return;
        }
        int q = 0;
        for (; q < S.loopBound(n); q += L)
            FloatVector.fromArray(S, y, at + q).add(FloatVector.fromArray(S, acc, from + q)).intoArray(y, at + q);
        for (; q < n; q++) y[at + q] += acc[from + q];
    }

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) s[slot] = new float[Math.max(size, 1)];
        return s[slot];
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        ScalarSparseConv.blocks(g.withBatch(batch), blocks, bias, x, y);
    }
}
