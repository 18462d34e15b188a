package dev.slt.kernels;

import java.util.Arrays;

/**
 * The stride-1, few-output-channel path of {@link VectorConv}: batch-parallel drivers around the
 * {@link ConvRowKernel} kernels. Same contracts as {@link Kernels}: forward overwrites, backward accumulates.
 */
final class ConvRows {

    private ConvRows() {}

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, ConvEpilogue epilogue) {
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups(), patch = g.patch();
        int h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW(), ldw = DirectConv.roundUp(opg, ConvRowKernel.MO);
        int[] off = ConvRowKernel.tapOffsets(cpg, g.kh(), g.kw(), hp, wp);
        // wpk[gr][t][o] = w[gr*opg + o][t]: (taps, ldw) per group
        float[] wpk = new float[groups * patch * ldw];
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int t = 0; t < patch; t++) wpk[(gr * patch + t) * ldw + o] = w[(gr * opg + o) * patch + t];
        int planes = cpg * hp * wp, size = planes + ConvRowKernel.slack(g.kw());
        KernelPool.parallelFor(g.batch(), (n0, n1) -> {
            float[] xp = VectorConv.scratch(0, size);
            float[] tile = VectorConv.scratch(1, DirectConv.TILE);
            Arrays.fill(xp, planes, size, 0f);
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < groups; gr++) {
                    DirectConv.pad(x, (n * g.inC() + gr * cpg) * h * wd, cpg, h, wd, xp, 0, hp, wp, g.padH(), g.padW());
                    ConvRowKernel.correlate(xp, off, patch, wp, wpk, gr * patch * ldw, ldw, opg,
                            y, (n * g.outC() + gr * opg) * oh * ow, oh, ow, false, bias, gr * opg, tile);
                }
                epilogue.applyRange(y, n, 1, g.outC(), oh * ow);
            }
        });
    }

    /** dx = correlation of dy padded by (k-1-p) with the flipped, transposed weights (stride 1). */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups();
        int kh = g.kh(), kw = g.kw(), h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW();
        int hb = h + kh - 1, wb = wd + kw - 1, top = kh - 1 - g.padH(), left = kw - 1 - g.padW();
        int taps = opg * kh * kw, ldw = DirectConv.roundUp(cpg, ConvRowKernel.MO);
        int[] off = ConvRowKernel.tapOffsets(opg, kh, kw, hb, wb);
        // wpk[gr][(o*kh + ky)*kw + kx][c] = w[gr*opg + o][c][kh-1-ky][kw-1-kx]
        float[] wpk = new float[groups * taps * ldw];
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int c = 0; c < cpg; c++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            wpk[(gr * taps + (o * kh + ky) * kw + kx) * ldw + c] =
                                    w[(((gr * opg + o) * cpg + c) * kh + kh - 1 - ky) * kw + kw - 1 - kx];
        int planes = opg * hb * wb, size = planes + ConvRowKernel.slack(kw);
        KernelPool.parallelFor(g.batch(), (n0, n1) -> {
            float[] buf = VectorConv.scratch(0, size);
            float[] tile = VectorConv.scratch(1, DirectConv.TILE);
            Arrays.fill(buf, planes, size, 0f);
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < groups; gr++) {
                    DirectConv.dilate(dy, (n * g.outC() + gr * opg) * oh * ow, opg, oh, ow, 1, 1, buf, hb, wb, top, left);
                    ConvRowKernel.correlate(buf, off, taps, wb, wpk, gr * taps * ldw, ldw, cpg,
                            dx, (n * g.inC() + gr * cpg) * h * wd, h, wd, true, null, 0, tile);
                }
            }
        });
    }

    /** dw += Σ_n dy ⋆ x, one lane-wise partial per task, lanes and tasks summed once at the end. */
    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int cpg = g.inPerGroup(), opg = g.outPerGroup(), groups = g.groups(), patch = g.patch();
        int h = g.inH(), wd = g.inW(), oh = g.outH(), ow = g.outW(), lanes = ConvMicro.L;
        int hp = h + 2 * g.padH(), wp = wd + 2 * g.padW();
        int taps6 = DirectConv.roundUp(patch, 6), co4 = DirectConv.roundUp(opg, 4), nj = DirectConv.roundUp(oh * wp, lanes);
        int[] off = ConvRowKernel.tapOffsets(cpg, g.kh(), g.kw(), hp, wp);
        int planes = cpg * hp * wp, size = planes + ConvRowKernel.slack(g.kw()), per = co4 * taps6 * lanes;
        int slices = Math.min(KernelPool.threads(), g.batch());
        float[][] partial = VectorConv.partials(slices, groups * per);
        KernelPool.parallelFor(slices, (s0, s1) -> {
            float[] xp = VectorConv.scratch(0, size);
            float[] dyr = VectorConv.scratch(2, co4 * nj);
            Arrays.fill(xp, planes, size, 0f);
            for (int s = s0; s < s1; s++) {
                Arrays.fill(partial[s], 0, groups * per, 0f);
                for (int n = g.batch() * s / slices; n < g.batch() * (s + 1) / slices; n++) {
                    for (int gr = 0; gr < groups; gr++) {
                        DirectConv.pad(x, (n * g.inC() + gr * cpg) * h * wd, cpg, h, wd, xp, 0, hp, wp, g.padH(), g.padW());
                        // dy on the padded-row grid; the dropped columns must be zero, they meet real x values
                        Arrays.fill(dyr, 0, co4 * nj, 0f);
                        int src = (n * g.outC() + gr * opg) * oh * ow;
                        for (int o = 0; o < opg; o++)
                            for (int oy = 0; oy < oh; oy++)
                                System.arraycopy(dy, src + (o * oh + oy) * ow, dyr, o * nj + oy * wp, ow);
                        ConvRowKernel.weightGrad(xp, off, taps6, dyr, nj, co4, partial[s], gr * per);
                    }
                }
            }
        });
        for (int gr = 0; gr < groups; gr++)
            for (int o = 0; o < opg; o++)
                for (int t = 0; t < patch; t++) {
                    float sum = 0f;
                    int base = gr * per + (o * taps6 + t) * lanes;
                    for (int i = 0; i < slices; i++)
                        for (int l = 0; l < lanes; l++) sum += partial[i][base + l];
                    dw[(gr * opg + o) * patch + t] += sum;
                }
    }
}
