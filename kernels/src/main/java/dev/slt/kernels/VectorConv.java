package dev.slt.kernels;

/**
 * Fast convolution without an im2col buffer: direct, register-blocked kernels over a padded copy of
 * each image, parallel over the batch through {@link KernelPool}. Three layouts of the work:
 * <ul>
 *   <li>stride 1 with fewer than 64 output channels (per group) on maps whose padded rows waste little
 *       ({@link #rowPath}): vectorised along output positions, {@link ConvRows} / {@link ConvRowKernel};
 *   <li>other stride-1 correlations: vectorised along output channels over packed input panels, {@link ConvPanel};
 *   <li>strided forward: vectorised along output channels straight from the padded image, {@link DirectConv} / {@link ConvMicro}.
 * </ul>
 * Forward and data gradient share these kernels (the data gradient is a stride-1 correlation of the
 * stride-dilated dy with the flipped, transposed weights); the weight gradient runs the {@link ConvMicro} kernels
 * (or the row kernel's) with the roles of taps and positions swapped, one partial dw per task, summed at the end.
 */
final class VectorConv {

    /** Images per weight-gradient kernel call. */
    private static final int CHUNK = 8;

    private VectorConv() {}

    /** Per-thread scratch: 0 = padded input, 1 = micro-kernel tile, 2 = transposed dy, 3 = input panel. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][]);

    /**
     * The calling thread's partial weight-gradient buffers, at least {@code count} of at least {@code size}
     * floats (contents stale: each task zeroes its own). Owned by the caller rather than by the pool
     * threads, so no other call can reuse them while the caller sums them after the parallel section.
     */
    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[0][]);

    static float[][] partials(int count, int size) {
        float[][] p = PARTIALS.get();
        if (p.length < count) {
            p = java.util.Arrays.copyOf(p, count);
            PARTIALS.set(p);
        }
        for (int i = 0; i < count; i++)
            if (p[i] == null || p[i].length < size) p[i] = new float[size];
        return p;
    }

    static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) s[slot] = new float[Math.max(size, 64)];
        return s[slot];
    }

    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        Im2col.im2col(g, x, xOff, cols, colsOff);
    }

    static void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        Im2col.col2im(g, cols, colsOff, x, xOff);
    }

    /** Few output channels and stride 1: vectorise along positions ({@link ConvRowKernel}) instead of channels. */
    static boolean rowPath(ConvGeometry g, int outChannels) {
        return g.strideH() == 1 && g.strideW() == 1 && outChannels < 4 * ConvMicro.L;
    }

    /**
     * {@link #rowPath} for a correlation whose padded rows are {@code gridW} wide for {@code outW} outputs: from
     * two vectors of channels on, {@link ConvPanel} (2x12 tiles) wins once the row kernel's dropped columns
     * exceed 1/8 of its work (measured: 64->32 5x5 at 14x14, 22 % dropped, panel ~16 % faster; 32->32 3x3 at
     * 16x16, 11 % dropped, rows as fast or faster).
     */
    static boolean rowPath(ConvGeometry g, int outChannels, int gridW, int outW) {
        return rowPath(g, outChannels) && (outChannels < 2 * ConvMicro.L || (gridW - outW) * 8 <= gridW);
    }

    static void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        conv2dForward(g, x, w, bias, y, ConvEpilogue.NONE);
    }

    /** {@link #conv2dForward}, the epilogue applied to each image right after its last group is computed. */
    static void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, ConvEpilogue epilogue) {
        if (g.batch() == 0) return;
        if (stripPath(g, g.outPerGroup())) {
            strips(g, x, w, bias, y, false, epilogue);
            return;
        }
        if (rowPath(g, g.outPerGroup(), g.inW() + 2 * g.padW(), g.outW())) {
            ConvRows.forward(g, x, w, bias, y, epilogue);
            return;
        }
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups();
        int kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW(), coPad = DirectConv.padChannels(opg);
        float[] packed = packForward(w, groups, opg, cpg, kh, kw, coPad);
        int[] tapOff = DirectConv.tapOffsets(cpg, kh, kw, hp, wp);
        if (g.strideH() == g.strideW() && g.strideH() <= 2) {
            forwardPanel(g, x, ConvPanel.blockWeights(packed, groups, g.patch(), coPad), bias, y, tapOff, coPad, epilogue);
            return;
        }
        int[] bases = DirectConv.positionBases(oh, ow, g.strideH(), g.strideW(), wp);
        KernelPool.parallelFor(g.batch(), (n0, n1) -> {
            float[] xp = scratch(0, cpg * hp * wp);
            float[] tile = scratch(1, DirectConv.tilesFor(oh * ow));
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < groups; gr++) {
                    DirectConv.pad(x, (n * g.inC() + gr * cpg) * h * wd, cpg, h, wd, xp, 0, hp, wp, g.padH(), g.padW());
                    DirectConv.correlate(xp, tapOff, cpg, kh, kw, g.strideH(), g.padH(), g.padH() + h,
                            packed, gr * g.patch() * coPad, coPad, opg, y, (n * g.outC() + gr * opg) * oh * ow, oh, ow,
                            false, bias, gr * opg, bases, tile);
                }
                epilogue.applyRange(y, n, 1, g.outC(), oh * ow);
            }
        });
    }

    /**
     * Where {@link StripConv} takes a stride-1 or -2 correlation with {@code outChannels} output channels: its output
     * rows a multiple of 7 wide, and the channels whole tiles of 32 (a padded tile would compute its zero channels).
     */
    static boolean stripPath(ConvGeometry g, int outChannels) {
        return StripConv.fits(g) && outChannels % StripConv.TILE == 0;
    }

    /**
     * A forward through {@link StripConv} ({@code y = conv(x)}, or {@code y += conv(x)} with {@code accumulate}): per chunk
     * of one or two images, pad, run the pairs, apply the epilogue.
     */
    private static void strips(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean accumulate, ConvEpilogue epilogue) {
        int ci = g.inC(), co = g.outC(), kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW(), plane = ci * hp * wp, hw = oh * ow, taps = g.patch();
        // stripPath: co is whole tiles, so the packed weights need no padding channels
        float[] wb = StripConv.blockWeights(packForward(w, 1, co, ci, kh, kw, co), taps, co);
        int[] tapOff = DirectConv.tapOffsets(ci, kh, kw, hp, wp);
        int images = StripConv.imagesPerChunk(oh, ow), chunks = (g.batch() + images - 1) / images;
        int last = g.batch() - (chunks - 1) * images;
        int stride = g.strideH();
        StripConv.Pairs pairs = StripConv.Pairs.of(oh, ow, wp, stride, plane, images, co * hw, kh, ci * kw, g.padH(), g.padH() + h);
        StripConv.Pairs lastPairs = last == images ? pairs
                : StripConv.Pairs.of(oh, ow, wp, stride, plane, last, co * hw, kh, ci * kw, g.padH(), g.padH() + h);
        KernelPool.parallelFor(chunks, (c0, c1) -> {
            float[] xp = scratch(0, images * plane);
            float[] tile = scratch(1, 2 * StripConv.HALF * StripConv.TILE);
            for (int c = c0; c < c1; c++) {
                int n0 = c * images, cnt = c == chunks - 1 ? last : images;
                for (int i = 0; i < cnt; i++)
                    DirectConv.pad(x, (n0 + i) * ci * h * wd, ci, h, wd, xp, i * plane, hp, wp, g.padH(), g.padW());
                StripConv.correlate(xp, tapOff, taps, cnt == images ? pairs : lastPairs, wb, co, co, y, n0 * co * hw, hw,
                        accumulate, bias, tile);
                epilogue.applyRange(y, n0, cnt, co, hw);
            }
        });
    }

    /**
     * Stride-1 or -2 forward through {@link ConvPanel}: packed input panels, constant-stride micro-kernels. Stride 2
     * gathers every second input while packing: 1.11-1.20x faster than the strided direct kernel on ResNet-20's two
     * stride-2 layers at 28x28 inputs (batch 64 and 128, 1 thread, three alternated processes).
     */
    private static void forwardPanel(ConvGeometry g, float[] x, float[] wb, float[] bias, float[] y, int[] tapOff, int coPad,
                                     ConvEpilogue epilogue) {
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups();
        int kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW();
        int stride = g.strideH(), plane = cpg * hp * wp, hw = oh * ow;
        int images = groups == 1 ? ConvPanel.imagesPerChunk(hw, g.batch(), coPad, KernelPool.threads(), plane) : 1;
        int chunks = (g.batch() + images - 1) / images, last = g.batch() - (chunks - 1) * images;
        ConvPanel.Runs runs = ConvPanel.Runs.of(oh, ow, wp, stride, images, plane);
        ConvPanel.Runs lastRuns = last == images ? runs : ConvPanel.Runs.of(oh, ow, wp, stride, last, plane);
        KernelPool.parallelFor(chunks, (c0, c1) -> {
            // slack: a panel copy of the last row may read one vector (two at stride 2) past the planes
            float[] xp = scratch(0, images * plane + stride * ConvMicro.L);
            float[] tile = scratch(1, ConvPanel.tileSize(coPad));
            float[] pan = scratch(3, ConvPanel.panelSize(coPad));
            for (int c = c0; c < c1; c++) {
                int n0 = c * images, cnt = c == chunks - 1 ? last : images;
                for (int gr = 0; gr < groups; gr++) {
                    for (int i = 0; i < cnt; i++)
                        DirectConv.pad(x, ((n0 + i) * g.inC() + gr * cpg) * h * wd, cpg, h, wd, xp, i * plane, hp, wp, g.padH(), g.padW());
                    ConvPanel.correlate(xp, tapOff, cpg, kh, kw, g.padH(), g.padH() + h, cnt == images ? runs : lastRuns,
                            wb, gr * g.patch() * coPad, coPad, opg, y, (n0 * g.outC() + gr * opg) * hw, g.outC() * hw, oh, ow,
                            false, bias, gr * opg, pan, tile);
                }
                epilogue.applyRange(y, n0, cnt, g.outC(), hw);
            }
        });
    }

    /** packed[gr][(ky*cpg + c)*kw + kx][o] = w[gr*opg + o][c][ky][kx]: (taps, C_out) per group, taps in ky-major order. */
    private static float[] packForward(float[] w, int groups, int opg, int cpg, int kh, int kw, int coPad) {
        int patch = cpg * kh * kw;
        float[] p = new float[groups * patch * coPad];
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int c = 0; c < cpg; c++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            p[(gr * patch + (ky * cpg + c) * kw + kx) * coPad + o] = w[(((gr * opg + o) * cpg + c) * kh + ky) * kw + kx];
        return p;
    }

    static void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        if (g.batch() == 0) return;
        ConvGeometry t = PositionConv.dataGradient(g);
        if (t != null && stripPath(t, t.outC())) {
            // the stride-1 data gradient is a forward correlation of dy with the flipped, transposed weights
            strips(t, dy, PositionConv.flippedTransposed(g, w), null, dx, true, ConvEpilogue.NONE);
            return;
        }
        if (gemmDataGrad(g)) {
            backwardInputGemm(g, dy, w, dx);
            return;
        }
        if (rowPath(g, g.inPerGroup(), g.inW() + g.kw() - 1, g.inW())) {
            ConvRows.backwardInput(g, dy, w, dx);
            return;
        }
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups();
        int kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        // dx[c][iy][ix] = Σ_{o,ky,kx} buf[o][iy+ky][ix+kx] * w[o][c][kh-1-ky][kw-1-kx], with dy[oy][ox] placed at
        // buf row kh-1-ph + oy*sh (and likewise for columns): the transposed convolution as a plain correlation.
        int hb = h + kh - 1, wb = wd + kw - 1, top = kh - 1 - g.padH(), left = kw - 1 - g.padW();
        int rowLo = Math.max(0, top), rowHi = Math.min(hb, top + (oh - 1) * g.strideH() + 1);
        int ciPad = DirectConv.padChannels(cpg), taps = opg * kh * kw;
        float[] packed = new float[groups * taps * ciPad];
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int c = 0; c < cpg; c++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            packed[(gr * taps + (ky * opg + o) * kw + kx) * ciPad + c] =
                                    w[(((gr * opg + o) * cpg + c) * kh + kh - 1 - ky) * kw + kw - 1 - kx];
        int[] tapOff = DirectConv.tapOffsets(opg, kh, kw, hb, wb);
        float[] wb4 = ConvPanel.blockWeights(packed, groups, taps, ciPad);
        ConvPanel.Runs runs = ConvPanel.Runs.of(h, wd, wb);
        KernelPool.parallelFor(g.batch(), (n0, n1) -> {
            // L floats of slack: a panel copy of the last row may read a vector past the planes
            float[] buf = scratch(0, opg * hb * wb + ConvMicro.L);
            float[] tile = scratch(1, ConvPanel.tileSize(ciPad));
            float[] pan = scratch(3, ConvPanel.panelSize(ciPad));
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < groups; gr++) {
                    DirectConv.dilate(dy, (n * g.outC() + gr * opg) * oh * ow, opg, oh, ow, g.strideH(), g.strideW(),
                            buf, hb, wb, top, left);
                    ConvPanel.correlate(buf, tapOff, opg, kh, kw, rowLo, rowHi, runs,
                            wb4, gr * taps * ciPad, ciPad, cpg,
                            dx, (n * g.inC() + gr * cpg) * h * wd, h, wd, true, null, 0, pan, tile);
                }
            }
        });
    }

    /**
     * Strided layers take the data gradient as {@code col2im(Wᵀ · dy)}: the dilated correlation below would
     * spend (stride² - 1) of every stride² FMAs on the zeros between the dy entries (measured at 16->32 3x3
     * stride 2 on 28x28 and 32->64 on 14x14, batch 128, 1 thread: ~1.8x faster). At stride 1 the direct
     * kernels are ~2.5x faster than this GEMM (its K, the output channels, is only 16-64).
     */
    static boolean gemmDataGrad(ConvGeometry g) {
        return g.groups() == 1 && (g.strideH() > 1 || g.strideW() > 1);
    }

    /** Per image: cols (patch, positions) = Wᵀ · dy_n, then col2im adds cols into dx_n; parallel over images. */
    private static void backwardInputGemm(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int patch = g.patch(), co = g.outC(), pos = g.outH() * g.outW(), inPlane = g.inC() * g.inH() * g.inW();
        KernelPool.parallelFor(g.batch(), (n0, n1) -> {
            float[] cols = scratch(2, patch * pos);
            for (int n = n0; n < n1; n++) {
                VectorGemm.gemm(true, false, patch, pos, co, 1f, w, 0, patch, dy, n * co * pos, pos, 0f, cols, 0, pos);
                Im2col.col2im(g, cols, 0, dx, n * inPlane);
            }
        });
    }

    static void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias) {
        if (g.batch() == 0) return;
        if (rowPath(g, g.outPerGroup())) {
            ConvRows.backwardWeight(g, x, dy, dw);
            if (dbias != null) biasGrad(g, dy, dbias);
            return;
        }
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups(), patch = g.patch();
        int kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW(), coPad = DirectConv.padChannels(opg);
        int tapsPad = DirectConv.roundUp(patch, DirectConv.BLOCK);
        // dw taps stay in the (c, ky, kx) order of w; the tail up to a whole block points at offset 0
        int[] tapOff = new int[tapsPad];
        for (int c = 0; c < cpg; c++)
            for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++) tapOff[(c * kh + ky) * kw + kx] = (c * hp + ky) * wp + kx;
        // CHUNK images per kernel call: their padded planes side by side in xp and their dy rows stacked
        // in dyT, so one reduction runs over CHUNK*oh*ow positions (an 8x8 map alone is too short a loop)
        int planes = cpg * hp * wp, ohw = oh * ow;
        int[] one = DirectConv.positionBases(oh, ow, g.strideH(), g.strideW(), wp);
        int[] bases = new int[CHUNK * ohw];
        for (int b = 0; b < CHUNK; b++)
            for (int j = 0; j < ohw; j++) bases[b * ohw + j] = b * planes + one[j];
        int slices = Math.min(KernelPool.threads(), g.batch());
        int size = groups * tapsPad * coPad;
        float[][] partial = partials(slices, size);
        KernelPool.parallelFor(slices, (s0, s1) -> {
            float[] xp = scratch(0, CHUNK * planes);
            float[] tile = scratch(1, DirectConv.TILE);
            float[] dyT = scratch(2, CHUNK * ohw * coPad);
            for (int s = s0; s < s1; s++) {
                java.util.Arrays.fill(partial[s], 0, size, 0f);
                int end = g.batch() * (s + 1) / slices;
                for (int n0 = g.batch() * s / slices; n0 < end; n0 += CHUNK) {
                    int cnt = Math.min(CHUNK, end - n0);
                    for (int gr = 0; gr < groups; gr++) {
                        for (int b = 0; b < cnt; b++) {
                            int n = n0 + b;
                            DirectConv.pad(x, (n * g.inC() + gr * cpg) * h * wd, cpg, h, wd, xp, b * planes, hp, wp,
                                    g.padH(), g.padW());
                            transpose(dy, (n * g.outC() + gr * opg) * ohw, opg, ohw, dyT, b * ohw * coPad, coPad);
                        }
                        DirectConv.weightGrad(xp, bases, cnt * ohw, tapOff, patch,
                                dyT, coPad, opg, partial[s], gr * tapsPad * coPad, tile);
                    }
                }
            }
        });
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int t = 0; t < patch; t++) {
                    float s = 0f;
                    for (int i = 0; i < slices; i++) s += partial[i][(gr * tapsPad + t) * coPad + o];
                    dw[(gr * opg + o) * patch + t] += s;
                }
        if (dbias != null) biasGrad(g, dy, dbias);
    }

    /** dyT[tOff + j*coPad + o] = dy[off + o*n + j]: (C_out, positions) to (positions, coPad). */
    private static void transpose(float[] dy, int off, int co, int n, float[] dyT, int tOff, int coPad) {
        for (int o = 0; o < co; o++)
            for (int j = 0; j < n; j++) dyT[tOff + j * coPad + o] = dy[off + o * n + j];
    }

    static void biasGrad(ConvGeometry g, float[] dy, float[] dbias) {
        int hw = g.outH() * g.outW();
        for (int n = 0; n < g.batch(); n++)
            for (int o = 0; o < g.outC(); o++) dbias[o] += sum(dy, (n * g.outC() + o) * hw, hw);
    }

    private static float sum(float[] a, int off, int n) {
        var s = jdk.incubator.vector.FloatVector.zero(ConvMicro.S);
        int i = 0;
        for (; i < ConvMicro.S.loopBound(n); i += ConvMicro.L)
            s = s.add(jdk.incubator.vector.FloatVector.fromArray(ConvMicro.S, a, off + i));
        float r = Simd.sumLanes(s);
        for (; i < n; i++) r += a[off + i];
        return r;
    }
}
