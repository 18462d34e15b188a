package dev.slt.opencl;

import static dev.slt.opencl.OpenClTestSupport.assertClose;
import static dev.slt.opencl.OpenClTestSupport.assertRanOnDevice;
import static dev.slt.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slt.kernels.ScalarKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block-sparse product against a dense GEMM of the same W (the blocks scattered into a dense
 * matrix) on {@link ScalarKernels}, on the CPU reference and on the device.
 */
class BlockSparseOpenClParityTest {

    @Test
    void referenceEqualsDenseProduct() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int t = 0; t < 20; t++) check(rnd, null);
    }

    @Test
    void deviceEqualsDenseProduct() {
        OpenClKernels k = OpenClTestSupport.kernels();
        SplittableRandom rnd = new SplittableRandom(32);
        for (int t = 0; t < 20; t++) check(rnd, k);
        assertRanOnDevice(k);
    }

    @Test
    void rejectsIndicesOutsideTheMatrix() {
        var bad = new BlockSparseMatrix.Block(new int[] {0, 4}, new int[] {1}, new float[2]);
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseMatrix(4, 4, List.of(bad)));
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseMatrix.Block(new int[] {0}, new int[] {1}, new float[2]));
    }

    private static void check(SplittableRandom rnd, OpenClKernels device) {
        int rows = 1 + rnd.nextInt(70), cols = 1 + rnd.nextInt(70), n = 1 + rnd.nextInt(40);
        float[] dense = new float[rows * cols];
        List<BlockSparseMatrix.Block> blocks = new ArrayList<>();
        for (int b = rnd.nextInt(6); b > 0; b--) {
            int[] r = distinct(rnd, rows), c = distinct(rnd, cols);
            float[] w = random(rnd, r.length * c.length);
            for (int i = 0; i < r.length; i++)
                for (int q = 0; q < c.length; q++) dense[r[i] * cols + c[q]] += w[i * c.length + q];
            blocks.add(new BlockSparseMatrix.Block(r, c, w));
        }
        BlockSparseMatrix w = new BlockSparseMatrix(rows, cols, blocks);
        float[] x = random(rnd, cols * n), want = random(rnd, rows * n), got = want.clone();
        new ScalarKernels().gemm(false, false, rows, n, cols, 1f, dense, 0, cols, x, 0, n, 1f, want, 0, n);
        if (device == null) w.multiplyAdd(x, n, got);
        else device.blockSparseGemm(w, x, n, got);
        assertClose(want, got, "block-sparse " + rows + "x" + cols + " n=" + n + " blocks=" + blocks.size());
    }

    /** A random non-empty set of distinct indices below {@code limit}, in random order. */
    private static int[] distinct(SplittableRandom rnd, int limit) {
        int[] perm = new int[limit];
        for (int i = 0; i < limit; i++) perm[i] = i;
        for (int i = limit - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, 1 + rnd.nextInt(limit));
    }
}
