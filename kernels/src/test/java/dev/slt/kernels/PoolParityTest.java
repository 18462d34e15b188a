package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.abs;
import static dev.slt.kernels.ConvTestSupport.assertClose;
import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * VectorPool against the ScalarPool oracle: max pool (values and argmax exactly, ties and padding
 * included), average pool, global average pool; backward passes accumulate into pre-filled arrays.
 */
class PoolParityTest {

    /** Values from a small set (and an occasional NaN), so windows have ties and argmax must pick the first maximum. */
    private static float[] coarse(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(40) == 0 ? Float.NaN : r.nextInt(5) - 2;
        return a;
    }

    /**
     * The 2x2 stride-2 fast paths on tied and NaN values, over several planes and odd sizes: planes of fewer than
     * one vector of outputs (scalar), and of one or more (gathered; 7x7 outputs end with a vector moved back, 9x11
     * inputs drop their last row and column).
     */
    @Example
    void maxPool2x2FastPathMatchesScalarOnTies() {
        Random r = new Random(3);
        for (int[] s : new int[][] {{3, 4, 4}, {5, 7, 9}, {70, 6, 10}, {4, 28, 28}, {3, 14, 14}, {2, 9, 11}, {5, 8, 8}, {2, 16, 34}}) {
            PoolGeometry g = PoolGeometry.of(s[0], s[1], s[2], 2, 2, 0);
            float[] x = coarse(r, s[0] * s[1] * s[2]);
            float[] yS = new float[g.outputSize()], yV = new float[g.outputSize()];
            int[] aS = new int[yS.length], aV = new int[yS.length];
            ScalarPool.maxPool2dForward(g, x, yS, aS);
            VectorPool.maxPool2dForward(g, x, yV, aV);
            assertArrayEquals(yS, yV);
            assertArrayEquals(aS, aV);
        }
    }

    @Property(tries = 150, seed = "20261125")
    void maxPoolMatchesScalar(@ForAll @IntRange(min = 0, max = 40) int planes, @ForAll @IntRange(min = 1, max = 13) int h,
                              @ForAll @IntRange(min = 1, max = 13) int w, @ForAll @IntRange(min = 1, max = 4) int k,
                              @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                              @ForAll boolean ties, @ForAll long seed) {
        Assume.that(2 * pad <= k && h + 2 * pad >= k && w + 2 * pad >= k);
        PoolGeometry g = PoolGeometry.of(planes, h, w, k, stride, pad);
        Random r = new Random(seed);
        int n = planes * h * w;
        float[] x = ties ? coarse(r, n) : random(r, n);
        float[] yS = new float[g.outputSize()], yV = random(r, g.outputSize());
        int[] aS = new int[yS.length], aV = new int[yS.length];
        ScalarPool.maxPool2dForward(g, x, yS, aS);
        VectorPool.maxPool2dForward(g, x, yV, aV);
        assertArrayEquals(yS, yV, "max " + g);
        assertArrayEquals(aS, aV, "argmax " + g);

        float[] dy = random(r, yS.length), dx0 = random(r, n);
        float[] dxS = dx0.clone(), dxV = dx0.clone();
        ScalarPool.maxPool2dBackward(g, dy, aS, dxS);
        VectorPool.maxPool2dBackward(g, dy, aV, dxV);
        assertArrayEquals(dxS, dxV, "max backward " + g);
    }

    @Property(tries = 150, seed = "20261126")
    void avgPoolMatchesScalar(@ForAll @IntRange(min = 0, max = 40) int planes, @ForAll @IntRange(min = 1, max = 13) int h,
                              @ForAll @IntRange(min = 1, max = 13) int w, @ForAll @IntRange(min = 1, max = 4) int k,
                              @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                              @ForAll long seed) {
        Assume.that(2 * pad <= k && h + 2 * pad >= k && w + 2 * pad >= k);
        PoolGeometry g = PoolGeometry.of(planes, h, w, k, stride, pad);
        Random r = new Random(seed);
        int n = planes * h * w;
        float[] x = random(r, n);
        float[] yS = new float[g.outputSize()], yV = random(r, g.outputSize()), mag = new float[yS.length];
        ScalarPool.avgPool2dForward(g, x, yS);
        ScalarPool.avgPool2dForward(g, abs(x), mag);
        VectorPool.avgPool2dForward(g, x, yV);
        assertClose(yS, yV, mag, k * k, "avg " + g);

        float[] dy = random(r, yS.length), dx0 = random(r, n);
        float[] dxS = dx0.clone(), dxV = dx0.clone(), dmag = abs(dx0);
        ScalarPool.avgPool2dBackward(g, dy, dxS);
        ScalarPool.avgPool2dBackward(g, abs(dy), dmag);
        VectorPool.avgPool2dBackward(g, dy, dxV);
        assertClose(dxS, dxV, dmag, k * k + 1, "avg backward " + g);
    }

