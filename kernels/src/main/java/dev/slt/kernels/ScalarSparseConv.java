package dev.slt.kernels;

import java.util.List;

/** Plain loops for the sparse conv formats: the oracles of {@link BlockSparseConv} and {@link CsrConv}. Sums in double. */
final class ScalarSparseConv {

    private ScalarSparseConv() {}

    /** y[n][o] = bias[o] (or 0), then y[n][rows[i]][j] += Σ_q w[i][q] · im2col(x[n])[cols[q]][j] for every block. */
    static void blocks(ConvGeometry g, List<SparseBlock> blocks, float[] bias, float[] x, float[] y) {
        int hw = g.outH() * g.outW();
        for (int n = 0; n < g.batch(); n++) {
            SparseTaps.initOutput(g, bias, y, n, 0, hw);
            for (SparseBlock b : blocks) {
                int k = b.cols().length;
                for (int i = 0; i < b.rows().length; i++)
                    for (int j = 0; j < hw; j++) {
                        double s = 0;
                        for (int q = 0; q < k; q++) s += (double) b.weights()[i * k + q] * input(g, x, n, b.cols()[q], j);
                        y[(n * g.outC() + b.rows()[i]) * hw + j] += (float) s;
                    }
            }
        }
    }

    /** y[n][o][j] = bias[o] + Σ_{k in row o} values[k] · im2col(x[n])[cols[k]][j]. */
    static void csr(ConvGeometry g, int[] rowPtr, int[] cols, float[] values, float[] bias, float[] x, float[] y) {
        int hw = g.outH() * g.outW();
        for (int n = 0; n < g.batch(); n++)
            for (int o = 0; o < g.outC(); o++)
                for (int j = 0; j < hw; j++) {
                    double s = bias == null ? 0 : bias[o];
                    for (int k = rowPtr[o]; k < rowPtr[o + 1]; k++) s += (double) values[k] * input(g, x, n, cols[k], j);
                    y[(n * g.outC() + o) * hw + j] = (float) s;
                }
    }

    /** im2col(x[n])[col][j]: the input under tap col = (c, ky, kx) of output position j, 0 in the padding. */
    private static float input(ConvGeometry g, float[] x, int n, int col, int j) {
        int kk = g.kh() * g.kw(), c = col / kk, ky = col % kk / g.kw(), kx = col % g.kw();
        int oy = j / g.outW(), ox = j % g.outW();
        int iy = oy * g.strideH() - g.padH() + ky, ix = ox * g.strideW() - g.padW() + kx;
        if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) return 0f;
        return x[((n * g.inC() + c) * g.inH() + iy) * g.inW() + ix];
    }
}
