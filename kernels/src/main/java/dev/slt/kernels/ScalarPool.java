package dev.slt.kernels;

/**
 * Reference pooling over (planes, H, W): one window at a time, the test oracle for {@link VectorPool}.
 * Max pool treats padding as -inf and keeps the first maximum (row-major window order); average pool
 * divides by kh*kw, padded taps counting as zeros (PyTorch's count_include_pad=True).
 */
final class ScalarPool {

    private ScalarPool() {}

    static void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        int oh = g.outH(), ow = g.outW(), hw = g.inH() * g.inW();
        for (int p = 0; p < g.planes(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix < 0 || ix >= g.inW()) continue;
                            int i = p * hw + iy * g.inW() + ix;
                            // '>' keeps the first maximum; a NaN wins once and then stays (like PyTorch)
                            if (arg < 0 || x[i] > best || Float.isNaN(x[i]) && !Float.isNaN(best)) {
                                best = x[i];
                                arg = i;
                            }
                        }
                    }
                    int o = (p * oh + oy) * ow + ox;
                    y[o] = best;
                    argmax[o] = arg;
                }
            }
        }
    }

    static void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        int n = g.outputSize();
        for (int i = 0; i < n; i++) dx[argmax[i]] += dy[i];
    }

    static void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        int oh = g.outH(), ow = g.outW(), hw = g.inH() * g.inW();
        double inv = 1.0 / (g.kh() * g.kw());
        for (int p = 0; p < g.planes(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double s = 0;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix >= 0 && ix < g.inW()) s += x[p * hw + iy * g.inW() + ix];
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = (float) (s * inv);
                }
            }
        }
    }

    static void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx) {
        int oh = g.outH(), ow = g.outW(), hw = g.inH() * g.inW();
        float inv = 1f / (g.kh() * g.kw());
        for (int p = 0; p < g.planes(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float d = dy[(p * oh + oy) * ow + ox] * inv;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix >= 0 && ix < g.inW()) dx[p * hw + iy * g.inW() + ix] += d;
                        }
                    }
                }
            }
        }
    }

    static void globalAvgPoolForward(int planes, int hw, float[] x, float[] y) {
        for (int p = 0; p < planes; p++) {
            double s = 0;
            for (int i = 0; i < hw; i++) s += x[p * hw + i];
            y[p] = (float) (s / hw);
        }
    }

    static void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx) {
        for (int p = 0; p < planes; p++) {
            float d = dy[p] / hw;
            for (int i = 0; i < hw; i++) dx[p * hw + i] += d;
        }
    }

    static void subsamplePadForward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] x, float[] y) {
        int oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1;
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outC; o++) {
                int c = o - padBefore;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        y[((n * outC + o) * oh + i) * ow + j] =
                                c >= 0 && c < inC ? x[((n * inC + c) * h + i * stride) * w + j * stride] : 0f;
            }
    }

    static void subsamplePadBackward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] dy, float[] dx) {
        int oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1;
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < inC; c++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        dx[((n * inC + c) * h + i * stride) * w + j * stride] += dy[((n * outC + padBefore + c) * oh + i) * ow + j];
    }
}
