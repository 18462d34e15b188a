package dev.slt.kernels;

/**
 * Reference convolution: the direct definitions, one output (or gradient) element at a time, summed in
 * double. Slow on purpose; the test oracle for {@link VectorConv}. Layouts: x (N, C_in, H, W),
 * w (C_out, C_in/groups, kh, kw), y (N, C_out, H_out, W_out).
 */
final class ScalarConv {

    private ScalarConv() {}

    /** cols[(c*kh + ky)*kw + kx][oy*W_out + ox] = x[c][oy*sh - ph + ky][ox*sw - pw + kx], 0 outside. */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        int oh = g.outH(), ow = g.outW();
        int row = 0;
        for (int c = 0; c < g.inC(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            int ix = ox * g.strideW() - g.padW() + kx;
                            boolean inside = iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW();
                            cols[colsOff + row * oh * ow + oy * ow + ox] =
                                    inside ? x[xOff + (c * g.inH() + iy) * g.inW() + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: every column entry is added back to the input pixel it came from. */
    static void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        int oh = g.outH(), ow = g.outW();
        int row = 0;
        for (int c = 0; c < g.inC(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW())
                                x[xOff + (c * g.inH() + iy) * g.inW() + ix] += cols[colsOff + row * oh * ow + oy * ow + ox];
                        }
                    }
                }
            }
        }
    }

    /** y[n][o][oy][ox] = bias[o] + Σ_{c in group(o), ky, kx} w[o][c'][ky][kx] * x[n][c][oy*sh-ph+ky][ox*sw-pw+kx]. */
    static void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int oh = g.outH(), ow = g.outW(), cpg = g.inPerGroup(), opg = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outC(); o++) {
                int c0 = (o / opg) * cpg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < cpg; ci++) {
                            for (int ky = 0; ky < g.kh(); ky++) {
                                int iy = oy * g.strideH() - g.padH() + ky;
                                if (iy < 0 || iy >= g.inH()) continue;
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int ix = ox * g.strideW() - g.padW() + kx;
                                    if (ix < 0 || ix >= g.inW()) continue;
                                    s += (double) w[((o * cpg + ci) * g.kh() + ky) * g.kw() + kx]
                                            * x[((n * g.inC() + c0 + ci) * g.inH() + iy) * g.inW() + ix];
                                }
                            }
                        }
                        y[((n * g.outC() + o) * oh + oy) * ow + ox] = (float) s;
                    }
                }
            }
        }
    }

    /**
     * dx[n][c][iy][ix] += Σ over the outputs that read (iy, ix): w[o][c'][ky][kx] * dy[n][o][oy][ox], where
     * iy = oy*sh - ph + ky (so oy = (iy + ph - ky) / sh when divisible), likewise for ix.
     */
    static void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int oh = g.outH(), ow = g.outW(), cpg = g.inPerGroup(), opg = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.inC(); c++) {
                int grp = c / cpg, ci = c - grp * cpg;
                for (int iy = 0; iy < g.inH(); iy++) {
                    for (int ix = 0; ix < g.inW(); ix++) {
                        double s = 0;
                        for (int o = grp * opg; o < (grp + 1) * opg; o++) {
                            for (int ky = 0; ky < g.kh(); ky++) {
                                int ty = iy + g.padH() - ky;
                                if (ty < 0 || ty % g.strideH() != 0 || ty / g.strideH() >= oh) continue;
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int tx = ix + g.padW() - kx;
                                    if (tx < 0 || tx % g.strideW() != 0 || tx / g.strideW() >= ow) continue;
                                    s += (double) w[((o * cpg + ci) * g.kh() + ky) * g.kw() + kx]
                                            * dy[((n * g.outC() + o) * oh + ty / g.strideH()) * ow + tx / g.strideW()];
                                }
                            }
                        }
                        dx[((n * g.inC() + c) * g.inH() + iy) * g.inW() + ix] += (float) s;
                    }
                }
            }
        }
    }

    /** dw[o][c'][ky][kx] += Σ_{n, oy, ox} dy[n][o][oy][ox] * x[n][c][oy*sh-ph+ky][ox*sw-pw+kx]; dbias[o] += Σ dy[n][o]. */
    static void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias) {
        int oh = g.outH(), ow = g.outW(), cpg = g.inPerGroup(), opg = g.outPerGroup();
        for (int o = 0; o < g.outC(); o++) {
            int c0 = (o / opg) * cpg;
            for (int ci = 0; ci < cpg; ci++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        double s = 0;
                        for (int n = 0; n < g.batch(); n++) {
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * g.strideH() - g.padH() + ky;
                                if (iy < 0 || iy >= g.inH()) continue;
                                for (int ox = 0; ox < ow; ox++) {
                                    int ix = ox * g.strideW() - g.padW() + kx;
                                    if (ix < 0 || ix >= g.inW()) continue;
                                    s += (double) dy[((n * g.outC() + o) * oh + oy) * ow + ox]
                                            * x[((n * g.inC() + c0 + ci) * g.inH() + iy) * g.inW() + ix];
                                }
                            }
                        }
                        dw[((o * cpg + ci) * g.kh() + ky) * g.kw() + kx] += (float) s;
                    }
                }
            }
            if (dbias != null) {
                double s = 0;
                for (int n = 0; n < g.batch(); n++)
                    for (int i = 0; i < oh * ow; i++) s += dy[(n * g.outC() + o) * oh * ow + i];
                dbias[o] += (float) s;
            }
        }
    }
}
