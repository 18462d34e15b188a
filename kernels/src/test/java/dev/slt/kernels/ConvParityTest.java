package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.abs;
import static dev.slt.kernels.ConvTestSupport.assertClose;
import static dev.slt.kernels.ConvTestSupport.plus;
import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * VectorConv against the ScalarConv oracle: forward (with and without bias), data gradient and weight
 * gradient, over random geometries (stride 1-2, padding 0-2, kernel 1-5, groups 1 / depthwise / 2,
 * odd sizes, batch 0-3, awkward channel counts). Backward results are checked on gradient arrays that
 * already hold values, so accumulation (+=) is part of the contract tested. Tolerance: see
 * {@link ConvTestSupport#assertClose}.
 */
class ConvParityTest {

    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.of(1, 3, 15, 16, 17, 32, 33);
    }

    /** groupMode 0: groups 1; 1: depthwise (groups = C_in = C_out = a); 2: groups 2 (C_in = 2a, C_out = 2b). */
    static ConvGeometry geometry(int batch, int a, int b, int h, int w, int k, int stride, int pad, int groupMode) {
        int inC = groupMode == 2 ? 2 * a : a, outC = groupMode == 1 ? a : groupMode == 2 ? 2 * b : b;
        int groups = groupMode == 0 ? 1 : groupMode == 1 ? a : 2;
        return new ConvGeometry(batch, inC, h, w, outC, k, k, stride, stride, pad, pad, groups);
    }

    @Property(tries = 120, seed = "20261121")
    void forwardMatchesScalar(@ForAll @IntRange(min = 0, max = 3) int batch, @ForAll("channels") int a,
                              @ForAll("channels") int b, @ForAll @IntRange(min = 1, max = 11) int h,
                              @ForAll @IntRange(min = 1, max = 11) int w, @ForAll @IntRange(min = 1, max = 5) int k,
                              @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                              @ForAll @IntRange(min = 0, max = 2) int groupMode, @ForAll boolean withBias,
                              @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        checkForward(geometry(batch, a, b, h, w, k, stride, pad, groupMode), withBias, new Random(seed));
    }

    @Property(tries = 120, seed = "20261122")
    void backwardInputMatchesScalar(@ForAll @IntRange(min = 0, max = 3) int batch, @ForAll("channels") int a,
                                    @ForAll("channels") int b, @ForAll @IntRange(min = 1, max = 11) int h,
                                    @ForAll @IntRange(min = 1, max = 11) int w, @ForAll @IntRange(min = 1, max = 5) int k,
                                    @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                                    @ForAll @IntRange(min = 0, max = 2) int groupMode, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        checkBackwardInput(geometry(batch, a, b, h, w, k, stride, pad, groupMode), new Random(seed));
    }

    @Property(tries = 120, seed = "20261123")
    void backwardWeightMatchesScalar(@ForAll @IntRange(min = 0, max = 3) int batch, @ForAll("channels") int a,
                                     @ForAll("channels") int b, @ForAll @IntRange(min = 1, max = 11) int h,
                                     @ForAll @IntRange(min = 1, max = 11) int w, @ForAll @IntRange(min = 1, max = 5) int k,
                                     @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                                     @ForAll @IntRange(min = 0, max = 2) int groupMode, @ForAll boolean withBias,
                                     @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        checkBackwardWeight(geometry(batch, a, b, h, w, k, stride, pad, groupMode), withBias, new Random(seed));
    }

    @Provide
    Arbitrary<Integer> wideChannels() {
        return Arbitraries.of(64, 65, 79, 96, 130);
    }

    /**
     * The packed-panel path (64+ channels on the side the kernel vectorises; the forward at stride 1 or 2, whose
     * panel copies gather every second input): channel tiles of 4, 2 and 1 vectors, maps whose rows are longer
     * than a vector (copy runs split) or a single column, position counts that leave partial 48-position panels and
     * partial sub-blocks, and tap chunks; the weight gradient of the wide layers (4-vector channel tiles).
     */
    @Property(tries = 60, seed = "20261124")
    void panelPathMatchesScalar(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll("channels") int narrow,
                                @ForAll("wideChannels") int wide, @ForAll @IntRange(min = 1, max = 19) int h,
                                @ForAll @IntRange(min = 1, max = 19) int w, @ForAll @IntRange(min = 1, max = 5) int k,
                                @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean groups2,
                                @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        int mode = groups2 ? 2 : 0;
        Random r = new Random(seed);
        checkForward(geometry(batch, narrow, wide, h, w, k, stride, pad, mode), true, r);
        checkBackwardInput(geometry(batch, wide, narrow, h, w, k, 1, pad, mode), r);
        checkBackwardWeight(geometry(batch, narrow, wide, h, w, k, stride, pad, mode), true, r);
    }

    @Provide
    Arbitrary<Integer> stripChannels() {
        return Arbitraries.of(32, 64, 96);
    }

    @Provide
    Arbitrary<Integer> stripWidths() {
        return Arbitraries.of(7, 14, 21, 28);
    }

    /**
     * The strip path ({@link StripConv}: output rows a multiple of 7 wide, whole 32-channel tiles): kernels 1 to 5
     * with any padding, stride 1 and 2 (odd and even inputs), images with an odd number of half-strips (pairs across
     * two images) and batches that end in a short chunk, rows of one to four half-strips, maps one row high; the data
     * gradient of the same layers too.
     */
    @Property(tries = 50, seed = "20261125")
    void stripPathMatchesScalar(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("channels") int cin,
                                @ForAll("stripChannels") int cout, @ForAll @IntRange(min = 1, max = 9) int oh,
                                @ForAll("stripWidths") int ow, @ForAll @IntRange(min = 0, max = 2) int k2,
                                @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @IntRange(min = 1, max = 2) int stride,
                                @ForAll boolean oddInput, @ForAll boolean withBias, @ForAll long seed) {
        int k = 2 * k2 + 1, extra = stride == 2 && oddInput ? 1 : 0;
        Assume.that(pad <= k2);
        ConvGeometry g = new ConvGeometry(batch, cin, stride * (oh - 1) + k - 2 * pad + extra, stride * (ow - 1) + k - 2 * pad + extra,
                cout, k, k, stride, stride, pad, pad, 1);
        Assume.that(g.inH() >= 1 && g.inW() >= 1);
        assertTrue(VectorConv.stripPath(g, cout), "takes the strip path: " + g);
        Random r = new Random(seed);
        checkForward(g, withBias, r);
        checkBackwardInput(g, r);
    }

    /** The benchmark layers (batch 1, so the oracle stays fast): 64-channel tiles and 5x5 kernels. */
    @Example
    void benchmarkShapesMatchScalar() {
        ConvGeometry[] shapes = {ConvGeometry.of(1, 16, 32, 32, 16, 3, 1, 1), ConvGeometry.of(1, 32, 16, 16, 32, 3, 1, 1),
                ConvGeometry.of(1, 64, 8, 8, 64, 3, 1, 1), ConvGeometry.of(1, 1, 28, 28, 32, 5, 1, 2),
                ConvGeometry.of(1, 32, 14, 14, 64, 5, 1, 2), ConvGeometry.of(2, 16, 32, 32, 32, 3, 2, 1),
                ConvGeometry.of(2, 16, 28, 28, 32, 3, 2, 1), ConvGeometry.of(2, 32, 14, 14, 64, 3, 2, 1)};
        Random r = new Random(7);
        for (ConvGeometry g : shapes) {
            checkForward(g, true, r);
            checkBackwardInput(g, r);
            checkBackwardWeight(g, true, r);
        }
    }

    /**
     * Layers the engine's kernels run along output positions ({@link PositionConv}: forward, and the data gradient
     * accumulated chunk by chunk): the training shapes of ResNet-20 on 28x28 and 32x32 inputs, odd channel
     * counts, and batches that end in a short chunk.
     */
    @Example
    void positionPathsMatchScalar() {
        Random r = new Random(17);
        ConvGeometry[] shapes = {ConvGeometry.of(5, 1, 28, 28, 16, 3, 1, 1), ConvGeometry.of(4, 16, 28, 28, 16, 3, 1, 1),
                ConvGeometry.of(7, 32, 14, 14, 32, 3, 1, 1), ConvGeometry.of(4, 17, 16, 16, 33, 3, 1, 1),
                ConvGeometry.of(2, 64, 8, 8, 64, 3, 1, 1), ConvGeometry.of(3, 5, 8, 8, 7, 5, 1, 2)};
        for (ConvGeometry g : shapes) {
            assertTrue(PositionConv.pays(g) || PositionConv.pays(PositionConv.dataGradient(g)), "takes a position path: " + g);
            checkForward(g, true, r);
            checkBackwardInput(g, r);
        }
    }

    /** Stride-2 3x3 layers whose data gradient runs by phases ({@link StridedDataGradient}), incl. short chunks. */
    @Example
    void stridedDataGradientByPhasesMatchesScalar() {
        Random r = new Random(19);
        ConvGeometry[] shapes = {ConvGeometry.of(5, 16, 28, 28, 32, 3, 2, 1), ConvGeometry.of(4, 32, 14, 14, 64, 3, 2, 1),
                ConvGeometry.of(3, 5, 8, 8, 7, 3, 2, 1), ConvGeometry.of(7, 3, 8, 10, 9, 3, 2, 1)};
        for (ConvGeometry g : shapes) {
            assertTrue(StridedDataGradient.fits(g), "runs by phases: " + g);
            checkBackwardInput(g, r);
        }
        assertTrue(!StridedDataGradient.fits(ConvGeometry.of(1, 8, 9, 9, 8, 3, 2, 1)), "odd input");
        assertTrue(!StridedDataGradient.fits(ConvGeometry.of(1, 8, 8, 8, 8, 3, 2, 0)), "no padding");
    }

    /** Non-square kernel, stride and padding, and padding larger than kernel-1 (taps that only see zeros). */
    @Example
    void asymmetricAndOverPaddedGeometries() {
        Random r = new Random(11);
        ConvGeometry[] shapes = {new ConvGeometry(2, 5, 7, 9, 18, 2, 4, 2, 1, 1, 2, 1),
                new ConvGeometry(1, 3, 4, 4, 4, 1, 1, 1, 1, 2, 2, 1), new ConvGeometry(2, 6, 5, 6, 66, 3, 1, 3, 1, 0, 1, 3)};
        for (ConvGeometry g : shapes) {
            checkForward(g, true, r);
            checkBackwardInput(g, r);
            checkBackwardWeight(g, true, r);
        }
    }

    /** Batches longer than the weight gradient's 8-image chunks, on both kernel paths (64+ channels, stride 2). */
    @Example
    void batchesSpanningSeveralChunks() {
        Random r = new Random(13);
        ConvGeometry[] shapes = {new ConvGeometry(19, 4, 5, 6, 65, 3, 3, 1, 1, 1, 1, 1),
                new ConvGeometry(17, 3, 7, 7, 5, 3, 3, 2, 2, 1, 1, 1), ConvGeometry.of(9, 2, 6, 6, 3, 3, 1, 1)};
        for (ConvGeometry g : shapes) {
            checkForward(g, true, r);
            checkBackwardInput(g, r);
            checkBackwardWeight(g, true, r);
        }
    }

    private static void checkForward(ConvGeometry g, boolean withBias, Random r) {
        float[] x = random(r, g.inputSize()), w = random(r, g.weightSize());
        float[] bias = withBias ? random(r, g.outC()) : null;
        float[] expected = new float[(int) g.outputSize()], magnitude = new float[expected.length];
        ScalarConv.conv2dForward(g, x, w, bias, expected);
        ScalarConv.conv2dForward(g, abs(x), abs(w), abs(bias), magnitude);
        float[] actual = random(r, g.outputSize());   // forward overwrites whatever was there
        VectorConv.conv2dForward(g, x, w, bias, actual);
        assertClose(expected, actual, magnitude, g.patch() + 1, "forward " + g);
        float[] dispatched = random(r, g.outputSize());
        new VectorKernels().conv2dForward(g, x, w, bias, dispatched);
        assertClose(expected, dispatched, magnitude, g.patch() + 1, "vector kernels forward " + g);
    }

    private static void checkBackwardInput(ConvGeometry g, Random r) {
        float[] dy = random(r, g.outputSize()), w = random(r, g.weightSize()), dx0 = random(r, g.inputSize());
        float[] expected = dx0.clone(), magnitude = abs(dx0);
        ScalarConv.conv2dBackwardInput(g, dy, w, expected);
        ScalarConv.conv2dBackwardInput(g, abs(dy), abs(w), magnitude);
        float[] actual = dx0.clone();
        VectorConv.conv2dBackwardInput(g, dy, w, actual);
        assertClose(expected, actual, magnitude, g.outPerGroup() * g.kh() * g.kw() + 1, "backward input " + g);
        float[] dispatched = dx0.clone();
        new VectorKernels().conv2dBackwardInput(g, dy, w, dispatched);
        assertClose(expected, dispatched, magnitude, g.outPerGroup() * g.kh() * g.kw() + 1, "vector kernels backward input " + g);
        // overwriting a dx full of NaN: the values of adding to a zeroed dx (a zero's sign may differ)
        float[] added = new float[dx0.length], written = new float[dx0.length];
        java.util.Arrays.fill(written, Float.NaN);
        new VectorKernels().conv2dBackwardInput(g, dy, w, added);
        new VectorKernels().conv2dBackwardInputOverwrite(g, dy, w, written);
        for (int i = 0; i < added.length; i++)
            if (added[i] != written[i]) throw new AssertionError("backward input overwrite " + g + " at " + i + ": " + written[i] + " vs " + added[i]);
    }

    private static void checkBackwardWeight(ConvGeometry g, boolean withBias, Random r) {
        float[] x = random(r, g.inputSize()), dy = random(r, g.outputSize()), dw0 = random(r, g.weightSize());
        float[] db0 = withBias ? random(r, g.outC()) : null;
        float[] expected = dw0.clone(), magnitude = abs(dw0);
        float[] dbExpected = withBias ? db0.clone() : null, dbMagnitude = abs(db0);
        ScalarConv.conv2dBackwardWeight(g, x, dy, expected, dbExpected);
        ScalarConv.conv2dBackwardWeight(g, abs(x), abs(dy), magnitude, null);
        float[] actual = dw0.clone(), dbActual = withBias ? db0.clone() : null;
        VectorConv.conv2dBackwardWeight(g, x, dy, actual, dbActual);
        int terms = g.batch() * g.outH() * g.outW() + 1;
        assertClose(expected, actual, magnitude, terms, "backward weight " + g);
        if (withBias) {
            float[] ones = new float[g.outC()];
            java.util.Arrays.fill(ones, 1f);
            float[] dyAbsSum = dbMagnitude.clone();
            ScalarConv.conv2dBackwardWeight(g, new float[(int) g.inputSize()], abs(dy), new float[(int) g.weightSize()], dyAbsSum);
            assertClose(dbExpected, dbActual, dyAbsSum, terms, "backward bias " + g);
        }
    }

    @Property(tries = 80, seed = "20261124")
    void im2colAndCol2imMatchScalarAndAreAdjoint(@ForAll @IntRange(min = 1, max = 4) int c,
                                                 @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                                                 @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                                 @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        Assume.that(h + 2 * pad >= k && w + 2 * pad >= k);
        ConvGeometry g = new ConvGeometry(1, c, h, w, 1, k, k, stride, stride, pad, pad, 1);
        Random r = new Random(seed);
        int rows = c * k * k, n = g.outH() * g.outW(), off = 3;
        float[] x = random(r, off + g.inputSize());
        float[] colsS = random(r, off + (long) rows * n), colsV = colsS.clone();
        ScalarConv.im2col(g, x, off, colsS, off);
        VectorConv.im2col(g, x, off, colsV, off);
        org.junit.jupiter.api.Assertions.assertArrayEquals(colsS, colsV, "im2col " + g);

        float[] cIn = random(r, off + (long) rows * n), x0 = random(r, off + g.inputSize());
        float[] foldS = x0.clone(), foldV = x0.clone();
        ScalarConv.col2im(g, cIn, off, foldS, off);
        VectorConv.col2im(g, cIn, off, foldV, off);
        float[] mag = abs(x0);
        ScalarConv.col2im(g, abs(cIn), off, mag, off);
        assertClose(foldS, foldV, mag, k * k + 1, "col2im " + g);

        // adjoint: <im2col(x), c> == <x, col2im(c)>, both in double
        double lhs = 0, rhs = 0, absSum = 0;
        for (int i = 0; i < rows * n; i++) {
            lhs += (double) colsS[off + i] * cIn[off + i];
            absSum += Math.abs((double) colsS[off + i] * cIn[off + i]);
        }
        float[] fold = new float[(int) (off + g.inputSize())];
        ScalarConv.col2im(g, cIn, off, fold, off);
        for (int i = 0; i < g.inputSize(); i++) rhs += (double) x[off + i] * fold[off + i];
        org.junit.jupiter.api.Assertions.assertEquals(lhs, rhs, 1e-5 * (1 + absSum), "adjoint " + g);
    }

    @Example
    void emptyBatchTouchesNothing() {
        ConvGeometry g = ConvGeometry.of(0, 3, 5, 5, 4, 3, 1, 1);
        float[] dw = {1, 2, 3};
        VectorConv.conv2dForward(g, new float[0], new float[(int) g.weightSize()], null, new float[0]);
        VectorConv.conv2dBackwardInput(g, new float[0], new float[(int) g.weightSize()], new float[0]);
        VectorConv.conv2dBackwardWeight(g, new float[0], new float[0], dw, null);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3}, dw);
    }
}
