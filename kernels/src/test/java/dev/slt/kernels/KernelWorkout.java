package dev.slt.kernels;

import java.util.List;
import java.util.Random;

/**
 * Calls every kernel family once on small shapes that reach its fast paths: the GEMMs (packed, dot, small), the conv
 * forward paths (rows, panel, strided, along positions with every tile height, by phases), both conv gradients,
 * pooling, batch norm, the elementwise ops and SGD, and the prepared ticket layers (slimmed, block-sparse, CSR).
 * Run by {@link C1CompilesEveryKernelTest} in a child JVM that compiles each method on first call.
 */
final class KernelWorkout {

    private KernelWorkout() {}

    public static void main(String[] args) {
        Random r = new Random(1);
        VectorKernels k = new VectorKernels();
        KernelPool.setThreads(Integer.parseInt(args.length > 0 ? args[0] : "1"));
        // GEMM: small, packed, dot (B transposed, few rows, long k with a tail), plain B with few rows
        for (int[] s : new int[][] {{8, 8, 8}, {130, 70, 90}, {64, 40, 300}, {40, 130, 70}})
            for (boolean tb : new boolean[] {false, true}) {
                int m = s[0], n = s[1], kk = s[2];
                float[] a = random(r, m * kk), b = random(r, n * kk), c = new float[m * n];
                k.gemm(false, tb, m, n, kk, 1f, a, 0, kk, b, 0, tb ? kk : n, 0f, c, 0, n);
                k.gemm(true, false, m, n, kk, 1f, random(r, kk * m), 0, m, b, 0, n, 1f, c, 0, n);
            }
        // conv: 3x3 and 5x5, stride 1 and 2, narrow and wide layers, maps from 7 to 32 wide, every output count 1..30
        int[][] convs = {{1, 16, 28, 16, 3, 1}, {1, 32, 14, 32, 3, 1}, {1, 64, 7, 64, 3, 1}, {1, 32, 14, 64, 5, 1},
                {1, 1, 28, 32, 5, 1}, {1, 16, 28, 32, 3, 2}, {1, 16, 32, 32, 3, 2}, {1, 64, 8, 64, 3, 1}, {2, 8, 16, 8, 3, 1}};
        for (int[] s : convs) conv(k, r, new ConvGeometry(s[0], s[1], s[2], s[2], s[3], s[4], s[4], s[5], s[5], s[4] / 2, s[4] / 2, 1));
        // every position tile height: 1..14 rows in one tile, then 8 + 7 and 8 + 14 (4x4 maps: one vector per image)
        for (int co : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 22})
            conv(k, r, new ConvGeometry(3, 2, 4, 4, co, 3, 3, 1, 1, 1, 1, 1));
        conv(k, r, new ConvGeometry(2, 8, 8, 8, 8, 3, 3, 1, 1, 1, 1, 8));   // depthwise
        // pooling, batch norm, elementwise, SGD
        for (int side : new int[] {4, 28}) {
            PoolGeometry g = PoolGeometry.of(6, side, side, 2, 2, 0);
            float[] x = random(r, 6 * side * side), y = new float[g.outputSize()], dx = new float[x.length];
            int[] arg = new int[y.length];
            k.maxPool2dForward(g, x, y, arg);
            k.maxPool2dBackward(g, y, arg, dx);
            k.avgPool2dForward(g, x, y);
            k.avgPool2dBackward(g, y, dx);
            k.globalAvgPoolForward(6, side * side, x, new float[6]);
        }
        int n = 3, c = 4, hw = 50;
        float[] x = random(r, n * c * hw), y = new float[x.length], dy = random(r, x.length), dx = new float[x.length];
        float[] mean = new float[c], var = new float[c], ones = new float[c], zeros = new float[c];
        java.util.Arrays.fill(ones, 1f);
        k.batchNormStatistics(x, n, c, hw, mean, var);
        k.batchNormForward(x, n, c, hw, mean, ones, ones, zeros, y);
        k.batchNormReluForward(x, n, c, hw, mean, ones, ones, zeros, y);
        k.batchNormBackward(x, dy, n, c, hw, mean, ones, ones, dx, new float[c], new float[c]);
        k.batchNormReluBackward(x, y, dy, n, c, hw, mean, ones, ones, dx, new float[c], new float[c]);
        k.addRelu(x, 0, dy, 0, y, 0, x.length);
        k.reluBackward(x, 0, dy, 0, dx, 0, x.length);
        k.softmaxRows(x, n * c, hw, y);
        k.logSoftmaxRows(x, n * c, hw, y);
        k.sgdMomentum(x.clone(), dy, new float[x.length], 0, x.length, 0.1f, 0.9f, 5e-4f, false);
        // ticket layers
        ConvGeometry g = new ConvGeometry(1, 32, 8, 8, 32, 3, 3, 1, 1, 1, 1, 1);
        float[] w = random(r, (int) g.weightSize()), in = random(r, 2 * (int) g.inputSize()), out = new float[2 * (int) g.outputSize()];
        for (SyntheticSparsity.Pattern p : SyntheticSparsity.Pattern.values())
            for (double d : new double[] {0.5, 0.2}) SyntheticSparsity.layer(p, g, w, null, d, 7).forward(2, in, out);
        new BlockSparseConv(g, List.of(SparseBlock.of(w, g.patch(), new int[] {0, 3, 5, 9, 11, 12, 20, 31}, new int[] {0, 5, 7, 100})), null)
                .forward(2, in, out);
    }

    private static void conv(VectorKernels k, Random r, ConvGeometry g) {
        float[] x = random(r, (int) g.inputSize()), w = random(r, (int) g.weightSize()), y = new float[(int) g.outputSize()];
        k.conv2dForward(g, x, w, null, y);
        float[] dx = new float[x.length], dw = new float[w.length];
        k.conv2dBackwardInput(g, y, w, dx);
        k.conv2dBackwardInputOverwrite(g, y, w, dx);
        k.conv2dBackwardWeight(g, x, y, dw, new float[g.outC()]);
        if (g.groups() == 1) new DenseConv(g.withBatch(1), w, null).forward(g.batch(), x, y);
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f;
        return a;
    }
}
