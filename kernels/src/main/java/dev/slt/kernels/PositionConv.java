package dev.slt.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Stride-1 convolution vectorised along output positions, for layers with few output rows per block: dense
 * blocks {@code Out[rows] = bias + W · X[cols]} whose rows do not overlap, each cut into register tiles of 4
 * to 8 rows ({@link PositionMicroKernel}) and run over vectors of 16 consecutive output positions of a
 * {@link PlaneStack}. A 7-channel layer is one 7-row tile: nothing is rounded up to 8 or 16 channels, and no
 * lane computes a padding column. Results go straight into the final tensor (no buffer, no copy-out); rows
 * no block covers are left alone for the caller.
 *
 * <p>Work: images in chunks of {@link #CHUNK}, one stack per chunk; per chunk every row tile over every tile
 * of 3 position vectors, which may come from different images (3 images of 4 or 16 vectors make whole
 * tiles); a last tile short of 3 repeats its last vector.
 *
 * <p>Threads: over chunks when there are at least as many as threads, else over the vector tiles of each
 * chunk; each output is summed by the same kernel in the same order either way.
 */
final class PositionConv {

    private static final int V = PositionMicroKernel.V;
    /** Images per stack: with 3 vectors per tile, any number of vectors per image makes whole tiles. */
    static final int CHUNK = 3;

    private final PlaneStack stack;
    private final int hw, inPlane;
    private final int[] yChannels;
    /** Per row tile: rows (4 to 14), and where its rows start in {@link #rowOut} / {@link #rowBias}. */
    private final int[] tileRows, tileAt;
    /** Per row tile: 9 to 14 rows over 2 vectors ({@link PositionWideKernel}), else 4 to 8 over 3. */
    private final boolean[] wide;
    /** Position vectors per image. */
    private final int nv;
    /** Per output map, per tile row: y offset {@code channel * hw} within an image; short tiles repeat their last row. */
    private final int[][] rowOut;
    /** Per tile row: bias. */
    private final float[] rowBias;
    /** Per row tile: weights (k, R) and the columns' offsets in the stack. */
    private final float[][] a;
    private final int[][] taps;
    /** Per chunk size c (index c - 1): 3 stack offsets per vector tile; per output map too, 3 output offsets. */
    private final int[][] vecIn;
    private final int[][][] vecOut;

    private final int stackSize;
    /**
     * Per thread, one stack buffer shared by every layer, and the layout whose padding it holds: a layer zeroes
     * it only when another layout was there last (its fill writes the inputs, never the padding). One buffer
     * stays in cache through a network's forward, as the dense conv's scratch does; one per layer would be cold
     * by the time its layer's turn came.
     */
    private static final ThreadLocal<Object[]> STACK = ThreadLocal.withInitial(() -> new Object[] {new float[0], null});

    /**
     * @param g          the layer (batch ignored); {@link PlaneStack#fits} must hold
     * @param slots      input planes per image the blocks read: cols are {@code (slot*kh + ky)*kw + kx}
     * @param blocks     rows are row indices, no row in two blocks
     * @param bias       per row index, or null
     * @param outChannel per output map (a choice of y layout made per call), the y channel of each row index
     * @param yChannels  per output map, the channels of a y image
     */
    PositionConv(ConvGeometry g, int slots, List<SparseBlock> blocks, float[] bias, int[][] outChannel, int[] yChannels) {
        this.stack = new PlaneStack(g, slots);
        this.stackSize = stack.size(CHUNK);
        this.inPlane = g.inH() * g.inW();
        this.hw = g.outH() * g.outW();
        int maps = outChannel.length;
        boolean[] seen = new boolean[outChannel[0].length];
        List<int[]> tiles = new ArrayList<>();   // {block, first row, rows}
        for (int b = 0; b < blocks.size(); b++) {
            SparseBlock blk = blocks.get(b);
            for (int r : blk.rows()) {
                if (seen[r]) throw new IllegalArgumentException("position conv: row " + r + " in two blocks");
                seen[r] = true;
            }
            int n = blk.rows().length;
            if (n == 0 || blk.cols().length == 0) continue;
            int first = 0;
            for (int rows : tiling(n)) {
                tiles.add(new int[] {b, first, rows});
                first += rows;
            }
        }
        int nt = tiles.size();
        tileRows = new int[nt];
        tileAt = new int[nt];
        wide = new boolean[nt];
        a = new float[nt][];
        taps = new int[nt][];
        int at = 0;
        for (int t = 0; t < nt; t++) {
            int n = tiles.get(t)[2];
            wide[t] = n > PositionMicroKernel.MAX_ROWS;
            tileRows[t] = Math.max(wide[t] ? PositionWideKernel.MIN_ROWS : PositionMicroKernel.MIN_ROWS, n);
            tileAt[t] = at;
            at += tileRows[t];
        }
        rowOut = new int[maps][at];
        rowBias = new float[at];
        for (int t = 0; t < nt; t++) {
            SparseBlock blk = blocks.get(tiles.get(t)[0]);
            int first = tiles.get(t)[1], n = tiles.get(t)[2], r = tileRows[t], k = blk.cols().length;
            a[t] = new float[k * r];
            taps[t] = new int[k];
            for (int p = 0; p < k; p++) {
                taps[t][p] = stack.columnOffset(blk.cols()[p]);
                for (int i = 0; i < r; i++) a[t][p * r + i] = blk.weights()[(first + Math.min(i, n - 1)) * k + p];
            }
            for (int i = 0; i < r; i++) {
                int row = blk.rows()[first + Math.min(i, n - 1)];
                for (int mp = 0; mp < maps; mp++) rowOut[mp][tileAt[t] + i] = outChannel[mp][row] * hw;
                rowBias[tileAt[t] + i] = bias == null ? 0f : bias[row];
            }
        }
        // the vector tiles of each chunk size: 3 vectors each, the last one padded by repeating its last vector
        this.nv = stack.vectors();
        vecIn = new int[CHUNK][];
        vecOut = new int[maps][CHUNK][];
        for (int c = 1; c <= CHUNK; c++) {
            // one entry more than whole tiles: a 2-vector tile starting at the last vector reads one past it
            int count = c * nv, vt = (count + V - 1) / V;
            vecIn[c - 1] = new int[vt * V + 1];
            for (int mp = 0; mp < maps; mp++) vecOut[mp][c - 1] = new int[vt * V + 1];
            for (int i = 0; i < vt * V + 1; i++) {
                int e = Math.min(i, count - 1), img = e / nv, v = e % nv;
                vecIn[c - 1][i] = img * stack.imageStride() + stack.vectorIn(v);
                for (int mp = 0; mp < maps; mp++) vecOut[mp][c - 1][i] = img * yChannels[mp] * hw + stack.vectorOut(v);
            }
        }
        this.yChannels = yChannels.clone();
    }

    /**
     * Row tiles for a block of n rows: 8-row tiles (the micro-kernels' best share of the FMA peak) as far as they go;
     * a remainder of 1 to 6 rows joins one of them as a 9- to 14-row 2-vector tile, one of 7 is a tile of its own;
     * blocks of at most 14 rows are one tile. 13 rows: one tile of 13, not 8 + 5 (measured 1.11x faster on 64
     * channels at 8x8, and 8 + 14 rows 1.07x faster than 8 + 8 + 6); 27 rows: 8 + 8 + 11.
     */
    static int[] tiling(int n) {
        if (n <= PositionWideKernel.MAX_ROWS) return new int[] {n};
        int eights = n / 8, rest = n % 8, joins = PositionWideKernel.MAX_ROWS - 8;
        if (rest == 0) return java.util.Collections.nCopies(eights, 8).stream().mapToInt(Integer::intValue).toArray();
        int[] t = new int[rest <= joins ? eights : eights + 1];
        java.util.Arrays.fill(t, 8);
        if (rest <= joins) t[eights - 1] = 8 + rest;
        else t[eights] = rest;
        return t;
    }

    /** A whole dense layer (groups 1) as one block: weights (outC, inC, kh, kw) and bias (or null) as given, not copied. */
    static PositionConv dense(ConvGeometry g, float[] w, float[] bias) {
        int[] out = identity(g.outC());
        return new PositionConv(g, g.inC(), List.of(new SparseBlock(out, identity(g.patch()), w)), bias,
                new int[][] {out}, new int[] {g.outC()});
    }

    /**
     * The data gradient of a stride-1 layer g as a forward layer: {@code dx = conv(dy, w')} with C_in and C_out
     * swapped, padding {@code k - 1 - pad} and {@code w'[c][o][ky][kx] = w[o][c][kh-1-ky][kw-1-kx]}; null where g is
     * strided or grouped.
     */
    static ConvGeometry dataGradient(ConvGeometry g) {
        if (g.strideH() != 1 || g.strideW() != 1 || g.groups() != 1 || g.padH() >= g.kh() || g.padW() >= g.kw()) return null;
        return new ConvGeometry(g.batch(), g.outC(), g.outH(), g.outW(), g.inC(), g.kh(), g.kw(), 1, 1,
                g.kh() - 1 - g.padH(), g.kw() - 1 - g.padW(), 1);
    }

    /** The weights w' of {@link #dataGradient}, from w (outC, inC, kh, kw) of g. */
    static float[] flippedTransposed(ConvGeometry g, float[] w) {
        int co = g.outC(), ci = g.inC(), kh = g.kh(), kw = g.kw(), kk = kh * kw;
        float[] t = new float[co * ci * kk];
        for (int o = 0; o < co; o++)
            for (int c = 0; c < ci; c++)
                for (int k = 0; k < kk; k++) t[(c * co + o) * kk + kk - 1 - k] = w[(o * ci + c) * kk + k];
        return t;
    }

    /** {@code y = conv(x)} for a layer made by {@link #dense}. */
    void forward(int batch, float[] x, float[] y) {
        run(batch, x, stack.slots(), identity(stack.slots()), y, 0, false, ConvEpilogue.NONE);
    }

    static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** Narrower layers than this run along positions even where a fifth of the lanes idle (7x7 maps). */
    static final int NARROW = 48;

    /**
     * Whether a dense layer runs faster here than in {@link VectorConv} (which vectorises along output channels):
     * the layout fits ({@link PlaneStack#fits}) and either at most 1/8 of the vector lanes compute a repeated
     * position ({@code positions / (16 * vectors)}: 0 on 8x8, 16x16, 28x28, 32x32 maps, 6 % on 14x14) or C_out
     * is below {@link #NARROW}. Measured (batch 64, 1 thread, 3x3): 1.1-1.8x faster at every C_out from 4 to 256
     * on 8x8 to 32x32 maps, 2.7-3.3x on the 1- and 3-channel stems, 1.0-1.3x on 14x14 and 28x28; on 7x7 maps
     * (23 % of the lanes repeat) 1.3-1.5x faster up to 32 channels and even at 52 and 64.
     */
    static boolean pays(ConvGeometry g) {
        if (!PlaneStack.fits(g)) return false;
        int n = g.outH() * g.outW(), l = PositionMicroKernel.L, vectors = (n + l - 1) / l;
        return 8L * n >= 7L * l * vectors || g.outC() < NARROW;
    }

    /**
     * The blocks' rows of y for {@code batch} images, in output map {@code map}: slot s of an x image is its
     * channel {@code inChannel[s]} (x images have {@code xChannels} channels of H*W floats).
     */
    void forward(int batch, float[] x, int xChannels, int[] inChannel, float[] y, int map) {
        run(batch, x, xChannels, inChannel, y, map, false, ConvEpilogue.NONE);
    }

    /**
     * {@link #forward(int, float[], int, int[], float[], int)}, then on every channel of each chunk's y images (not
     * only the blocks' rows) the epilogue, while the chunk is in cache.
     */
    void forward(int batch, float[] x, int xChannels, int[] inChannel, float[] y, int map, ConvEpilogue epilogue) {
        run(batch, x, xChannels, inChannel, y, map, false, epilogue);
    }

    /**
     * {@code y += conv(x)} for a layer made by {@link #dense}: each chunk's result goes to a per-thread buffer of
     * {@link #CHUNK} images and is added from there while it is in cache (the tiles overwrite, and padded tiles
     * write some outputs twice, so they cannot add in place).
     */
    void accumulate(int batch, float[] x, float[] y) {
        run(batch, x, stack.slots(), identity(stack.slots()), y, 0, true, ConvEpilogue.NONE);
    }

    private void run(int batch, float[] x, int xChannels, int[] inChannel, float[] y, int map, boolean add, ConvEpilogue epilogue) {
        int yc = yChannels[map];
        if (batch == 0 || tileRows.length == 0) return;
        int chunks = (batch + CHUNK - 1) / CHUNK, xImage = xChannels * inPlane, yImage = yChannels[map] * hw;
        if (chunks >= KernelPool.threads()) {
            KernelPool.parallelFor(chunks, (c0, c1) -> {
                float[] sum = add ? chunkBuffer(CHUNK * yImage) : null;
                for (int c = c0; c < c1; c++) {
                    int n0 = c * CHUNK, cnt = Math.min(CHUNK, batch - n0);
                    oneChunk(x, n0 * xImage, xImage, inChannel, cnt, add ? sum : y, add ? 0 : n0 * yImage, map);
                    if (add) VectorElementwise.axpyRange(1f, sum, 0, y, n0 * yImage, cnt * yImage);
                    epilogue.applyRange(y, n0, cnt, yc, hw);
                }
            });
            return;
        }
        float[] src = stackBuffer();
        float[] sum = add ? chunkBuffer(CHUNK * yImage) : null;
        for (int c = 0; c < chunks; c++) {
            int n0 = c * CHUNK, cnt = Math.min(CHUNK, batch - n0);
            for (int i = 0; i < cnt; i++) stack.fill(x, (n0 + i) * xImage, inChannel, src, i);
            KernelPool.parallelFor(vecIn[cnt - 1].length / V, (v0, v1) -> {
                for (int t = 0; t < tileRows.length; t++)
                    rowTile(t, src, cnt, v0, v1, add ? sum : y, add ? 0 : n0 * yImage, map);
            });
            if (add) VectorElementwise.axpyRange(1f, sum, 0, y, n0 * yImage, cnt * yImage);
            if (!epilogue.isNone()) KernelPool.parallelFor(cnt, (s0, s1) -> epilogue.applyRange(y, n0 + s0, s1 - s0, yc, hw));
        }
    }

    /**
     * Images {@code [n0, n0 + cnt)} of x (all {@link PlaneStack#slots} channels, in order) through every tile, on the
     * calling thread, into {@code out} from offset 0 ({@code cnt} images of the first output map); cnt at most
     * {@link #CHUNK}. For callers that run their own parallel loop and post-process each chunk while it is in cache.
     */
    void chunk(int n0, int cnt, float[] x, int[] identity, float[] out) {
        int xImage = stack.slots() * inPlane;
        oneChunk(x, n0 * xImage, xImage, identity, cnt, out, 0, 0);
    }

    /**
     * One chunk of at most {@link #CHUNK} images whose x images start at {@code x[0]} (slot s of image i is plane
     * {@code inChannel[s]} of x image i), on the calling thread: into y images {@code [n0, n0 + cnt)} of output map
     * {@code map}, then the epilogue on them. For callers that lay out each chunk's input themselves ({@link PhaseConv}).
     */
    void chunkFrom(float[] x, int xChannels, int[] inChannel, int n0, int cnt, float[] y, int map, ConvEpilogue epilogue) {
        oneChunk(x, 0, xChannels * inPlane, inChannel, cnt, y, n0 * yChannels[map] * hw, map);
        epilogue.applyRange(y, n0, cnt, yChannels[map], hw);
    }

    /**
     * On the calling thread: {@code cnt} (at most {@link #CHUNK}) x images from {@code x[xFirst]}, {@code xImage}
     * floats apart, laid out in this thread's stack and run through every tile into output map {@code map} of
     * {@code out} from offset {@code outBase}.
     */
    private void oneChunk(float[] x, int xFirst, int xImage, int[] inChannel, int cnt, float[] out, int outBase, int map) {
        float[] src = stackBuffer();
        for (int i = 0; i < cnt; i++) stack.fill(x, xFirst + i * xImage, inChannel, src, i);
        int vt = vecIn[cnt - 1].length / V;
        for (int t = 0; t < tileRows.length; t++) rowTile(t, src, cnt, 0, vt, out, outBase, map);
    }

    /** The calling thread's buffer for one chunk's result in {@link #accumulate}. */
    private static final ThreadLocal<float[][]> SUM = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] chunkBuffer(int size) {
        float[][] s = SUM.get();
        if (s[0].length < size) s[0] = new float[size];
        return s[0];
    }

    /** The calling thread's stack buffer, its padding zero for this layer's layout. */
    private float[] stackBuffer() {
        Object[] s = STACK.get();
        float[] buf = (float[]) s[0];
        if (buf.length < stackSize) {
            buf = new float[stackSize];
            s[0] = buf;
        } else if (s[1] != stack) {
            java.util.Arrays.fill(buf, 0, stackSize, 0f);
        }
        s[1] = stack;
        return buf;
    }

    /** Row tile t over vector tiles [v0, v1) of a stack of cnt images; y offsets from outBase. */
    private void rowTile(int t, float[] src, int cnt, int v0, int v1, float[] y, int outBase, int map) {
        int[] in = vecIn[cnt - 1], out = vecOut[map][cnt - 1], rows = rowOut[map];
        if (wide[t]) {
            // the same vectors in pairs: the last pair of a range may take the next range's first vector (rewritten alike)
            for (int i = v0 * V, end = Math.min(v1 * V, cnt * nv); i < end; i += PositionWideKernel.V)
                PositionWideKernel.run(tileRows[t], taps[t].length, a[t], 0, taps[t], src, in[i], in[i + 1],
                        y, rows, rowBias, tileAt[t], outBase + out[i], outBase + out[i + 1]);
            return;
        }
        for (int v = v0; v < v1; v++) {
            int i = v * V;
            PositionMicroKernel.run(tileRows[t], taps[t].length, a[t], 0, taps[t], src, in[i], in[i + 1], in[i + 2],
                    y, rows, rowBias, tileAt[t], outBase + out[i], outBase + out[i + 1], outBase + out[i + 2]);
        }
    }
}
