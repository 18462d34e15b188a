package dev.slt.kernels;

/**
 * The direct (implicit-GEMM) convolution behind {@link VectorConv}: no im2col buffer. The input of one
 * image and group is copied once into a zero-padded plane stack {@code xp (C, Hp, Wp)}; then for every
 * block of output positions and every 16-channel block of outputs a {@link ConvMicro} kernel sums
 * {@code packed[tap][o] * xp[base(position) + offset(tap)]} over the taps, skipping kernel rows that
 * fall entirely into padding. Outputs are vectorised along the output channels, so a block needs no
 * particular width: 8x8 and 14x14 maps run as efficiently as 32x32 ones.
 */
final class DirectConv {

    private static final int L = ConvMicro.L;
    /** Largest tile: 4 vectors x 6 positions = 2 vectors x 12 positions. */
    static final int TILE = 24 * L;
    /** Weights per tap chunk of the forward kernels: well inside the 32 KiB L1 data cache. */
    static final int KC_BYTES = 16384;
    /** Position blocks are padded to a multiple of this (the longest kernel's stream count). */
    static final int BLOCK = 12;

    private DirectConv() {}

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Output channels rounded up to whole vectors: the packed weights' leading dimension. */
    static int padChannels(int c) {
        return roundUp(c, L);
    }

