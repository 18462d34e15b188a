package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast pooling. Pooling is bound by memory (one read of x, one write of y), so the work is a plain loop
 * per plane, parallel over planes (a plane's windows and argmax indices never leave it, so backward
 * scatters do not race); the window bounds are clipped once per output row and column instead of
 * tested per tap, and the global average is a vector sum.
 */
final class VectorPool {

    private static final VectorSpecies<Float> S = Simd.F;
    /** Int lanes as many as {@link #S}'s, for argmax indices next to the values they index. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** Planes per task below which threading costs more than it saves (~32 KiB of input). */
    private static final int MIN_FLOATS_PER_TASK = 8192;

    private VectorPool() {}

    private static int tasks(int planes, int floatsPerPlane) {
        long total = (long) planes * floatsPerPlane;
        return (int) Math.max(1, Math.min(KernelPool.threads(), total / MIN_FLOATS_PER_TASK));
    }

    static void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        int oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        if (g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0) {
            if (oh * ow >= S.length()) {
                int[] corners = corners(w, oh, ow);
                KernelPool.parallelFor(g.planes(), tasks(g.planes(), h * w), (p0, p1) -> max2x2Gathered(x, y, argmax, p0, p1, h * w, w, corners));
            } else {
                KernelPool.parallelFor(g.planes(), tasks(g.planes(), h * w), (p0, p1) -> max2x2(x, y, argmax, p0, p1, h, w, oh, ow));
            }
            return;
        }
        KernelPool.parallelFor(g.planes(), tasks(g.planes(), h * w), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int ky0 = Math.max(0, -y0), ky1 = Math.min(g.kh(), h - y0);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * g.strideW() - g.padW();
                        int kx0 = Math.max(0, -x0), kx1 = Math.min(g.kw(), w - x0);
                        float best = Float.NEGATIVE_INFINITY;
                        int arg = -1;
                        for (int ky = ky0; ky < ky1; ky++) {
                            int r = base + (y0 + ky) * w + x0;
                            for (int kx = kx0; kx < kx1; kx++) {
                                float v = x[r + kx];
                                // same rule as ScalarPool: first maximum wins; the first NaN wins and stays
                                if (arg < 0 || v > best || v != v && best == best) {
                                    best = v;
                                    arg = r + kx;
                                }
                            }
                        }
                        int o = (p * oh + oy) * ow + ox;
                        y[o] = best;
                        argmax[o] = arg;
                    }
                }
            }
        });
    }

    /** Per output of a plane of the 2x2 stride-2 pool, the plane index of its window's top-left input. */
    private static int[] corners(int w, int oh, int ow) {
        int[] c = new int[oh * ow];
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++) c[oy * ow + ox] = 2 * oy * w + 2 * ox;
        return c;
    }

    /**
     * {@link #max2x2} a vector of outputs at a time (planes of at least one vector of outputs): each window
     * position gathered through the corner table, compared in window order with the same rule, branch-free (the
     * scalar loop's unpredictable compares cost ~15 ns per output on random data; this is 3.7x faster on
     * (128, 32, 28, 28)). The last vector of a plane moves back to end with it, rewriting a few outputs alike.
     */
    private static void max2x2Gathered(float[] x, float[] y, int[] argmax, int p0, int p1, int hw, int w, int[] corners) {
        int n = corners.length, l = S.length();
        // the window rule written out each time: a helper taking vectors is not always inlined, and then boxes them
        // (that made the pool 80x slower in an inference plan)
        for (int p = p0; p < p1; p++) {
            int xb = p * hw, yb = p * n;
            for (int j0 = 0; j0 < n; j0 += l) {
                int j = Math.min(j0, n - l);
                IntVector at = IntVector.fromArray(I, corners, j).add(xb), arg = at;
                FloatVector best = FloatVector.fromArray(S, x, xb, corners, j);
                // ScalarPool's rule, per lane: a later element wins if larger, or NaN over a number
                FloatVector v = FloatVector.fromArray(S, x, xb + 1, corners, j);
                VectorMask<Float> m = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, m);
                arg = arg.blend(at.add(1), m.cast(I));
                v = FloatVector.fromArray(S, x, xb + w, corners, j);
                m = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, m);
                arg = arg.blend(at.add(w), m.cast(I));
                v = FloatVector.fromArray(S, x, xb + w + 1, corners, j);
                m = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, m);
                arg = arg.blend(at.add(w + 1), m.cast(I));
                best.intoArray(y, yb + j);
                arg.intoArray(argmax, yb + j);
            }
        }
    }

    /** The CNN pool (2x2, stride 2, no padding): four loads per output, compared in window order. */
    private static void max2x2(float[] x, float[] y, int[] argmax, int p0, int p1, int h, int w, int oh, int ow) {
        for (int p = p0; p < p1; p++) {
            for (int oy = 0; oy < oh; oy++) {
                int r0 = p * h * w + 2 * oy * w, o = (p * oh + oy) * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int i = r0 + 2 * ox, arg = i;
                    float best = x[i];
                    // same rule as ScalarPool: a later element wins only if larger, or NaN over a number
                    float v = x[i + 1];
                    if (v > best || v != v && best == best) { best = v; arg = i + 1; }
                    v = x[i + w];
                    if (v > best || v != v && best == best) { best = v; arg = i + w; }
                    v = x[i + w + 1];
                    if (v > best || v != v && best == best) { best = v; arg = i + w + 1; }
                    y[o + ox] = best;
                    argmax[o + ox] = arg;
                }
            }
        }
    }

    static void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        int per = g.outH() * g.outW();
        KernelPool.parallelFor(g.planes(), tasks(g.planes(), g.inH() * g.inW()), (p0, p1) -> {
            for (int i = p0 * per; i < p1 * per; i++) dx[argmax[i]] += dy[i];
        });
    }

    static void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        int oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        float inv = 1f / (g.kh() * g.kw());
        KernelPool.parallelFor(g.planes(), tasks(g.planes(), h * w), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int ky0 = Math.max(0, -y0), ky1 = Math.min(g.kh(), h - y0);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * g.strideW() - g.padW();
                        int kx0 = Math.max(0, -x0), kx1 = Math.min(g.kw(), w - x0);
                        float s = 0f;
                        for (int ky = ky0; ky < ky1; ky++) {
                            int r = base + (y0 + ky) * w + x0;
                            for (int kx = kx0; kx < kx1; kx++) s += x[r + kx];
                        }
                        y[(p * oh + oy) * ow + ox] = s * inv;
                    }
                }
            }
        });
    }

    static void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx) {
        int oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        float inv = 1f / (g.kh() * g.kw());
        KernelPool.parallelFor(g.planes(), tasks(g.planes(), h * w), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int ky0 = Math.max(0, -y0), ky1 = Math.min(g.kh(), h - y0);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * g.strideW() - g.padW();
                        int kx0 = Math.max(0, -x0), kx1 = Math.min(g.kw(), w - x0);
                        float d = dy[(p * oh + oy) * ow + ox] * inv;
                        for (int ky = ky0; ky < ky1; ky++) {
                            int r = base + (y0 + ky) * w + x0;
                            for (int kx = kx0; kx < kx1; kx++) dx[r + kx] += d;
                        }
                    }
                }
            }
        });
    }

    static void globalAvgPoolForward(int planes, int hw, float[] x, float[] y) {
        KernelPool.parallelFor(planes, tasks(planes, hw), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int off = p * hw, i = 0;
                var acc = FloatVector.zero(S);
                for (; i < S.loopBound(hw); i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + i));
                float s = Simd.sumLanes(acc);
                for (; i < hw; i++) s += x[off + i];
                y[p] = s / hw;
            }
        });
    }

    static void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx) {
        KernelPool.parallelFor(planes, tasks(planes, hw), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int off = p * hw, i = 0;
                float d = dy[p] / hw;
                var dv = FloatVector.broadcast(S, d);
                for (; i < S.loopBound(hw); i += S.length())
                    FloatVector.fromArray(S, dx, off + i).add(dv).intoArray(dx, off + i);
                for (; i < hw; i++) dx[off + i] += d;
            }
        });
    }

    /** A strided copy per plane, parallel over images; the padding channels are one fill each. */
    static void subsamplePadForward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] x, float[] y) {
        int oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1, plane = oh * ow;
        KernelPool.parallelFor(batch, tasks(batch, outC * plane), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                int yn = n * outC * plane;
                java.util.Arrays.fill(y, yn, yn + padBefore * plane, 0f);
                java.util.Arrays.fill(y, yn + (padBefore + inC) * plane, yn + outC * plane, 0f);
                for (int c = 0; c < inC; c++) {
                    int xp = (n * inC + c) * h * w, yp = yn + (padBefore + c) * plane;
                    if (stride == 1) {
                        System.arraycopy(x, xp, y, yp, plane);
                        continue;
                    }
                    for (int i = 0; i < oh; i++) {
                        int xr = xp + i * stride * w, yr = yp + i * ow;
                        for (int j = 0; j < ow; j++) y[yr + j] = x[xr + j * stride];
                    }
                }
            }
        });
    }

    static void subsamplePadBackward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] dy, float[] dx) {
        int oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1, plane = oh * ow;
        KernelPool.parallelFor(batch, tasks(batch, outC * plane), (n0, n1) -> {
            for (int n = n0; n < n1; n++)
                for (int c = 0; c < inC; c++) {
                    int xp = (n * inC + c) * h * w, yp = (n * outC + padBefore + c) * plane;
                    for (int i = 0; i < oh; i++) {
                        int xr = xp + i * stride * w, yr = yp + i * ow;
                        for (int j = 0; j < ow; j++) dx[xr + j * stride] += dy[yr + j];
                    }
                }
        });
    }
}
