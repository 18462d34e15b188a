package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.abs;
import static dev.slt.kernels.ConvTestSupport.assertClose;
import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The sparse conv kernels against the dense scalar conv ({@link ScalarConv}) on the masked weights, for
 * random masks of each pattern (channel: kept rows and input channels; group: row tiles like regroup's ×
 * column subsets; unstructured) and random shapes with tails (channel counts off the 8-row tile and the
 * 16 lanes, odd maps, stride 2, padding 0/1, kernels 1/3/5, patches longer than one K chunk). Each fast
 * kernel and its scalar twin are checked; tolerance: {@link ConvTestSupport#assertClose} over the patch.
 */
class SparseConvParityTest {

    @Provide
    Arbitrary<Integer> inChannels() {
        return Arbitraries.of(1, 3, 8, 9, 17, 33);
    }

    @Provide
    Arbitrary<Integer> outChannels() {
        return Arbitraries.of(1, 5, 8, 9, 16, 17, 24, 50);
    }

    @Provide
    Arbitrary<Integer> kernels() {
        return Arbitraries.of(1, 3, 5);
    }

    private static ConvGeometry geometry(int batch, int cin, int cout, int h, int w, int k, int stride, int pad) {
        return ConvGeometry.of(batch, cin, h, w, cout, k, stride, pad);
    }

    @Property(tries = 60, seed = "20261130")
    void channelSlimmedMatchesDense(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("inChannels") int cin,
                                    @ForAll("outChannels") int cout, @ForAll @IntRange(min = 1, max = 11) int h,
                                    @ForAll @IntRange(min = 1, max = 11) int w, @ForAll("kernels") int k,
                                    @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 1) int pad,
                                    @ForAll boolean withBias, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        Random r = new Random(seed);
        ConvGeometry g = geometry(batch, cin, cout, h, w, k, stride, pad);
        int[] keptIn = subset(r, cin), keptOut = subset(r, cout);
        float[] wt = random(r, g.weightSize()), bias = withBias ? random(r, cout) : null;
        float[] masked = new float[wt.length];
        int kk = k * k;
        for (int o : keptOut)
            for (int c : keptIn) System.arraycopy(wt, (o * cin + c) * kk, masked, (o * cin + c) * kk, kk);
        float[] x = random(r, g.inputSize());
        SlimConv slim = new SlimConv(g, wt, bias, keptIn, keptOut);
        float[] expected = dense(g, x, masked, bias), mag = dense(g, abs(x), abs(masked), abs(bias));
        checkLayer(slim, g, x, expected, mag);
        // compact input and output: the gathered input, the kept rows of the dense result
        int hwIn = h * w, hwOut = g.outH() * g.outW();
        float[] xc = new float[batch * keptIn.length * hwIn];
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < keptIn.length; c++)
                System.arraycopy(x, (n * cin + keptIn[c]) * hwIn, xc, (n * keptIn.length + c) * hwIn, hwIn);
        float[] ec = new float[batch * keptOut.length * hwOut], mc = new float[ec.length];
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < keptOut.length; o++) {
                System.arraycopy(expected, (n * cout + keptOut[o]) * hwOut, ec, (n * keptOut.length + o) * hwOut, hwOut);
                System.arraycopy(mag, (n * cout + keptOut[o]) * hwOut, mc, (n * keptOut.length + o) * hwOut, hwOut);
            }
        for (boolean scalar : new boolean[] {false, true}) {
            float[] yc = new float[ec.length];
            float[] yFull = new float[expected.length];
            if (scalar) {
                slim.forwardScalar(batch, xc, true, yc, true);
                slim.forwardScalar(batch, xc, true, yFull, false);
            } else {
                slim.forward(batch, xc, true, yc, true);
                slim.forward(batch, xc, true, yFull, false);
            }
            assertClose(ec, yc, mc, g.patch(), "slim compact->compact scalar=" + scalar);
            assertClose(expected, yFull, mag, g.patch(), "slim compact->full scalar=" + scalar);
        }
    }

    @Property(tries = 60, seed = "20261131")
    void blockSparseMatchesDense(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("inChannels") int cin,
                                 @ForAll("outChannels") int cout, @ForAll @IntRange(min = 1, max = 11) int h,
                                 @ForAll @IntRange(min = 1, max = 11) int w, @ForAll("kernels") int k,
                                 @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 1) int pad,
                                 @ForAll @IntRange(min = 1, max = 16) int rowTile, @ForAll boolean withBias,
                                 @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        Random r = new Random(seed);
        ConvGeometry g = geometry(batch, cin, cout, h, w, k, stride, pad);
        int patch = g.patch();
        float[] wt = random(r, g.weightSize()), bias = withBias ? random(r, cout) : null;
        float[] masked = new float[wt.length];
        List<SparseBlock> blocks = new ArrayList<>();
        // regroup's shape: a permutation of the rows cut into tiles, each tile with its own column subset;
        // some tiles dropped entirely (rows no block covers)
        int[] perm = permutation(r, cout);
        for (int t0 = 0; t0 < cout; t0 += rowTile) {
            if (r.nextInt(5) == 0) continue;
            int[] rows = java.util.Arrays.copyOfRange(perm, t0, Math.min(cout, t0 + rowTile));
            int[] cols = subset(r, patch);
            blocks.add(SparseBlock.of(wt, patch, rows, cols));
            for (int o : rows)
                for (int c : cols) masked[o * patch + c] = wt[o * patch + c];
        }
        checkMasked(new BlockSparseConv(g, blocks, bias), g, random(r, g.inputSize()), masked, bias);
    }

    @Property(tries = 60, seed = "20261132")
    void csrMatchesDense(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("inChannels") int cin,
                         @ForAll("outChannels") int cout, @ForAll @IntRange(min = 1, max = 11) int h,
                         @ForAll @IntRange(min = 1, max = 11) int w, @ForAll("kernels") int k,
                         @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 1) int pad,
                         @ForAll @IntRange(min = 0, max = 100) int percent, @ForAll boolean withBias, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        Random r = new Random(seed);
        ConvGeometry g = geometry(batch, cin, cout, h, w, k, stride, pad);
        float[] wt = random(r, g.weightSize()), bias = withBias ? random(r, cout) : null;
        for (int i = 0; i < wt.length; i++) if (r.nextInt(100) >= percent) wt[i] = 0f;
        checkMasked(CsrConv.fromDense(g, wt, bias), g, random(r, g.inputSize()), wt, bias);
    }

    @Property(tries = 20, seed = "20261133")
    void denseFallbackMatchesDense(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("inChannels") int cin,
                                   @ForAll("outChannels") int cout, @ForAll @IntRange(min = 1, max = 11) int h,
                                   @ForAll("kernels") int k, @ForAll @IntRange(min = 1, max = 2) int stride,
                                   @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k);
        Random r = new Random(seed);
        ConvGeometry g = geometry(batch, cin, cout, h, h, k, stride, pad);
        float[] wt = random(r, g.weightSize()), bias = random(r, cout);
        checkMasked(new DenseConv(g, wt, bias), g, random(r, g.inputSize()), wt, bias);
    }

    /** A layer whose masked dense weights are {@code masked}: fast and scalar forward against the dense conv. */
    private static void checkMasked(PreparedConv layer, ConvGeometry g, float[] x, float[] masked, float[] bias) {
        checkLayer(layer, g, x, dense(g, x, masked, bias), dense(g, abs(x), abs(masked), abs(bias)));
    }

    private static void checkLayer(PreparedConv layer, ConvGeometry g, float[] x, float[] expected, float[] mag) {
        String name = layer.getClass().getSimpleName();
        float[] y = new float[(int) g.outputSize()];
        java.util.Arrays.fill(y, Float.NaN);
        layer.forward(g.batch(), x, y);
        assertClose(expected, y, mag, g.patch(), name + " vector");
        float[] ys = new float[y.length];
        java.util.Arrays.fill(ys, Float.NaN);
        layer.forwardScalar(g.batch(), x, ys);
        assertClose(expected, ys, mag, g.patch(), name + " scalar");
    }

    private static float[] dense(ConvGeometry g, float[] x, float[] w, float[] bias) {
        float[] y = new float[(int) g.outputSize()];
        ScalarConv.conv2dForward(g, x, w, bias, y);
        return y;
    }

    /** A random subset of [0, n), sorted or shuffled at random, possibly empty. */
    private static int[] subset(Random r, int n) {
        double keep = r.nextInt(4) == 0 ? 1.0 : r.nextDouble();
        int[] perm = permutation(r, n);
        int m = (int) Math.round(keep * n);
        int[] s = java.util.Arrays.copyOf(perm, m);
        if (r.nextBoolean()) java.util.Arrays.sort(s);
        return s;
    }

    private static int[] permutation(Random r, int n) {
        return SyntheticSparsity.permutation(new java.util.SplittableRandom(r.nextLong()), n);
    }

    /** Blocks may overlap: their products add (the first block to reach a row writes it, later ones add). */
    @Example
    void overlappingBlocksAdd() {
        Random r = new Random(5);
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(2, 5, 16, 16, 19, 3, 1, 1), ConvGeometry.of(2, 5, 7, 7, 19, 3, 2, 1)}) {
            float[] wt = random(r, g.weightSize()), bias = random(r, g.outC());
            int patch = g.patch();
            int[] rowsA = {0, 3, 4, 5, 9, 10, 11, 12, 13, 18}, rowsB = {3, 4, 17, 2};
            int[] colsA = {0, 1, 2, 7, 8, 30, 44}, colsB = {1, 2, 3, 40, 44};
            float[] masked = new float[wt.length];
            for (int[][] blk : new int[][][] {{rowsA, colsA}, {rowsB, colsB}})
                for (int o : blk[0])
                    for (int c : blk[1]) masked[o * patch + c] += wt[o * patch + c];
            var blocks = List.of(SparseBlock.of(wt, patch, rowsA, colsA), SparseBlock.of(wt, patch, rowsB, colsB));
            checkMasked(new BlockSparseConv(g, blocks, bias), g, random(r, g.inputSize()), masked, bias);
        }
    }

    @Example
    void macsCountTheKeptWork() {
        ConvGeometry g = ConvGeometry.of(1, 4, 6, 6, 8, 3, 1, 1);
        float[] w = new float[(int) g.weightSize()];
        java.util.Arrays.fill(w, 1f);
        assertEquals(g.macs(), new DenseConv(g, w, null).macsPerImage());
        assertEquals(2L * 3 * 9 * 36, new SlimConv(g, w, null, new int[] {0, 1, 2}, new int[] {3, 5}).macsPerImage());
        var block = SparseBlock.of(w, g.patch(), new int[] {0, 1, 2}, new int[] {0, 7, 20, 35});
        assertEquals(3L * 4 * 36, new BlockSparseConv(g, List.of(block), null).macsPerImage());
        w[0] = 0f;
        assertEquals((g.weightSize() - 1) * 36, CsrConv.fromDense(g, w, null).macsPerImage());
    }

    @Example
    void fromMaskKeepsChannelsWithNonzeros() {
        ConvGeometry g = ConvGeometry.of(1, 3, 4, 4, 4, 1, 1, 0);
        float[] w = new float[12];
        w[1 * 3 + 2] = 1f;
        w[3 * 3 + 0] = 2f;
        SlimConv s = SlimConv.fromMask(g, w, null);
        assertArrayEquals(new int[] {1, 3}, s.keptOut());
        assertArrayEquals(new int[] {0, 2}, s.keptIn());
    }

    @Example
    void badArgumentsAreNamed() {
        ConvGeometry g = ConvGeometry.of(1, 2, 4, 4, 3, 3, 1, 1);
        float[] w = new float[(int) g.weightSize()];
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BlockSparseConv(g, List.of(new SparseBlock(new int[] {3}, new int[] {0}, new float[1])), null));
        assertEquals("block-sparse conv: block 0 has row 3 outside [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlimConv(g, w, null, new int[] {0, 0}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new SparseBlock(new int[] {0, 1}, new int[] {0}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new CsrConv(g, new int[] {0, 1, 1, 1}, new int[] {18}, new float[1], null));
    }
}
