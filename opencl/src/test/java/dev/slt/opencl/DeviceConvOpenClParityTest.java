package dev.slt.opencl;

import static dev.slt.opencl.OpenClTestSupport.assertClose;
import static dev.slt.opencl.OpenClTestSupport.assertRanOnDevice;
import static dev.slt.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.CsrConv;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.ScalarKernels;
import dev.slt.kernels.SlimConv;
import dev.slt.kernels.SyntheticSparsity;
import dev.slt.kernels.SyntheticSparsity.Pattern;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batched im2col and the device twins of the dense, slimmed and block-sparse convs against the CPU convs'
 * plain loops, on random shapes (strides, padding, odd sizes, batch 1..3); CSR has no twin and stays on the CPU.
 */
class DeviceConvOpenClParityTest {

    @Test
    void batchedIm2colOnTheCpuPathPutsEachImageInItsColumns() {
        SplittableRandom rnd = new SplittableRandom(40);
        ScalarKernels s = new ScalarKernels();
        for (int t = 0; t < 20; t++) {
            ConvGeometry g = geometry(rnd);
            int batch = 1 + rnd.nextInt(3);
            float[] x = random(rnd, (int) g.withBatch(batch).inputSize());
            float[] got = new float[g.patch() * batch * g.outH() * g.outW()];
            OpenClKernels.im2colBatch(s, g, batch, x, got);
            assertClose(expectedCols(g, batch, x), got, "cpu im2col batch " + batch + " " + g);
        }
    }

    @Test
    void batchedIm2colOnTheDevice() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(41);
        for (int t = 0; t < 20; t++) {
            ConvGeometry g = geometry(rnd);
            int batch = 1 + rnd.nextInt(3);
            float[] x = random(rnd, (int) g.withBatch(batch).inputSize());
            float[] got = new float[g.patch() * batch * g.outH() * g.outW()];
            k.im2colBatch(g, batch, x, got);
            assertClose(expectedCols(g, batch, x), got, "im2col batch " + batch + " " + g);
        }
        assertRanOnDevice(k);
    }

    @Test
    void twinsEqualTheCpuConvs() {
        OpenClKernels k = OpenClTestSupport.kernels();
        OpenClConvs device = new OpenClConvs(k);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int t = 0; t < 12; t++) {
            ConvGeometry g = geometry(rnd);
            int batch = 1 + rnd.nextInt(3);
            float[] w = random(rnd, (int) g.weightSize()), bias = rnd.nextBoolean() ? random(rnd, g.outC()) : null;
            float[] x = random(rnd, (int) g.withBatch(batch).inputSize());
            double density = 0.2 + 0.8 * rnd.nextDouble();
            check(device.place(new DenseConv(g, w, bias)), batch, x, "dense " + g);
            for (Pattern p : new Pattern[] {Pattern.CHANNEL, Pattern.GROUP})
                check(device.place(SyntheticSparsity.layer(p, g, w, bias, density, t)), batch, x, p.label() + " " + density + " " + g);
            check(device.place(SlimConv.fromMask(g, channelMask(rnd, g, w), bias)), batch, x, "slimmed in and out " + g);
        }
        assertRanOnDevice(k);
    }

    @Test
    void slimmedTwinReadsAndWritesCompactActivations() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(43);
        for (int t = 0; t < 8; t++) {
            ConvGeometry g = geometry(rnd);
            int batch = 1 + rnd.nextInt(3);
            SlimConv cpu = SlimConv.fromMask(g, channelMask(rnd, g, random(rnd, (int) g.weightSize())), random(rnd, g.outC()));
            DeviceConv twin = DeviceConv.of(k, cpu).orElseThrow();
            int ci = cpu.keptIn().length, co = cpu.keptOut().length, hw = g.inH() * g.inW(), ohw = g.outH() * g.outW();
            float[] x = random(rnd, batch * ci * hw), want = new float[batch * co * ohw], got = new float[want.length];
            cpu.forwardScalar(batch, x, true, want, true);
            twin.forward(batch, x, true, got, true);
            assertClose(want, got, "compact slimmed " + ci + "->" + co + " " + g);
        }
        assertRanOnDevice(k);
    }

    @Test
    void csrStaysOnTheCpuAndTwinsNameTheDevice() {
        OpenClKernels k = OpenClTestSupport.kernels();
        OpenClConvs device = new OpenClConvs(k);
        ConvGeometry g = ConvGeometry.of(1, 3, 6, 6, 4, 3, 1, 1);
        float[] w = random(new SplittableRandom(44), (int) g.weightSize());
        PreparedConv csr = CsrConv.fromDense(g, w, null);
        assertSame(csr, device.place(csr));
        assertEquals("cpu", device.place(csr).device());
        PreparedConv twin = device.place(new DenseConv(g, w, null));
        assertTrue(twin instanceof DeviceConv, twin.getClass().getName());
        assertSame(twin, device.place(twin), "a twin is not placed twice");
        twin.forward(1, new float[(int) g.inputSize()], new float[(int) g.outputSize()]);
        assertEquals(k.deviceName(), twin.device());
        assertEquals(k.deviceName(), device.name());
    }

    private static void check(PreparedConv twin, int batch, float[] x, String what) {
        assertTrue(twin instanceof DeviceConv, what + ": no device twin");
        ConvGeometry g = twin.geometry().withBatch(batch);
        float[] want = new float[(int) g.outputSize()], got = random(new SplittableRandom(1), want.length);
        twin.forwardScalar(batch, x, want);
        twin.forward(batch, x, got);
        assertClose(want, got, what + " batch " + batch);
    }

    /** Stride 1 or 2, kernel 1..3, padding 0..1, sides 3..9, channels 1..9. */
    private static ConvGeometry geometry(SplittableRandom rnd) {
        int k = 1 + rnd.nextInt(3), h = k + 2 + rnd.nextInt(5), w = k + 2 + rnd.nextInt(5);
        return new ConvGeometry(1, 1 + rnd.nextInt(9), h, w, 1 + rnd.nextInt(9), k, k, 1 + rnd.nextInt(2), 1 + rnd.nextInt(2),
                rnd.nextInt(2), rnd.nextInt(2), 1);
    }

    /** {@code w} with random whole input channels and whole output channels zeroed (at least one of each kept). */
    private static float[] channelMask(SplittableRandom rnd, ConvGeometry g, float[] w) {
        float[] m = w.clone();
        int kk = g.kh() * g.kw(), keepIn = rnd.nextInt(g.inC()), keepOut = rnd.nextInt(g.outC());
        for (int o = 0; o < g.outC(); o++)
            for (int c = 0; c < g.inC(); c++)
                if ((o != keepOut && rnd.nextInt(3) == 0) || (c != keepIn && rnd.nextInt(3) == 0))
                    java.util.Arrays.fill(m, (o * g.inC() + c) * kk, (o * g.inC() + c + 1) * kk, 0f);
        return m;
    }

    /** Each image's {@link ScalarKernels#im2col} placed in its column block. */
    private static float[] expectedCols(ConvGeometry g, int batch, float[] x) {
        int plane = g.outH() * g.outW(), span = batch * plane, image = g.inC() * g.inH() * g.inW();
        float[] cols = new float[g.patch() * span], one = new float[g.patch() * plane];
        for (int n = 0; n < batch; n++) {
            new ScalarKernels().im2col(g, x, n * image, one, 0);
            for (int r = 0; r < g.patch(); r++)
                for (int p = 0; p < plane; p++) cols[r * span + n * plane + p] = one[r * plane + p];
        }
        return cols;
    }
}
