package dev.slt.opencl;

import static dev.slt.opencl.OpenClTestSupport.assertClose;
import static dev.slt.opencl.OpenClTestSupport.assertRanOnDevice;
import static dev.slt.opencl.OpenClTestSupport.random;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** im2col, elementwise ops, reductions and softmax on the device against {@link ScalarKernels}. */
class VectorOpsOpenClParityTest {

    private static final int[] LENGTHS = {1, 7, 63, 64, 65, 1000, 4099};
    private final ScalarKernels ref = new ScalarKernels();

    @Test
    void elementwiseOpsMatchScalar() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : LENGTHS) {
            int off = rnd.nextInt(5);
            float[] a = random(rnd, n + off), b = random(rnd, n + off), out0 = random(rnd, n + off);
            for (int op = 0; op < 9; op++) {
                float[] want = out0.clone(), got = out0.clone();
                apply(ref, op, a, b, want, off, n);
                apply(k, op, a, b, got, off, n);
                assertClose(want, got, "elementwise op " + op + " n=" + n);
            }
        }
        assertRanOnDevice(k);
    }

    private static void apply(Kernels k, int op, float[] a, float[] b, float[] out, int off, int n) {
        switch (op) {
            case 0 -> k.add(a, off, b, off, out, off, n);
            case 1 -> k.sub(a, off, b, 0, out, off, n);
            case 2 -> k.mul(a, 0, b, off, out, off, n);
            case 3 -> k.div(a, off, b, off, out, 0, n);
            case 4 -> k.scale(-1.7f, a, off, out, off, n);
            case 5 -> k.axpy(0.3f, a, off, out, off, n);
            case 6 -> k.fill(2.5f, out, off, n);
            case 7 -> k.relu(a, off, out, off, n);
            default -> k.reluBackward(a, off, b, off, out, off, n);
        }
    }

    @Test
    void reductionsMatchScalar() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : new int[] {1, 5, 64, 65, 5000, 100_003}) {
            int off = rnd.nextInt(5);
            float[] a = random(rnd, n + off), b = random(rnd, n + off);
            double absSum = 0;
            for (int i = off; i < n + off; i++) absSum += Math.abs(a[i]);
            assertClose(ref.sum(a, off, n), k.sum(a, off, n), absSum, "sum n=" + n);
            assertClose(ref.dot(a, off, b, off, n), k.dot(a, off, b, off, n), absSum, "dot n=" + n);
            org.junit.jupiter.api.Assertions.assertEquals(ref.max(a, off, n), k.max(a, off, n), "max n=" + n);
        }
        float[] withNaN = {1f, Float.NaN, 3f};
        org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(k.max(withNaN, 0, 3)), "max propagates NaN");
        org.junit.jupiter.api.Assertions.assertEquals(Float.NEGATIVE_INFINITY, k.max(withNaN, 0, 0));
        assertRanOnDevice(k);
    }

    @Test
    void softmaxAndAxisSumMatchScalar() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(13);
        for (int[] s : new int[][] {{1, 1}, {3, 10}, {65, 17}, {128, 100}}) {
            int rows = s[0], cols = s[1];
            float[] x = random(rnd, rows * cols);
            for (int i = 0; i < x.length; i++) x[i] *= 20;
            float[] want = new float[x.length], got = new float[x.length];
            ref.softmaxRows(x, rows, cols, want);
            k.softmaxRows(x, rows, cols, got);
            assertClose(want, got, "softmax " + rows + "x" + cols);
            ref.logSoftmaxRows(x, rows, cols, want);
            k.logSoftmaxRows(x, rows, cols, got);
            assertClose(want, got, "logSoftmax " + rows + "x" + cols);
        }
        for (int[] s : new int[][] {{1, 1, 1}, {2, 3, 4}, {5, 33, 7}, {1, 100, 65}}) {
            float[] x = random(rnd, s[0] * s[1] * s[2]);
            float[] want = new float[s[0] * s[2]], got = new float[s[0] * s[2]];
            ref.sumAxis(x, s[0], s[1], s[2], want);
            k.sumAxis(x, s[0], s[1], s[2], got);
            assertClose(want, got, "sumAxis " + java.util.Arrays.toString(s));
        }
        assertRanOnDevice(k);
    }

    @Test
    void im2colMatchesScalar() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(14);
        ConvGeometry[] shapes = {
            ConvGeometry.of(1, 1, 5, 5, 1, 3, 1, 0),
            ConvGeometry.of(1, 3, 8, 7, 4, 3, 1, 1),
            ConvGeometry.of(1, 2, 9, 9, 2, 3, 2, 1),
            new ConvGeometry(1, 4, 6, 11, 4, 2, 3, 1, 2, 0, 1, 2),
        };
        for (ConvGeometry g : shapes) {
            int xOff = 3, colsOff = 2, colsLen = g.inC() * g.kh() * g.kw() * g.outH() * g.outW();
            float[] x = random(rnd, xOff + g.inC() * g.inH() * g.inW());
            float[] want = random(rnd, colsOff + colsLen), got = want.clone();
            ref.im2col(g, x, xOff, want, colsOff);
            k.im2col(g, x, xOff, got, colsOff);
            assertClose(want, got, "im2col " + g);
        }
        assertRanOnDevice(k);
    }
}