    @Property(tries = 60, seed = "20261127")
    void globalAvgPoolMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int planes,
                                    @ForAll @IntRange(min = 1, max = 300) int hw, @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = random(r, (long) planes * hw);
        float[] yS = new float[planes], yV = random(r, planes), mag = new float[planes];
        ScalarPool.globalAvgPoolForward(planes, hw, x, yS);
        ScalarPool.globalAvgPoolForward(planes, hw, abs(x), mag);
        VectorPool.globalAvgPoolForward(planes, hw, x, yV);
        assertClose(yS, yV, mag, hw, "global avg");

        float[] dy = random(r, planes), dx0 = random(r, (long) planes * hw);
        float[] dxS = dx0.clone(), dxV = dx0.clone(), dmag = abs(dx0);
        ScalarPool.globalAvgPoolBackward(planes, hw, dy, dxS);
        ScalarPool.globalAvgPoolBackward(planes, hw, abs(dy), dmag);
        VectorPool.globalAvgPoolBackward(planes, hw, dy, dxV);
        assertClose(dxS, dxV, dmag, 2, "global avg backward");
    }

    /** The option-A shortcut is a copy and a one-term scatter: vector equals scalar exactly, stride 1 included. */
    @Property(tries = 100, seed = "20261128")
    void subsamplePadMatchesScalar(@ForAll @IntRange(min = 0, max = 5) int batch, @ForAll @IntRange(min = 1, max = 9) int inC,
                                   @ForAll @IntRange(min = 0, max = 4) int padBefore, @ForAll @IntRange(min = 0, max = 4) int padAfter,
                                   @ForAll @IntRange(min = 1, max = 13) int h, @ForAll @IntRange(min = 1, max = 13) int w,
                                   @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll long seed) {
        Random r = new Random(seed);
        int outC = padBefore + inC + padAfter, oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1;
        float[] x = random(r, (long) batch * inC * h * w);
        float[] yS = random(r, (long) batch * outC * oh * ow), yV = random(r, yS.length);
        ScalarPool.subsamplePadForward(batch, inC, h, w, stride, outC, padBefore, x, yS);
        VectorPool.subsamplePadForward(batch, inC, h, w, stride, outC, padBefore, x, yV);
        assertArrayEquals(yS, yV, "subsamplePad forward");
        if (batch > 0) assertEquals(x[0], yS[padBefore * oh * ow], "first copied value");

        float[] dy = random(r, yS.length), dx0 = random(r, x.length), dxS = dx0.clone(), dxV = dx0.clone();
        ScalarPool.subsamplePadBackward(batch, inC, h, w, stride, outC, padBefore, dy, dxS);
        VectorPool.subsamplePadBackward(batch, inC, h, w, stride, outC, padBefore, dy, dxV);
        assertArrayEquals(dxS, dxV, "subsamplePad backward");
        if (batch > 0) assertEquals(dx0[0] + dy[padBefore * oh * ow], dxS[0], "first scattered value");
    }

    /** Padding is -inf: a window of negatives next to the border still picks a real element. */
    @Example
    void maxPoolPaddingIsMinusInfinityAndFirstMaxWins() {
        PoolGeometry g = PoolGeometry.of(1, 2, 2, 3, 1, 1);
        float[] x = {-5, -3, -3, -7};
        float[] y = new float[4];
        int[] arg = new int[4];
        VectorPool.maxPool2dForward(g, x, y, arg);
        assertArrayEquals(new float[] {-3, -3, -3, -3}, y);
        assertArrayEquals(new int[] {1, 1, 1, 1}, arg);
    }

    /** The Fashion-MNIST pool: 2x2 stride 2 over 64 x 32 planes of 28 x 28, enough to run on two threads. */
    @Example
    void largePoolRunsParallelAndMatches() {
        PoolGeometry g = PoolGeometry.of(64 * 32, 28, 28, 2, 2, 0);
        Random r = new Random(5);
        float[] x = random(r, 64L * 32 * 28 * 28);
        float[] yS = new float[g.outputSize()], yV = new float[g.outputSize()];
        int[] aS = new int[yS.length], aV = new int[yS.length];
        ScalarPool.maxPool2dForward(g, x, yS, aS);
        VectorPool.maxPool2dForward(g, x, yV, aV);
        assertArrayEquals(yS, yV);
        assertArrayEquals(aS, aV);
    }
}
