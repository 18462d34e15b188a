package dev.slt.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Group-wise block-sparse convolution: a layer is a list of {@link SparseBlock}s, and for each block
 * {@code Out[R] += W[R, Cb] · X[Cb]}, a dense GEMM whose K dimension is the block's column list. The block's
 * weights are packed once at construction as {@code (K, MR)} panels of 8 rows (zero-padded), and
 * {@link BlockMicroKernel} multiplies a panel by K rows of input gathered through the column list as it runs,
 * adding the 8 × (up to NR) result in place into the block's scattered output channels of a per-image buffer
 * ({@code (C_out + 1) × ld}: the extra row takes the padded rows of a last partial tile). The buffer starts
 * as the bias (or 0), so channels no block reaches keep it, and is copied into y once per image.
 *
 * <p>No im2col, and B is packed at most once per position tile for all blocks. At stride 1 the kernel works
 * on the padded grid: position {@code q = oy*ws + ox} of the zero-padded image
 * {@code xp} (row stride ws, {@link SparseTaps}), where the input under column {@code (c, ky, kx)} is
 * {@code xp[c*plane + ky*ws + kx + q]}, consecutive in q, so B is read in place; the {@code ws - ow} columns
 * past each output row are computed and dropped (6 % extra on 16x16 maps, 25 % on 8x8: measured still
 * faster there than copying a panel of output positions, whose copies cost as much as the FMAs at density
 * 0.2). Strided layers first gather the columns any block uses into a {@code (used columns, tw)} panel per
 * tile of output positions, shared by all blocks. Measured on 64→64 3x3 at 8x8: packing each block's own B
 * panel instead made 8-row blocks 2.5x slower than dense at density 1, and a separate scatter pass of each
 * row tile cost as much as the FMAs at density 0.2.
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
    /** Per block, where row p of its B starts: in xp when direct, else in the position panel. */
    private final int[][] rowOff;
    /** Per block, each row's offset in the image buffer, padded to whole row tiles with the spare row. */
    private final int[][] rowBase;
    private final int[] rowCount;
    private final float[][] packed;
    /** Stride 1: B read straight from xp on the padded grid; else from a position panel. */
    private final boolean direct;
    /** Panel mode: xp offsets of the columns any block uses, in panel order. */
    private final int[] usedTaps;
    /** Panel mode: the position bases for the gathers. */
    private final int[] bases;
    /** Positions the kernel computes per image: the padded grid when direct, else oh*ow. */
    private final int grid;
    /** Positions per tile: NR, or 2 vectors when the map would leave a last tile of one (an 8x8 map: 32 + 32). */
    private final int tw;
    /** Row length of the image buffer: whole tiles. */
    private final int ld;
    private final int xpSize;
    private final long macs;
    /**
     * Stride-1 layers whose rows keep their width: the blocks made row-disjoint ({@link BlockRows}) and run
     * along output positions ({@link PositionConv}) on the input channels they read, written straight into y;
     * null for other layers, which take the grid / panel path below.
     */
    private final PositionConv positions;
    /** With {@link #positions}: the input channels any block reads (the stack's slots), and the rows no block writes. */
    private final int[] usedChannels, uncovered;

    /** Per-thread scratch: 0 = padded image, 1 = position panel, 2 = image buffer. */
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
        direct = unit;
        grid = direct ? SparseTaps.gridSize(g) : n;
        tw = grid % NR > 0 && grid % NR <= L ? 2 * L : NR;
        ld = DirectConv.roundUp(grid, tw);
        int nb = this.blocks.size(), patch = g.patch();
        int[] slot = new int[patch];
        java.util.Arrays.fill(slot, -1);
        int used = 0;
        long m = 0;
        rowOff = new int[nb][];
        rowBase = new int[nb][];
        rowCount = new int[nb];
        packed = new float[nb][];
        for (int b = 0; b < nb; b++) {
            SparseBlock blk = this.blocks.get(b);
            check(blk.rows(), g.outC(), "row", b);
            check(blk.cols(), patch, "column", b);
            int[] rows = blk.rows(), cols = blk.cols();
            rowCount[b] = rows.length;
            rowBase[b] = new int[DirectConv.roundUp(rows.length, MR)];
            for (int i = 0; i < rowBase[b].length; i++) rowBase[b][i] = (i < rows.length ? rows[i] : g.outC()) * ld;
            packed[b] = packWeights(blk);
            rowOff[b] = new int[cols.length];
            for (int p = 0; p < cols.length; p++) {
                if (slot[cols[p]] < 0) slot[cols[p]] = used++;
                rowOff[b][p] = direct ? SparseTaps.tapOffset(g, cols[p]) : slot[cols[p]] * tw;
            }
            m += blk.macs();
        }
        usedTaps = new int[direct ? 0 : used];
        if (!direct)
            for (int c = 0; c < patch; c++) if (slot[c] >= 0) usedTaps[slot[c]] = SparseTaps.tapOffset(g, c);
        macs = m * n;
        xpSize = SparseTaps.paddedSize(g, NR);
        bases = unit ? new int[0] : SparseTaps.positionBases(g, tw);
        if (PlaneStack.fits(g)) {
            List<SparseBlock> rows = BlockRows.disjoint(this.blocks, g.outC());
            int kk = g.kh() * g.kw();
            int[] slotOf = new int[g.inC()];
            java.util.Arrays.fill(slotOf, -1);
            for (SparseBlock b : rows) for (int c : b.cols()) slotOf[c / kk] = 0;
            int slots = 0;
            for (int c = 0; c < g.inC(); c++) if (slotOf[c] == 0) slotOf[c] = slots++;
            usedChannels = new int[slots];
            for (int c = 0; c < g.inC(); c++) if (slotOf[c] >= 0) usedChannels[slotOf[c]] = c;
            boolean[] covered = new boolean[g.outC()];
            List<SparseBlock> local = new java.util.ArrayList<>();
            for (SparseBlock b : rows) {
                int[] cols = new int[b.cols().length];
                for (int i = 0; i < cols.length; i++) cols[i] = slotOf[b.cols()[i] / kk] * kk + b.cols()[i] % kk;
                local.add(new SparseBlock(b.rows(), cols, b.weights()));
                for (int r : b.rows()) covered[r] = true;
            }
            uncovered = java.util.stream.IntStream.range(0, g.outC()).filter(o -> !covered[o]).toArray();
            int[] channel = java.util.stream.IntStream.range(0, g.outC()).toArray();
            positions = new PositionConv(g, slots, local, this.bias, new int[][] {channel}, new int[] {g.outC()});
        } else {
            positions = null;
            usedChannels = uncovered = null;
        }
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

    /** The bias (outC), a copy, or null. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** The blocks, as given. */
    public List<SparseBlock> blocks() {
        return blocks;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        if (positions != null) {
            int hw = g.outH() * g.outW();
            for (int n = 0; n < batch; n++)
                for (int o : uncovered) java.util.Arrays.fill(y, (n * g.outC() + o) * hw, (n * g.outC() + o + 1) * hw, bias == null ? 0f : bias[o]);
            positions.forward(batch, x, g.inC(), usedChannels, y, 0);
            return;
        }
        int tiles = ld / tw, bufSize = (g.outC() + 1) * ld;
        if (batch >= KernelPool.threads()) {
            KernelPool.parallelFor(batch, (n0, n1) -> {
                float[] xp = scratch(0, xpSize), buf = scratch(2, bufSize);
                for (int img = n0; img < n1; img++) {
                    SparseTaps.pad(g, x, img, xp, xpSize);
                    initBuffer(buf);
                    for (int t = 0; t < tiles; t++) tile(xp, t, buf);
                    copyOut(buf, y, img);
                }
            });
            return;
        }
        for (int img = 0; img < batch; img++) {
            float[] xp = scratch(0, xpSize), buf = scratch(2, bufSize);
            SparseTaps.pad(g, x, img, xp, xpSize);
            initBuffer(buf);
            KernelPool.parallelFor(tiles, (t0, t1) -> {
                for (int t = t0; t < t1; t++) tile(xp, t, buf);
            });
            copyOut(buf, y, img);
        }
    }

    /** Each channel's row of the image buffer starts as its bias (or 0). */
    private void initBuffer(float[] buf) {
        for (int o = 0; o < g.outC(); o++) java.util.Arrays.fill(buf, o * ld, (o + 1) * ld, bias == null ? 0f : bias[o]);
    }

    /** The image buffer into y: whole rows in panel mode, the padded grid's output columns when direct. */
    private void copyOut(float[] buf, float[] y, int img) {
        int hw = g.outH() * g.outW();
        for (int o = 0; o < g.outC(); o++) {
            int out = (img * g.outC() + o) * hw;
            if (direct) SparseTaps.copyGrid(g, buf, o * ld, y, out);
            else System.arraycopy(buf, o * ld, y, out, hw);
        }
    }

    /** Positions [t*tw, t*tw + nr) of one image, every block, added into its buffer. */
    private void tile(float[] xp, int t, float[] buf) {
        int q0 = t * tw, nr = Math.min(tw, grid - q0);
        float[] src = xp;
        int q = q0;
        if (!direct) {
            src = scratch(1, usedTaps.length * tw + L);
            pack(xp, t, src);
            q = 0;
        }
        for (int b = 0; b < packed.length; b++) {
            int k = rowOff[b].length;
            if (k == 0) continue;
            for (int i0 = 0; i0 < rowCount[b]; i0 += MR) {
                int aOff = i0 * k;
                // a last tile of one or two vectors' width takes a narrower kernel
                if (nr > 2 * L) BlockMicroKernel.run3(k, packed[b], aOff, src, rowOff[b], q, buf, rowBase[b], i0, q0);
                else if (nr > L) BlockMicroKernel.run2(k, packed[b], aOff, src, rowOff[b], q, buf, rowBase[b], i0, q0);
                else BlockMicroKernel.run1(k, packed[b], aOff, src, rowOff[b], q, buf, rowBase[b], i0, q0);
            }
        }
    }

    /** pan[u*tw + i] = the input under used column u at output position t*tw + i, by gathers. */
    private void pack(float[] xp, int t, float[] pan) {
        for (int u = 0; u < usedTaps.length; u++)
            for (int v = 0; v < tw; v += L)
                FloatVector.fromArray(S, xp, usedTaps[u], bases, t * tw + v).intoArray(pan, u * tw + v);
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
