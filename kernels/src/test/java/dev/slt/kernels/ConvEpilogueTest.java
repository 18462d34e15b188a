package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A conv with its epilogue fused ({@link PreparedConv#forward(int, float[], float[], ConvEpilogue)}: a constant
 * image, a residual with or without a channel map, ReLU) gives exactly what the conv followed by plain loops gives:
 * the same kernel sums the conv, and the epilogue adds in the same order. Dense and slimmed layers, along positions
 * (stride 1) and not (stride 2), full-size and compact outputs, partial chunks, 1 and 2 threads.
 */
class ConvEpilogueTest {

    @Provide
    Arbitrary<Integer> widths() {
        return Arbitraries.of(4, 7, 8, 9, 16, 17, 32);
    }

    @Property(tries = 60, seed = "20261122")
    void fusedEpilogueEqualsSeparatePasses(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 12) int cin,
                                           @ForAll @IntRange(min = 1, max = 12) int cout, @ForAll @IntRange(min = 2, max = 9) int h,
                                           @ForAll("widths") int w, @ForAll @IntRange(min = 1, max = 2) int stride,
                                           @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll boolean slimmed,
                                           @ForAll boolean withOffset, @ForAll @IntRange(min = 0, max = 2) int residualKind,
                                           @ForAll boolean relu, @ForAll long seed) {
        Random r = new Random(seed);
        ConvGeometry g = new ConvGeometry(batch, cin, h, w, cout, 3, 3, stride, stride, 1, 1, 1);
        float[] wt = random(r, g.weightSize()), bias = random(r, cout), x = random(r, g.inputSize());
        PreparedConv conv;
        if (slimmed) {
            int[] keptIn = subset(r, cin), keptOut = subset(r, cout);
            conv = new SlimConv(g.withBatch(1), wt, bias, keptIn, keptOut);
        } else {
            conv = new DenseConv(g.withBatch(1), wt, bias);
        }
        int hw = g.outH() * g.outW(), image = cout * hw;
        float[] offset = withOffset ? random(r, image) : null;
        // residual: none, shaped like y, or another channel count read through a channel map with gaps
        int rc = residualKind == 2 ? 1 + r.nextInt(12) : cout;
        float[] res = residualKind == 0 ? null : random(r, batch * rc * hw);
        int[] of = null;
        if (residualKind == 2) {
            of = new int[cout];
            for (int c = 0; c < cout; c++) of[c] = r.nextInt(4) == 0 ? -1 : r.nextInt(rc);
        }
        var e = new ConvEpilogue(offset, res, rc, of, relu);

        float[] want = new float[batch * image], got = new float[batch * image];
        withThreads(threads, () -> conv.forward(batch, x, want));
        separately(want, batch, cout, hw, offset, res, rc, of, relu);
        java.util.Arrays.fill(got, Float.NaN);
        withThreads(threads, () -> conv.forward(batch, x, got, e));
        assertArrayEquals(want, got, "fused epilogue on " + g + (slimmed ? " slimmed" : " dense"));
    }

    /**
     * A backend's conv with an eval-mode batch norm (then a residual, then ReLU) as its epilogue equals the conv
     * followed by the batch-norm formula, the add and the max as plain loops, to the bit: on every forward path of
     * {@link VectorKernels} (along positions, the row kernel, the panel kernel, the strided direct kernel: 3x3 and 5x5,
     * stride 1 and 2, maps from 5 to 28 wide) and on {@link ScalarKernels}' separate pass.
     */
    @Property(tries = 60, seed = "20261123")
    void backendConvWithBatchNormEqualsSeparatePasses(@ForAll @IntRange(min = 1, max = 6) int batch, @ForAll @IntRange(min = 1, max = 40) int cin,
                                                      @ForAll @IntRange(min = 1, max = 40) int cout, @ForAll("maps") int side,
                                                      @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll boolean fiveByFive,
                                                      @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll boolean residual,
                                                      @ForAll boolean relu, @ForAll boolean scalar, @ForAll long seed) {
        Random r = new Random(seed);
        int k = fiveByFive ? 5 : 3;
        ConvGeometry g = new ConvGeometry(batch, cin, side, side, cout, k, k, stride, stride, k / 2, k / 2, 1);
        float[] wt = random(r, g.weightSize()), bias = r.nextBoolean() ? random(r, cout) : null, x = random(r, g.inputSize());
        int hw = g.outH() * g.outW();
        float[] mean = random(r, cout), invStd = random(r, cout), gamma = random(r, cout), beta = random(r, cout);
        float[] res = residual ? random(r, batch * cout * hw) : null;
        var norm = new ConvEpilogue.ChannelNorm(mean, invStd, gamma, beta);
        Kernels kernels = scalar ? new ScalarKernels() : new VectorKernels();

        float[] want = new float[batch * cout * hw], got = new float[want.length];
        withThreads(threads, () -> kernels.conv2dForward(g, x, wt, bias, want));
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < cout; c++)
                for (int p = 0; p < hw; p++) {
                    int i = (n * cout + c) * hw + p;
                    float v = (want[i] - mean[c]) * invStd[c] * gamma[c] + beta[c];
                    if (res != null) v += res[i];
                    want[i] = relu ? Math.max(v, 0f) : v;
                }
        java.util.Arrays.fill(got, Float.NaN);
        withThreads(threads, () -> kernels.conv2dForward(g, x, wt, bias, got, ConvEpilogue.batchNorm(norm, res, cout, relu)));
        assertArrayEquals(want, got, "conv + batch norm on " + g + " (" + kernels.getClass().getSimpleName() + ")");
    }

    /** The strip path ({@link StripConv}, 32- and 64-channel layers on 7x7 and 14x14 maps) with its epilogue, odd batches. */
    @Example
    void stripPathWithBatchNormEqualsSeparatePasses() {
        backendConvWithBatchNormEqualsSeparatePasses(3, 20, 64, 7, 1, false, 1, true, true, false, 5L);
        backendConvWithBatchNormEqualsSeparatePasses(5, 32, 32, 14, 1, false, 2, false, true, false, 6L);
        backendConvWithBatchNormEqualsSeparatePasses(2, 16, 32, 28, 1, false, 2, true, false, false, 7L);
    }

    @Provide
    Arbitrary<Integer> maps() {
        return Arbitraries.of(5, 7, 8, 14, 16, 28);
    }

    @Example
    void aBatchNormOfTheWrongWidthIsRefused() {
        var norm = new ConvEpilogue.ChannelNorm(new float[3], new float[3], new float[3], new float[3]);
        assertThrows(IllegalArgumentException.class,
                () -> ConvEpilogue.batchNorm(norm, null, 4, false).apply(new float[4 * 9], 1, 4, 9));
        assertThrows(IllegalArgumentException.class, () -> new ConvEpilogue.ChannelNorm(new float[3], new float[2], new float[3], new float[3]));
    }

    @Example
    void aResidualNeedsItsChannelCount() {
        assertThrows(IllegalArgumentException.class, () -> new ConvEpilogue(null, new float[4], 0, null, false));
    }

    /** The plain loops: + offset, + residual channel, ReLU, one after another. */
    private static void separately(float[] y, int batch, int c, int hw, float[] offset, float[] res, int rc, int[] of, boolean relu) {
        for (int n = 0; n < batch; n++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < hw; p++) {
                    int i = (n * c + ch) * hw + p;
                    float v = y[i];
                    if (offset != null) v += offset[ch * hw + p];
                    int src = of == null ? ch : of[ch];
                    if (res != null && src >= 0) v += res[(n * rc + src) * hw + p];
                    y[i] = relu ? Math.max(v, 0f) : v;
                }
    }

    private static int[] subset(Random r, int n) {
        int[] all = SyntheticSparsity.permutation(new java.util.SplittableRandom(r.nextLong()), n);
        return java.util.Arrays.copyOf(all, 1 + r.nextInt(n));
    }

    private static void withThreads(int threads, Runnable body) {
        int before = KernelPool.threads();
        try {
            KernelPool.setThreads(threads);
            body.run();
        } finally {
            KernelPool.setThreads(before);
        }
    }
}
