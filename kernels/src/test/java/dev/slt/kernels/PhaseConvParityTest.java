package dev.slt.kernels;

import static dev.slt.kernels.ConvTestSupport.abs;
import static dev.slt.kernels.ConvTestSupport.assertClose;
import static dev.slt.kernels.ConvTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * 3x3 stride-2 layers run as stride-1 ones over the four phases of their input ({@link PhaseConv}) against the
 * scalar conv: channel counts from 1 to 20, even sides whose halves take either plane layout (16 and 32 wide rows,
 * 8, 14 and other widths copied per tap), batches that leave a short chunk, 1 or 2 threads, input slots that pick
 * channels of a wider x, and the epilogue.
 */
class PhaseConvParityTest {

    @Provide
    Arbitrary<Integer> sides() {
        return Arbitraries.of(8, 10, 12, 14, 16, 20, 28, 32);
    }

    @Property(tries = 60, seed = "20261122")
    void matchesTheStridedScalarConv(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 20) int cin,
                                     @ForAll @IntRange(min = 1, max = 20) int cout, @ForAll("sides") int h, @ForAll("sides") int w,
                                     @ForAll @IntRange(min = 1, max = 2) int threads, @ForAll boolean withBias,
                                     @ForAll boolean relu, @ForAll long seed) {
        ConvGeometry g = new ConvGeometry(batch, cin, h, w, cout, 3, 3, 2, 2, 1, 1, 1);
        Assume.that(PhaseConv.fits(g.withBatch(1)));
        Random r = new Random(seed);
        // x images hold one channel more than the layer reads, so slot s reads channel s + 1
        int xChannels = cin + 1, hw = h * w;
        float[] x = random(r, (long) batch * xChannels * hw), wt = random(r, g.weightSize());
        float[] bias = withBias ? random(r, cout) : null;
        int[] inChannel = new int[cin];
        for (int s = 0; s < cin; s++) inChannel[s] = s + 1;
        float[] xs = new float[(int) g.inputSize()];
        for (int n = 0; n < batch; n++)
            System.arraycopy(x, (n * xChannels + 1) * hw, xs, n * cin * hw, cin * hw);
        float[] expected = new float[(int) g.outputSize()], magnitude = new float[expected.length];
        ScalarConv.conv2dForward(g, xs, wt, bias, expected);
        ScalarConv.conv2dForward(g, abs(xs), abs(wt), abs(bias), magnitude);
        if (relu) for (int i = 0; i < expected.length; i++) expected[i] = Math.max(expected[i], 0f);
        int[] rows = PositionConv.identity(cout);
        PhaseConv conv = new PhaseConv(g.withBatch(1), cin, wt, bias, new int[][] {rows}, new int[] {cout});
        float[] actual = random(r, g.outputSize());   // every output is written
        int before = KernelPool.threads();
        KernelPool.setThreads(threads);
        try {
            conv.forward(batch, x, xChannels, inChannel, actual, 0, relu ? ConvEpilogue.RELU : ConvEpilogue.NONE);
        } finally {
            KernelPool.setThreads(before);
        }
        assertClose(expected, actual, magnitude, 9 * cin + 1, "phase conv " + g);
    }

    /** The taps map one to one onto phase columns, and the layers that fit are the 3x3 stride-2 ones with even sides. */
    @Example
    void tapsAndFit() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int c = 0; c < 3; c++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) assertTrue(seen.add(PhaseConv.column(c, ky, kx)), "tap " + c + "," + ky + "," + kx);
        assertTrue(PhaseConv.fits(ConvGeometry.of(1, 16, 32, 32, 32, 3, 2, 1)));
        assertTrue(PhaseConv.fits(ConvGeometry.of(1, 32, 16, 16, 64, 3, 2, 1)));
        assertTrue(PhaseConv.fits(ConvGeometry.of(1, 16, 28, 28, 32, 3, 2, 1)));
        assertFalse(PhaseConv.fits(ConvGeometry.of(1, 16, 15, 15, 32, 3, 2, 1)), "odd sides");
        assertFalse(PhaseConv.fits(ConvGeometry.of(1, 16, 32, 32, 32, 3, 1, 1)), "stride 1");
        assertFalse(PhaseConv.fits(ConvGeometry.of(1, 16, 32, 32, 32, 1, 2, 0)), "1x1");
        assertFalse(PhaseConv.fits(ConvGeometry.of(1, 16, 32, 32, 32, 3, 2, 0)), "no padding");
    }

    /**
     * The prepared layers that take the phase path: the dense layer (with an epilogue) and slimmed ones (kept input
     * channels picked from a full or compact input, compact or full output) at CIFAR ResNet shapes, against their
     * scalar oracles; a 7-image batch ends in a short chunk.
     */
    @Example
    void preparedLayersTakeThePhasePath() {
        Random r = new Random(23);
        int batch = 7;
        ConvGeometry[] shapes = {ConvGeometry.of(1, 16, 32, 32, 32, 3, 2, 1), ConvGeometry.of(1, 32, 16, 16, 64, 3, 2, 1)};
        for (ConvGeometry g : shapes) {
            float[] wt = random(r, g.weightSize()), bias = random(r, g.outC()), x = random(r, (long) batch * g.inputSize());
            ConvGeometry gb = g.withBatch(batch);
            float[] expected = new float[(int) gb.outputSize()], magnitude = new float[expected.length];
            ScalarConv.conv2dForward(gb, x, wt, bias, expected);
            ScalarConv.conv2dForward(gb, abs(x), abs(wt), abs(bias), magnitude);
            for (int i = 0; i < expected.length; i++) expected[i] = Math.max(expected[i], 0f);
            assertTrue(PhaseConv.fits(g), "fits: " + g);
            float[] actual = random(r, gb.outputSize());
            new DenseConv(g, wt, bias).forward(batch, x, actual, ConvEpilogue.RELU);
            assertClose(expected, actual, magnitude, g.patch() + 1, "dense " + g);
            int[] keptIn = java.util.stream.IntStream.range(0, g.inC()).filter(c -> c % 5 != 2).toArray();
            int[] keptOut = java.util.stream.IntStream.range(0, g.outC()).filter(o -> o % 3 != 1).toArray();
            SlimConv slim = new SlimConv(g, wt, bias, keptIn, keptOut), slimAbs = new SlimConv(g, abs(wt), abs(bias), keptIn, keptOut);
            for (boolean compactOut : new boolean[] {false, true}) {
                int outLen = (int) ((long) batch * (compactOut ? keptOut.length : g.outC()) * g.outH() * g.outW());
                float[] want = new float[outLen], got = random(r, outLen), mag = new float[outLen];
                slim.forwardScalar(batch, x, false, want, compactOut);
                slimAbs.forwardScalar(batch, abs(x), false, mag, compactOut);
                slim.forward(batch, x, false, got, compactOut);
                assertClose(want, got, mag, g.patch() + 1, "slim " + g + " compact output " + compactOut);
            }
        }
    }
}
