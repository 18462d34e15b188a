package dev.slt.kernels;

import java.util.Arrays;

/**
 * Row-wise im2col / col2im for the vector backend: per (c, ky, kx) row and output row oy, the valid
 * column range [oxLo, oxHi) is computed once, the padding around it is zero-filled (or skipped), and
 * the inside is one {@code System.arraycopy} (stride 1) or a strided loop.
 */
final class Im2col {

    private Im2col() {}

    /** First ox with ox*s - pad + k >= 0, clamped to [0, out]. */
    private static int lo(int s, int pad, int k, int out) {
        int t = pad - k;
        return t <= 0 ? 0 : Math.min(out, (t + s - 1) / s);
    }

    /** One past the last ox with ox*s - pad + k < size, clamped to [0, out]. */
    private static int hi(int s, int pad, int k, int size, int out) {
        int t = size + pad - k;
        return t <= 0 ? 0 : Math.min(out, (t - 1) / s + 1);
    }

    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        int oh = g.outH(), ow = g.outW(), sh = g.strideH(), sw = g.strideW(), h = g.inH(), w = g.inW();
        int row = 0;
        for (int c = 0; c < g.inC(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int yLo = lo(sh, g.padH(), ky, oh), yHi = Math.max(yLo, hi(sh, g.padH(), ky, h, oh));
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    int xLo = lo(sw, g.padW(), kx, ow), xHi = Math.max(xLo, hi(sw, g.padW(), kx, w, ow));
                    int base = colsOff + row * oh * ow;
                    Arrays.fill(cols, base, base + yLo * ow, 0f);
                    Arrays.fill(cols, base + yHi * ow, base + oh * ow, 0f);
                    for (int oy = yLo; oy < yHi; oy++) {
                        int d = base + oy * ow, src = xOff + (c * h + oy * sh - g.padH() + ky) * w - g.padW() + kx;
                        Arrays.fill(cols, d, d + xLo, 0f);
                        Arrays.fill(cols, d + xHi, d + ow, 0f);
                        if (sw == 1) {
                            System.arraycopy(x, src + xLo, cols, d + xLo, xHi - xLo);
                        } else {
                            for (int ox = xLo; ox < xHi; ox++) cols[d + ox] = x[src + ox * sw];
                        }
                    }
                }
            }
        }
    }

    static void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        int oh = g.outH(), ow = g.outW(), sh = g.strideH(), sw = g.strideW(), h = g.inH(), w = g.inW();
        int row = 0;
        for (int c = 0; c < g.inC(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                int yLo = lo(sh, g.padH(), ky, oh), yHi = hi(sh, g.padH(), ky, h, oh);
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    int xLo = lo(sw, g.padW(), kx, ow), xHi = hi(sw, g.padW(), kx, w, ow);
                    int base = colsOff + row * oh * ow;
                    for (int oy = yLo; oy < yHi; oy++) {
                        int d = base + oy * ow, dst = xOff + (c * h + oy * sh - g.padH() + ky) * w - g.padW() + kx;
                        for (int ox = xLo; ox < xHi; ox++) x[dst + ox * sw] += cols[d + ox];
                    }
                }
            }
        }
    }
}
