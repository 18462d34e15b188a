package dev.slt.opencl;

import static dev.slt.opencl.OpenClTestSupport.assertClose;
import static dev.slt.opencl.OpenClTestSupport.assertRanOnDevice;
import static dev.slt.opencl.OpenClTestSupport.random;

import dev.slt.kernels.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The device's tiled GEMM against {@link ScalarKernels} on random shapes, transposes, strides and offsets. */
class GemmOpenClParityTest {

    private static final int[] DIMS = {1, 2, 15, 16, 17, 31, 33, 64, 100};
    private static final float[] SCALARS = {0f, 1f, -0.5f, 2.3f};

    @Test
    void matchesScalarOnRandomShapes() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(20261121);
        for (int t = 0; t < 40; t++) {
            int m = pick(rnd), n = pick(rnd), kk = pick(rnd);
            boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean();
            float alpha = SCALARS[1 + rnd.nextInt(3)], beta = SCALARS[rnd.nextInt(4)];
            int pad = rnd.nextInt(4), aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5);
            int lda = (ta ? m : kk) + pad, ldb = (tb ? kk : n) + pad, ldc = n + pad;
            float[] a = random(rnd, aOff + (ta ? kk : m) * lda), b = random(rnd, bOff + (tb ? n : kk) * ldb);
            float[] c = random(rnd, cOff + m * ldc), ref = c.clone();
            new ScalarKernels().gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
            k.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            assertClose(ref, c, "gemm " + m + "x" + n + "x" + kk + " ta=" + ta + " tb=" + tb + " alpha=" + alpha + " beta=" + beta);
        }
        assertRanOnDevice(k);
    }

    @Test
    void residentChainEqualsCopyingChain() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 37;
        float[] x = random(rnd, n * n), w1 = random(rnd, n * n), w2 = random(rnd, n * n);
        float[] h = new float[n * n], y = new float[n * n];
        ScalarKernels s = new ScalarKernels();
        s.gemm(false, false, n, n, n, 1f, w1, 0, n, x, 0, n, 0f, h, 0, n);
        s.gemm(false, true, n, n, n, 1f, w2, 0, n, h, 0, n, 0f, y, 0, n);

        DeviceMatrices dev = new DeviceMatrices(k, 5 * n * n);
        DeviceBuffer dx = dev.upload(x), dw1 = dev.upload(w1), dw2 = dev.upload(w2);
        DeviceBuffer dh = dev.allocate(n * n), dy = dev.allocate(n * n);
        dev.gemm(false, false, n, n, n, 1f, dw1, n, dx, n, 0f, dh, n);
        dev.gemm(false, true, n, n, n, 1f, dw2, n, dh, n, 0f, dy, n);
        assertClose(y, dev.read(dy), "resident chain");
        // one upload before the first product, one download at the read: none in between
        org.junit.jupiter.api.Assertions.assertEquals(2, dev.transfers());
        assertRanOnDevice(k);
    }

    private static int pick(SplittableRandom rnd) {
        return rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(150) : DIMS[rnd.nextInt(DIMS.length)];
    }
}
