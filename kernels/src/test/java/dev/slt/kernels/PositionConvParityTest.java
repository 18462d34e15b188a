package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.abs;
import static dev.slt.kernels.ConvTestSupport.assertClose;
import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The layers that run along output positions ({@link PositionConv}: stride 1, rows as wide as the input) against
 * the dense scalar conv on the masked weights: narrow channel counts (1 to 20, tiles of 4 to 8 rows and the
 * repeated rows of shorter ones), map widths that divide 16 or are multiples of it (the row and shifted layouts)
 * and odd ones (vectors straddling rows, a last vector moved back), batches that leave a partial chunk, and
 * 1 or 2 pool threads (over chunks, or over the vector tiles of a chunk when the batch is small).
 */
class PositionConvParityTest {

    @Provide
    Arbitrary<Integer> widths() {
        return Arbitraries.of(1, 2, 3, 4, 5, 7, 8, 9, 12, 14, 16, 17, 20, 32);
    }

    @Provide
    Arbitrary<Integer> kernels() {
        return Arbitraries.of(1, 3, 3, 5);
    }

    /** Geometry with "same" padding, or null when no vector of outputs fits (then the layers take another path). */
    private static ConvGeometry geometry(int batch, int cin, int cout, int h, int w, int k) {
        ConvGeometry g = ConvGeometry.of(batch, cin, h, w, cout, k, 1, k / 2);
        return PlaneStack.fits(g.withBatch(1)) ? g : null;
    }