    /**
     * {@code bases[oy*ow + ox] = oy*sh*wp + ox*sw}: where each output position's window starts in the
     * padded plane; the tail up to a multiple of {@link #BLOCK} points at 0 (computed, then dropped).
     */
    static int[] positionBases(int oh, int ow, int sh, int sw, int wp) {
        int[] b = new int[roundUp(oh * ow, BLOCK)];
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++) b[oy * ow + ox] = oy * sh * wp + ox * sw;
        return b;
    }

    /** off[(ky*c + ch)*kw + kx] = (ch*hp + ky)*wp + kx: tap offsets in the order of {@link #packTaps}. */
    static int[] tapOffsets(int c, int kh, int kw, int hp, int wp) {
        int[] off = new int[c * kh * kw];
        for (int ky = 0; ky < kh; ky++)
            for (int ch = 0; ch < c; ch++)
                for (int kx = 0; kx < kw; kx++) off[(ky * c + ch) * kw + kx] = (ch * hp + ky) * wp + kx;
        return off;
    }

    /**
     * One image and group: {@code out[o][oy][ox] (+)= bias[o] + Σ_{ky,c,kx} packed[(ky*c+ch)*kw+kx][o] *
     * xp[ch][oy*sh+ky][ox*sw+kx]}, for o < co (packed has leading dimension coPad; {@code tapOff} from
     * {@link #tapOffsets}). Rows of xp outside [rowLo, rowHi) are known to be zero, so kernel rows that
     * only reach them are skipped.
     */
    static void correlate(float[] xp, int[] tapOff, int c, int kh, int kw, int sh, int rowLo, int rowHi,
                          float[] packed, int packedOff, int coPad, int co, float[] out, int outOff, int oh, int ow,
                          boolean accumulate, float[] bias, int biasOff, int[] bases, float[] tiles) {
        int n = oh * ow, perRow = c * kw, taps = kh * perRow;
        for (int oc0 = 0; oc0 < coPad; ) {
            int rem = coPad - oc0;
            int nv = rem >= 4 * L ? 4 : rem >= 2 * L ? 2 : 1;
            int p = nv == 4 ? 6 : 12, aOff = packedOff + oc0;
            // taps in chunks of KC_BYTES of weights, so the weight rows stay in L1 across all position blocks;
            // each block's accumulators wait in its own tile between chunks
            int kc = Math.max(1, KC_BYTES / (nv * L * 4));
            for (int k0 = 0; k0 < taps; k0 += kc) {
                for (int j0 = 0, blk = 0; j0 < n; j0 += p, blk++) {
                    int oyA = j0 / ow, oyB = Math.min(oh - 1, (j0 + p - 1) / ow);
                    int lo = Math.max(0, rowLo - oyB * sh), hi = Math.max(lo, Math.min(kh, rowHi - oyA * sh));
                    int r0 = Math.max(lo * perRow, k0), r1 = Math.max(r0, Math.min(hi * perRow, k0 + kc));
                    int tOff = blk * TILE;
                    switch (nv) {
                        case 4 -> ConvMicro.k4x6(xp, bases, j0, tapOff, r0, r1, packed, coPad, aOff, tiles, tOff, k0 > 0);
                        case 2 -> ConvMicro.k2x12(xp, bases, j0, tapOff, r0, r1, packed, coPad, aOff, tiles, tOff, k0 > 0);
                        default -> ConvMicro.k1x12(xp, bases, j0, tapOff, r0, r1, packed, coPad, aOff, tiles, tOff, k0 > 0);
                    }
                }
            }
            for (int j0 = 0, blk = 0; j0 < n; j0 += p, blk++)
                scatter(tiles, blk * TILE, nv * L, Math.min(p, n - j0), Math.min(nv * L, co - oc0), out,
                        outOff + oc0 * n + j0, n, accumulate, bias, bias == null ? 0 : biasOff + oc0);
            oc0 += nv * L;
        }
    }

    /** Tile floats {@link #correlate} needs for an output map of n positions. */
    static int tilesFor(int n) {
        return (n / 6 + 1) * TILE;
    }

    /** out[q*n + i] (+)= tile[i*ld + q] (+ bias[q]): the (positions, channels) tile back to NCHW. */
    static void scatter(float[] tile, int tOff, int ld, int positions, int channels, float[] out, int off, int n,
                                boolean accumulate, float[] bias, int biasOff) {
        for (int q = 0; q < channels; q++) {
            float b = bias == null ? 0f : bias[biasOff + q];
            int o = off + q * n;
            if (accumulate) {
                for (int i = 0; i < positions; i++) out[o + i] += tile[tOff + i * ld + q] + b;
            } else {
                for (int i = 0; i < positions; i++) out[o + i] = tile[tOff + i * ld + q] + b;
            }
        }
    }

    /**
     * Weight gradient of one image and group, added to {@code acc[accOff + t*coPad + o]} (taps padded to
     * {@link #BLOCK}): {@code acc[t][o] += Σ_j dyT[j][o] * xp[tapOff[t] + bases[j]]} over the n output positions.
     */
    static void weightGrad(float[] xp, int[] bases, int n, int[] tapOff, int taps,
                           float[] dyT, int coPad, int co, float[] acc, int accOff, float[] tile) {
        for (int oc0 = 0; oc0 < coPad; ) {
            int rem = coPad - oc0;
            int nv = rem >= 4 * L ? 4 : rem >= 2 * L ? 2 : 1;
            int p = nv == 4 ? 6 : 12;
            for (int t0 = 0; t0 < taps; t0 += p) {
                switch (nv) {
                    case 4 -> ConvMicro.k4x6(xp, tapOff, t0, bases, 0, n, dyT, coPad, oc0, tile, 0, false);
                    case 2 -> ConvMicro.k2x12(xp, tapOff, t0, bases, 0, n, dyT, coPad, oc0, tile, 0, false);
                    default -> ConvMicro.k1x12(xp, tapOff, t0, bases, 0, n, dyT, coPad, oc0, tile, 0, false);
                }
                int rows = Math.min(p, taps - t0), cols = Math.min(nv * L, co - oc0);
                for (int i = 0; i < rows; i++) {
                    int a = accOff + (t0 + i) * coPad + oc0, tI = i * nv * L;
                    for (int q = 0; q < cols; q++) acc[a + q] += tile[tI + q];
                }
            }
            oc0 += nv * L;
        }
    }

    /** xp (c, hp, wp) at xpOff = 0, then the planes x (c, h, w) at (top, left). */
    static void pad(float[] x, int xOff, int c, int h, int w, float[] xp, int xpOff, int hp, int wp, int top, int left) {
        java.util.Arrays.fill(xp, xpOff, xpOff + c * hp * wp, 0f);
        if (w > SHORT_ROW) {
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    System.arraycopy(x, xOff + (ch * h + y) * w, xp, xpOff + (ch * hp + y + top) * wp + left, w);
            return;
        }
        // rows of 8-16 floats: an arraycopy call each costs more than the copy; one masked vector per row
        var m = ConvMicro.S.indexInRange(0, w);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                jdk.incubator.vector.FloatVector.fromArray(ConvMicro.S, x, xOff + (ch * h + y) * w, m)
                        .intoArray(xp, xpOff + (ch * hp + y + top) * wp + left, m);
    }

    /** Rows up to one vector long are copied by {@link #pad} with a masked vector instead of an arraycopy. */
    private static final int SHORT_ROW = L;

    /**
     * The transposed-conv input of the data gradient: dy (c, oh, ow) spread with the stride into a zero
     * plane stack (c, hb, wb), dy[oy][ox] at (top + oy*sh, left + ox*sw); entries that land outside are
     * the ones whose window only covered padding, and are dropped.
     */
    static void dilate(float[] dy, int dyOff, int c, int oh, int ow, int sh, int sw,
                       float[] buf, int hb, int wb, int top, int left) {
        java.util.Arrays.fill(buf, 0, c * hb * wb, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                int r = top + oy * sh;
                if (r < 0 || r >= hb) continue;
                int src = dyOff + (ch * oh + oy) * ow, dst = (ch * hb + r) * wb;
                if (sw == 1 && left >= 0 && left + ow <= wb) {
                    System.arraycopy(dy, src, buf, dst + left, ow);
                    continue;
                }
                for (int ox = 0; ox < ow; ox++) {
                    int col = left + ox * sw;
                    if (col >= 0 && col < wb) buf[dst + col] = dy[src + ox];
                }
            }
        }
    }
}