    @Property(tries = 80, seed = "20261201")
    void slimmedLayersMatchDense(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 20) int cin,
                                 @ForAll @IntRange(min = 1, max = 20) int cout, @ForAll @IntRange(min = 1, max = 17) int h,
                                 @ForAll("widths") int w, @ForAll("kernels") int k, @ForAll @IntRange(min = 1, max = 2) int threads,
                                 @ForAll boolean withBias, @ForAll boolean compactIn, @ForAll boolean compactOut, @ForAll long seed) {
        ConvGeometry g = geometry(batch, cin, cout, h, w, k);
        Assume.that(g != null && PositionConv.pays(g.withBatch(1)));
        Random r = new Random(seed);
        int[] keptIn = subset(r, cin, 1), keptOut = subset(r, cout, 1);
        float[] wt = random(r, g.weightSize()), bias = withBias ? random(r, cout) : null, x = random(r, g.inputSize());
        float[] masked = new float[wt.length];
        int kk = k * k;
        for (int o : keptOut)
            for (int c : keptIn) System.arraycopy(wt, (o * cin + c) * kk, masked, (o * cin + c) * kk, kk);
        float[] expected = dense(g, x, masked, bias), mag = dense(g, abs(x), abs(masked), abs(bias));
        int hw = h * w;
        float[] xIn = compactIn ? channels(x, batch, cin, hw, keptIn) : x;
        float[] want = compactOut ? channels(expected, batch, cout, hw, keptOut) : expected;
        float[] wantMag = compactOut ? channels(mag, batch, cout, hw, keptOut) : mag;
        SlimConv slim = new SlimConv(g, wt, bias, keptIn, keptOut);
        float[] y = withThreads(threads, () -> {
            float[] out = nan(want.length);
            slim.forward(batch, xIn, compactIn, out, compactOut);
            return out;
        });
        assertClose(want, y, wantMag, g.patch(), "slim " + g);
    }

    @Property(tries = 80, seed = "20261202")
    void blockSparseLayersMatchDense(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 20) int cin,
                                     @ForAll @IntRange(min = 1, max = 20) int cout, @ForAll @IntRange(min = 1, max = 17) int h,
                                     @ForAll("widths") int w, @ForAll("kernels") int k, @ForAll @IntRange(min = 1, max = 2) int threads,
                                     @ForAll @IntRange(min = 1, max = 12) int rowTile, @ForAll boolean overlap,
                                     @ForAll boolean withBias, @ForAll long seed) {
        ConvGeometry g = geometry(batch, cin, cout, h, w, k);
        Assume.that(g != null);
        Random r = new Random(seed);
        int patch = g.patch();
        float[] wt = random(r, g.weightSize()), bias = withBias ? random(r, cout) : null, x = random(r, g.inputSize());
        float[] masked = new float[wt.length];
        List<SparseBlock> blocks = new ArrayList<>();
        int[] perm = permutation(r, cout);
        for (int t0 = 0; t0 < cout; t0 += rowTile) {
            if (r.nextInt(5) == 0) continue;
            int[] rows = java.util.Arrays.copyOfRange(perm, t0, Math.min(cout, t0 + rowTile));
            blocks.add(block(r, wt, patch, rows, masked));
        }
        if (overlap) blocks.add(block(r, wt, patch, subset(r, cout, 0), masked));
        BlockSparseConv layer = new BlockSparseConv(g, blocks, bias);
        float[] y = withThreads(threads, () -> {
            float[] out = nan((int) g.outputSize());
            layer.forward(batch, x, out);
            return out;
        });
        assertClose(dense(g, x, masked, bias), y, dense(g, abs(x), abs(masked), abs(bias)), patch, "blocks " + g);
    }

    @Property(tries = 40, seed = "20261203")
    void denseLayersMatchDense(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 20) int cin,
                               @ForAll @IntRange(min = 1, max = 20) int cout, @ForAll @IntRange(min = 1, max = 17) int h,
                               @ForAll("widths") int w, @ForAll("kernels") int k, @ForAll long seed) {
        ConvGeometry g = geometry(batch, cin, cout, h, w, k);
        Assume.that(g != null && PositionConv.pays(g.withBatch(1)));
        Random r = new Random(seed);
        float[] wt = random(r, g.weightSize()), bias = random(r, cout), x = random(r, g.inputSize());
        float[] y = nan((int) g.outputSize());
        new DenseConv(g, wt, bias).forward(batch, x, y);
        assertClose(dense(g, x, wt, bias), y, dense(g, abs(x), abs(wt), abs(bias)), g.patch(), "dense " + g);
    }

    /** Row-disjoint blocks carry the same weights: per (row, column), the sum over blocks is unchanged. */
    @Property(tries = 60, seed = "20261204")
    void disjointBlocksKeepTheWeights(@ForAll @IntRange(min = 1, max = 20) int rows, @ForAll @IntRange(min = 1, max = 30) int patch,
                                      @ForAll @IntRange(min = 0, max = 5) int count, @ForAll long seed) {
        Random r = new Random(seed);
        List<SparseBlock> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            int[] rs = subset(r, rows, 0), cs = subset(r, patch, 0);
            if (r.nextInt(4) == 0 && rs.length > 0) rs = java.util.Arrays.copyOf(rs, rs.length + 1);   // a row listed twice
            blocks.add(new SparseBlock(rs, cs, random(r, (long) rs.length * cs.length)));
        }
        List<SparseBlock> disjoint = BlockRows.disjoint(blocks, rows);
        boolean[] seen = new boolean[rows];
        for (SparseBlock b : disjoint) {
            assertTrue(b.rows().length > 0 && b.cols().length > 0);
            for (int row : b.rows()) {
                assertTrue(!seen[row], "row " + row + " in two blocks");
                seen[row] = true;
            }
        }
        assertArrayEquals(summed(blocks, rows, patch), summed(disjoint, rows, patch), 1e-5f);
    }

    /** Results do not depend on the thread count: each output is summed by one kernel call in a fixed order. */
    @Example
    void sameBitsForOneAndTwoThreads() {
        Random r = new Random(9);
        for (int[] s : new int[][] {{2, 16, 13, 16, 16}, {7, 64, 20, 8, 8}, {4, 9, 7, 7, 7}}) {
            ConvGeometry g = ConvGeometry.of(s[0], s[1], s[3], s[4], s[2], 3, 1, 1);
            float[] wt = random(r, g.weightSize()), bias = random(r, g.outC()), x = random(r, g.inputSize());
            int[] all = java.util.stream.IntStream.range(0, g.outC()).toArray();
            int half = g.outC() / 2;
            var blocks = List.of(SparseBlock.of(wt, g.patch(), java.util.Arrays.copyOf(all, half), subset(r, g.patch(), 1)),
                    SparseBlock.of(wt, g.patch(), java.util.Arrays.copyOfRange(all, half, all.length), subset(r, g.patch(), 1)));
            for (PreparedConv layer : new PreparedConv[] {new DenseConv(g, wt, bias), new BlockSparseConv(g, blocks, bias)}) {
                float[] one = withThreads(1, () -> run(layer, g, x)), two = withThreads(2, () -> run(layer, g, x));
                for (int i = 0; i < one.length; i++)
                    assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(two[i]), layer.getClass().getSimpleName() + " " + i);
            }
        }
    }

    /** Layers share a thread's stack buffer: a layer run after another layout still sees zeros in its padding. */
    @Example
    void aLayerAfterAnotherLayoutGivesTheSameResult() {
        Random r = new Random(11);
        ConvGeometry a = ConvGeometry.of(4, 24, 8, 8, 13, 3, 1, 1), b = ConvGeometry.of(4, 40, 16, 16, 9, 5, 1, 2);
        float[] wa = random(r, a.weightSize()), ba = random(r, a.outC());
        DenseConv first = new DenseConv(a, wa, ba);
        DenseConv other = new DenseConv(b, random(r, b.weightSize()), null);
        float[] x = random(r, a.inputSize()), xb = random(r, b.inputSize());
        for (int i = 0; i < xb.length; i++) xb[i] += 100f;
        float[] before = withThreads(1, () -> run(first, a, x));
        withThreads(1, () -> run(other, b, xb));
        float[] after = withThreads(1, () -> run(first, a, x));
        assertArrayEquals(before, after);
        assertClose(dense(a, x, wa, ba), after, dense(a, abs(x), abs(wa), abs(ba)), a.patch(), "after another layout");
    }

    @Example
    void theRuleTakesMapsWithFewIdleLanesOrNarrowLayers() {
        assertTrue(PositionConv.pays(ConvGeometry.of(1, 32, 16, 16, 7, 3, 1, 1)));
        assertTrue(PositionConv.pays(ConvGeometry.of(1, 64, 8, 8, 256, 3, 1, 1)));
        assertTrue(PositionConv.pays(ConvGeometry.of(1, 32, 14, 14, 256, 3, 1, 1)), "14x14: 196 of 208 lanes");
        assertTrue(PositionConv.pays(ConvGeometry.of(1, 64, 7, 7, 47, 3, 1, 1)), "7x7, narrow");
        assertTrue(!PositionConv.pays(ConvGeometry.of(1, 64, 7, 7, 48, 3, 1, 1)), "7x7: 49 of 64 lanes");
        assertTrue(!PositionConv.pays(ConvGeometry.of(1, 32, 16, 16, 7, 3, 2, 1)), "stride 2");
        assertTrue(!PositionConv.pays(ConvGeometry.of(1, 32, 16, 16, 7, 3, 1, 0)), "rows narrower than the input");
        assertTrue(!PositionConv.pays(ConvGeometry.of(1, 32, 2, 4, 7, 3, 1, 1)), "fewer than 16 outputs");
    }

    @Example
    void theTrainingForwardLeavesWideKernelsOnOddMapsToTheChannelKernels() {
        assertTrue(VectorKernels.forwardAlongPositions(ConvGeometry.of(128, 1, 28, 28, 32, 5, 1, 2)), "1-channel stem");
        assertTrue(VectorKernels.forwardAlongPositions(ConvGeometry.of(128, 64, 8, 8, 64, 3, 1, 1)), "64 channels at 8x8");
        assertTrue(VectorKernels.forwardAlongPositions(ConvGeometry.of(128, 32, 16, 16, 64, 5, 1, 2)), "rows of whole vectors");
        assertTrue(!VectorKernels.forwardAlongPositions(ConvGeometry.of(128, 32, 14, 14, 64, 5, 1, 2)), "5x5 on 14x14: five copies");
    }

    private static float[] run(PreparedConv layer, ConvGeometry g, float[] x) {
        float[] y = new float[(int) g.outputSize()];
        layer.forward(g.batch(), x, y);
        return y;
    }

    private static SparseBlock block(Random r, float[] wt, int patch, int[] rows, float[] masked) {
        int[] cols = subset(r, patch, 0);
        for (int o : rows)
            for (int c : cols) masked[o * patch + c] += wt[o * patch + c];
        return SparseBlock.of(wt, patch, rows, cols);
    }

    private static float[] summed(List<SparseBlock> blocks, int rows, int patch) {
        float[] w = new float[rows * patch];
        for (SparseBlock b : blocks)
            for (int i = 0; i < b.rows().length; i++)
                for (int j = 0; j < b.cols().length; j++) w[b.rows()[i] * patch + b.cols()[j]] += b.weights()[i * b.cols().length + j];
        return w;
    }

    @Example
    void rowTilingCoversEveryRowOnceWithKernelsThatExist() {
        for (int n = 1; n <= 300; n++) {
            int[] t = PositionConv.tiling(n);
            assertEquals(n, java.util.Arrays.stream(t).sum(), "rows of " + n);
            for (int rows : t) assertTrue(rows >= 1 && rows <= PositionWideKernel.MAX_ROWS, n + " rows: tile of " + rows);
            if (n > PositionWideKernel.MAX_ROWS) assertTrue(t.length > 1, n + " rows in one tile");
        }
        assertArrayEquals(new int[] {11}, PositionConv.tiling(11));
        assertArrayEquals(new int[] {8, 8, 11}, PositionConv.tiling(27));
        assertArrayEquals(new int[] {13}, PositionConv.tiling(13));
        assertArrayEquals(new int[] {14}, PositionConv.tiling(14));
        assertArrayEquals(new int[] {8, 7}, PositionConv.tiling(15));
        assertArrayEquals(new int[] {8, 8}, PositionConv.tiling(16));
        assertArrayEquals(new int[] {8, 13}, PositionConv.tiling(21));
        assertArrayEquals(new int[] {8, 8, 7}, PositionConv.tiling(23));
    }

    /** 8x8 and 16-row 4-wide maps: planes of four vectors, laid out by the written-out fill, of gathered channels. */
    @Example
    void fourVectorPlanesOfGatheredChannelsMatchDense() {
        Random r = new Random(13);
        for (int[] hw : new int[][] {{8, 8}, {16, 4}})
            for (int threads = 1; threads <= 2; threads++) {
                ConvGeometry g = ConvGeometry.of(5, 12, hw[0], hw[1], 9, 3, 1, 1);
                int[] keptIn = {0, 3, 4, 7, 11}, keptOut = {1, 2, 5, 8};
                float[] wt = random(r, g.weightSize()), x = random(r, g.inputSize()), masked = new float[wt.length];
                for (int o : keptOut)
                    for (int c : keptIn) System.arraycopy(wt, (o * 12 + c) * 9, masked, (o * 12 + c) * 9, 9);
                SlimConv slim = new SlimConv(g, wt, null, keptIn, keptOut);
                float[] y = withThreads(threads, () -> {
                    float[] out = nan((int) g.outputSize());
                    slim.forward(g.batch(), x, false, out, false);
                    return out;
                });
                assertClose(dense(g, x, masked, null), y, dense(g, abs(x), abs(masked), null), g.patch(), "slim " + g);
            }
    }

    /** Every tile height the tiling makes (1 to 30 output channels: 4- to 14-row tiles), on 8x8 and 16x16 maps. */
    @Example
    void everyOutputChannelCountUpTo30MatchesDense() {
        Random r = new Random(12);
        for (int side : new int[] {8, 16})
            for (int cout = 1; cout <= 30; cout++) {
                ConvGeometry g = ConvGeometry.of(4, 5, side, side, cout, 3, 1, 1);
                float[] wt = random(r, g.weightSize()), bias = random(r, cout), x = random(r, g.inputSize());
                float[] y = withThreads(1, () -> run(new DenseConv(g, wt, bias), g, x));
                assertClose(dense(g, x, wt, bias), y, dense(g, abs(x), abs(wt), abs(bias)), g.patch(), "dense " + g);
            }
    }

    private static <T> T withThreads(int threads, java.util.function.Supplier<T> body) {
        int before = KernelPool.threads();
        try {
            KernelPool.setThreads(threads);
            return body.get();
        } finally {
            KernelPool.setThreads(before);
        }
    }

    /** The given channels of each image of a (batch, c, hw) tensor, in order. */
    private static float[] channels(float[] t, int batch, int c, int hw, int[] keep) {
        float[] out = new float[batch * keep.length * hw];
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < keep.length; i++) System.arraycopy(t, (n * c + keep[i]) * hw, out, (n * keep.length + i) * hw, hw);
        return out;
    }

    private static float[] nan(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static float[] dense(ConvGeometry g, float[] x, float[] w, float[] bias) {
        float[] y = new float[(int) g.outputSize()];
        ScalarConv.conv2dForward(g, x, w, bias, y);
        return y;
    }

    /** A random subset of [0, n) of at least {@code min} elements, sorted or shuffled at random. */
    private static int[] subset(Random r, int n, int min) {
        double keep = r.nextInt(4) == 0 ? 1.0 : r.nextDouble();
        int m = Math.max(min, (int) Math.round(keep * n));
        int[] s = java.util.Arrays.copyOf(permutation(r, n), m);
        if (r.nextBoolean()) java.util.Arrays.sort(s);
        return s;
    }

    private static int[] permutation(Random r, int n) {
        return SyntheticSparsity.permutation(new SplittableRandom(r.nextLong()), n);
    }
}
