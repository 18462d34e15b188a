package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 direct convolution over a packed input panel (an implicit-GEMM B panel): for a block of
 * {@link #PB} output positions, the inputs of a chunk of taps are copied once into
 * {@code pan[(r - k0)*PB + i]}, one short vector copy per output row the block touches, and the
 * micro-kernels then read the panel and the weights with a constant stride. Indexing linear in the tap
 * lets C2 hoist the bounds checks out of the loop; the {@link ConvMicro} kernels read
 * {@code xp[u_i + off[r]]}, whose six checks and adds per tap kept them front-end bound (~57 % of peak).
 *
 * <p>Weights come blocked by output-channel tile ({@link #blockWeights}): the tile of {@code w} vectors
 * starting at channel oc0 is {@code (taps, w*L)} at {@code taps*oc0}, so its stride is a constant too.
 * Kernel rows that only see padding are still skipped per 6- or 12-position sub-block, as in {@link DirectConv}.
 */
final class ConvPanel {

    private static final VectorSpecies<Float> S = ConvMicro.S;
    private static final int L = ConvMicro.L;
    /**
     * Positions per panel: a multiple of both sub-block sizes (6 and 12). 96 measured 2-9 % faster than 48
     * (an 8x8 map is one panel, and each weight chunk serves more sub-blocks per pass from L2).
     */
    static final int PB = 96;
    /** Bytes of weights plus panel per tap chunk: both stay in the 32 KiB L1 across the sub-blocks. */
    private static final int CHUNK_BYTES = 24576;

    private ConvPanel() {}

    /** Tap chunk for coPad output channels. */
    static int chunk(int coPad) {
        return Math.max(8, CHUNK_BYTES / (4 * (coPad + PB)));
    }

    /**
     * Images per panel chunk for maps of {@code hw} output positions: up to 8 (and the batch, and 1 MiB of padded
     * planes), the count whose positions waste the least of the micro-kernels' work (each panel's last sub-block of 6
     * or 12 positions is computed whole) and of the threads' (chunks not a multiple of the thread count leave one
     * idle at the end); ties go to fewer images. A 7x7 map alone fills 49 of a panel's 96 positions.
     */
    static int imagesPerChunk(int hw, int batch, int coPad, int threads, int planeFloats) {
        int sub = width(coPad) == 4 * L ? 6 : 12, best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int k = 1; k <= Math.min(8, Math.max(1, batch)); k++) {
            if (k > 1 && (long) k * planeFloats * 4 > (1 << 20)) break;
            long n = (long) k * hw, computed = 0;
            for (long j0 = 0; j0 < n; j0 += PB) computed += (Math.min(PB, n - j0) + sub - 1) / sub * sub;
            int chunks = (batch + k - 1) / k, rounds = (chunks + threads - 1) / threads;
            double cost = (double) computed / n * rounds * threads / chunks;
            if (cost < bestCost - 1e-9) {
                bestCost = cost;
                best = k;
            }
        }
        return best;
    }

    /** Panel floats for a chunk: the last copy of a tap row may run up to a vector past it. */
    static int panelSize(int coPad) {
        return chunk(coPad) * PB + L;
    }

    /**
     * Tile floats per call: the accumulators of a whole panel, (PB, w) row-major per channel tile of width w
     * at {@code oc0*PB}, so each channel's PB outputs leave in one loop.
     */
    static int tileSize(int coPad) {
        return coPad * PB;
    }

    /**
     * From (taps, coPad) per group to channel tiles of 4, 2 or 1 vectors (the widths {@link #correlate} uses):
     * element (r, o) of tile oc0 (width w) at {@code taps*oc0 + r*w + o - oc0}.
     */
    static float[] blockWeights(float[] packed, int groups, int taps, int coPad) {
        float[] b = new float[packed.length];
        for (int gr = 0; gr < groups; gr++) {
            int base = gr * taps * coPad;
            for (int oc0 = 0; oc0 < coPad; ) {
                int w = width(coPad - oc0);
                for (int r = 0; r < taps; r++)
                    System.arraycopy(packed, base + r * coPad + oc0, b, base + taps * oc0 + r * w, w);
                oc0 += w;
            }
        }
        return b;
    }

    private static int width(int rem) {
        return rem >= 4 * L ? 4 * L : rem >= 2 * L ? 2 * L : L;
    }

    /**
     * Copy runs of each panel, for an output map of n = oh*ow positions in a plane stack of row length wp, read
     * with the layer's stride (1 or 2): run s of block b copies 16 inputs, {@code stride} floats apart, from
     * {@code xp[src[s] + off[r]]} to panel column {@code dst[s]}, for s in {@code [first[b], first[b+1])}. Runs
     * are at most a vector long and written in ascending order, so the tail a run writes past its end is
     * overwritten by the next one (or lies past the block).
     */
    record Runs(int[] first, int[] src, int[] dst, int stride, int images) {
        static Runs of(int oh, int ow, int wp) {
            return of(oh, ow, wp, 1, 1, 0);
        }

        /**
         * The runs of {@code images} images whose padded planes are {@code imageStride} floats apart, their positions
         * numbered image by image, so that a panel may hold the end of one image and the start of the next (on 7x7
         * maps one image fills 49 of a panel's 96 positions). A run never crosses a row, so never an image.
         */
        static Runs of(int oh, int ow, int wp, int stride, int images, int imageStride) {
            if (stride != 1 && stride != 2) throw new IllegalArgumentException("panel runs: stride " + stride + " (1 or 2)");
            int per = oh * ow, n = per * images, blocks = (n + PB - 1) / PB;
            int[] first = new int[blocks + 1];
            int[] src = new int[n], dst = new int[n];
            int s = 0;
            for (int b = 0; b < blocks; b++) {
                first[b] = s;
                for (int j = b * PB, end = Math.min(n, j + PB); j < end; ) {
                    int img = j / per, q = j - img * per, oy = q / ow, ox = q - oy * ow;
                    int len = Math.min(L, Math.min(ow - ox, end - j));
                    src[s] = img * imageStride + (oy * wp + ox) * stride;
                    dst[s++] = j - b * PB;
                    j += len;
                }
            }
            first[blocks] = s;
            return new Runs(first, src, dst, stride, images);
        }
    }

    /**
     * One image and group, stride s (1 or 2, the runs'): {@code out[o][oy][ox] (+)= bias[o] + Σ_r w[r][o] *
     * xp[off[r] + (oy*wp + ox)*s]} for o < co, with taps r in the (ky, c, kx) order of {@link DirectConv#tapOffsets}
     * and {@code wb} from {@link #blockWeights}. Rows of xp outside [rowLo, rowHi) are known to be zero; xp needs
     * s*L readable floats past its planes. Several images when the runs hold several ({@link Runs#of(int, int, int,
     * int, int, int)}): image i's output at {@code outOff + i*outImage}.
     */
    static void correlate(float[] xp, int[] off, int c, int kh, int kw, int rowLo, int rowHi, Runs runs,
                          float[] wb, int wOff, int coPad, int co, float[] out, int outOff, int oh, int ow,
                          boolean accumulate, float[] bias, int biasOff, float[] pan, float[] tiles) {
        correlate(xp, off, c, kh, kw, rowLo, rowHi, runs, wb, wOff, coPad, co, out, outOff, 0, oh, ow, accumulate,
                bias, biasOff, pan, tiles);
    }

    static void correlate(float[] xp, int[] off, int c, int kh, int kw, int rowLo, int rowHi, Runs runs,
                          float[] wb, int wOff, int coPad, int co, float[] out, int outOff, int outImage, int oh, int ow,
                          boolean accumulate, float[] bias, int biasOff, float[] pan, float[] tiles) {
        int per = oh * ow, n = per * runs.images(), perRow = c * kw, taps = kh * perRow, kc = chunk(coPad), sh = runs.stride();
        for (int j0 = 0, blk = 0; j0 < n; j0 += PB, blk++) {
            int s0 = runs.first()[blk], s1 = runs.first()[blk + 1];
            for (int k0 = 0; k0 < taps; k0 += kc) {
                int k1 = Math.min(taps, k0 + kc);
                if (sh == 1) pack(xp, off, k0, k1, runs.src(), runs.dst(), s0, s1, pan);
                else packEven(xp, off, k0, k1, runs.src(), runs.dst(), s0, s1, pan);
                for (int oc0 = 0; oc0 < coPad; ) {
                    int w = width(coPad - oc0), p = w == 4 * L ? 6 : 12, aOff = wOff + taps * oc0;
                    for (int b = 0; b < PB && j0 + b < n; b += p) {
                        int qA = j0 + b, qB = Math.min(n - 1, j0 + b + p - 1), imgA = qA / per;
                        int lo = 0, hi = kh;
                        if (imgA == qB / per) {   // kernel rows that see only padding, skipped where the sub-block is one image's
                            int oyA = (qA - imgA * per) / ow * sh, oyB = (qB - imgA * per) / ow * sh;
                            lo = Math.max(0, rowLo - oyB);
                            hi = Math.max(lo, Math.min(kh, rowHi - oyA));
                        }
                        int r0 = Math.max(lo * perRow, k0), r1 = Math.max(r0, Math.min(hi * perRow, k1));
                        int tOff = oc0 * PB + b * w, pOff = (r0 - k0) * PB + b;
                        switch (w / L) {
                            case 4 -> k4x6(pan, pOff, r1 - r0, wb, aOff + r0 * 4 * L, tiles, tOff, k0 > 0);
                            case 2 -> k2x12(pan, pOff, r1 - r0, wb, aOff + r0 * 2 * L, tiles, tOff, k0 > 0);
                            default -> k1x12(pan, pOff, r1 - r0, wb, aOff + r0 * L, tiles, tOff, k0 > 0);
                        }
                    }
                    oc0 += w;
                }
            }
            for (int oc0 = 0; oc0 < coPad; ) {
                int w = width(coPad - oc0);
                // one scatter per image the panel holds a part of
                for (int a = j0, end = Math.min(n, j0 + PB); a < end; ) {
                    int img = a / per, b = Math.min(end, (img + 1) * per);
                    DirectConv.scatter(tiles, oc0 * PB + (a - j0) * w, w, b - a, Math.min(w, co - oc0),
                            out, outOff + img * outImage + oc0 * per + a - img * per, per, accumulate, bias,
                            bias == null ? 0 : biasOff + oc0);
                    a = b;
                }
                oc0 += w;
            }
        }
    }

    /** pan[(r - k0)*PB + dst[s] ..] = xp[src[s] + off[r] ..], a vector per run (tails overwritten, see {@link Runs}). */
    private static void pack(float[] xp, int[] off, int k0, int k1, int[] src, int[] dst, int s0, int s1, float[] pan) {
        for (int r = k0; r < k1; r++) {
            int o = off[r], base = (r - k0) * PB;
            for (int s = s0; s < s1; s++) FloatVector.fromArray(S, xp, src[s] + o).intoArray(pan, base + dst[s]);
        }
    }

    /** Lane indexes into two vectors: their even lanes, the inputs of L consecutive outputs of a stride-2 row. */
    private static final FloatVector EVEN = FloatVector.fromArray(S, evenLanes(), 0);

    private static float[] evenLanes() {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) f[i] = 2 * i;
        return f;
    }

    /** {@link #pack} for stride 2: the even lanes of the two vectors from {@code xp[src[s] + off[r]]} (xp needs 2L floats of slack). */
    private static void packEven(float[] xp, int[] off, int k0, int k1, int[] src, int[] dst, int s0, int s1, float[] pan) {
        for (int r = k0; r < k1; r++) {
            int o = off[r], base = (r - k0) * PB;
            for (int s = s0; s < s1; s++) {
                int at = src[s] + o;
                EVEN.selectFrom(FloatVector.fromArray(S, xp, at), FloatVector.fromArray(S, xp, at + L)).intoArray(pan, base + dst[s]);
            }
        }
    }

    /** Accumulator start: zero, or the partial sum the previous tap chunk left in the tile. */
    private static FloatVector init(float[] tile, int i, boolean load) {
        return load ? FloatVector.fromArray(S, tile, i) : FloatVector.zero(S);
    }

    /** tile[i*4L + v*L ..] (+)= Σ_{r < m} a[aOff + r*4L + v*L ..] * pan[pOff + r*PB + i], i < 6, v < 4. */
    static void k4x6(float[] pan, int pOff, int m, float[] a, int aOff, float[] tile, int tOff, boolean load) {
        FloatVector c00 = init(tile, tOff, load), c01 = init(tile, tOff + L, load), c02 = init(tile, tOff + 2 * L, load), c03 = init(tile, tOff + 3 * L, load);
        FloatVector c10 = init(tile, tOff + 4 * L, load), c11 = init(tile, tOff + 5 * L, load), c12 = init(tile, tOff + 6 * L, load), c13 = init(tile, tOff + 7 * L, load);
        FloatVector c20 = init(tile, tOff + 8 * L, load), c21 = init(tile, tOff + 9 * L, load), c22 = init(tile, tOff + 10 * L, load), c23 = init(tile, tOff + 11 * L, load);
        FloatVector c30 = init(tile, tOff + 12 * L, load), c31 = init(tile, tOff + 13 * L, load), c32 = init(tile, tOff + 14 * L, load), c33 = init(tile, tOff + 15 * L, load);
        FloatVector c40 = init(tile, tOff + 16 * L, load), c41 = init(tile, tOff + 17 * L, load), c42 = init(tile, tOff + 18 * L, load), c43 = init(tile, tOff + 19 * L, load);
        FloatVector c50 = init(tile, tOff + 20 * L, load), c51 = init(tile, tOff + 21 * L, load), c52 = init(tile, tOff + 22 * L, load), c53 = init(tile, tOff + 23 * L, load);
        for (int r = 0; r < m; r++) {
            int ai = aOff + r * (4 * L), pi = pOff + r * PB;
            FloatVector a0 = FloatVector.fromArray(S, a, ai);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector a2 = FloatVector.fromArray(S, a, ai + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, a, ai + 3 * L);
            FloatVector b = FloatVector.broadcast(S, pan[pi]);
            c00 = a0.fma(b, c00); c01 = a1.fma(b, c01); c02 = a2.fma(b, c02); c03 = a3.fma(b, c03);
            b = FloatVector.broadcast(S, pan[pi + 1]);
            c10 = a0.fma(b, c10); c11 = a1.fma(b, c11); c12 = a2.fma(b, c12); c13 = a3.fma(b, c13);
            b = FloatVector.broadcast(S, pan[pi + 2]);
            c20 = a0.fma(b, c20); c21 = a1.fma(b, c21); c22 = a2.fma(b, c22); c23 = a3.fma(b, c23);
            b = FloatVector.broadcast(S, pan[pi + 3]);
            c30 = a0.fma(b, c30); c31 = a1.fma(b, c31); c32 = a2.fma(b, c32); c33 = a3.fma(b, c33);
            b = FloatVector.broadcast(S, pan[pi + 4]);
            c40 = a0.fma(b, c40); c41 = a1.fma(b, c41); c42 = a2.fma(b, c42); c43 = a3.fma(b, c43);
            b = FloatVector.broadcast(S, pan[pi + 5]);
            c50 = a0.fma(b, c50); c51 = a1.fma(b, c51); c52 = a2.fma(b, c52); c53 = a3.fma(b, c53);
        }
        int w = 4 * L;
        c00.intoArray(tile, tOff); c01.intoArray(tile, tOff + L); c02.intoArray(tile, tOff + 2 * L); c03.intoArray(tile, tOff + 3 * L);
        c10.intoArray(tile, tOff + w); c11.intoArray(tile, tOff + w + L); c12.intoArray(tile, tOff + w + 2 * L); c13.intoArray(tile, tOff + w + 3 * L);
        c20.intoArray(tile, tOff + 2 * w); c21.intoArray(tile, tOff + 2 * w + L); c22.intoArray(tile, tOff + 2 * w + 2 * L); c23.intoArray(tile, tOff + 2 * w + 3 * L);
        c30.intoArray(tile, tOff + 3 * w); c31.intoArray(tile, tOff + 3 * w + L); c32.intoArray(tile, tOff + 3 * w + 2 * L); c33.intoArray(tile, tOff + 3 * w + 3 * L);
        c40.intoArray(tile, tOff + 4 * w); c41.intoArray(tile, tOff + 4 * w + L); c42.intoArray(tile, tOff + 4 * w + 2 * L); c43.intoArray(tile, tOff + 4 * w + 3 * L);
        c50.intoArray(tile, tOff + 5 * w); c51.intoArray(tile, tOff + 5 * w + L); c52.intoArray(tile, tOff + 5 * w + 2 * L); c53.intoArray(tile, tOff + 5 * w + 3 * L);
    }

    /** tile[i*2L + v*L ..] (+)= Σ_{r < m} a[aOff + r*2L + v*L ..] * pan[pOff + r*PB + i], i < 12, v < 2. */
    static void k2x12(float[] pan, int pOff, int m, float[] a, int aOff, float[] tile, int tOff, boolean load) {
        FloatVector c00 = init(tile, tOff, load), c01 = init(tile, tOff + L, load), c10 = init(tile, tOff + 2 * L, load), c11 = init(tile, tOff + 3 * L, load);
        FloatVector c20 = init(tile, tOff + 4 * L, load), c21 = init(tile, tOff + 5 * L, load), c30 = init(tile, tOff + 6 * L, load), c31 = init(tile, tOff + 7 * L, load);
        FloatVector c40 = init(tile, tOff + 8 * L, load), c41 = init(tile, tOff + 9 * L, load), c50 = init(tile, tOff + 10 * L, load), c51 = init(tile, tOff + 11 * L, load);
        FloatVector c60 = init(tile, tOff + 12 * L, load), c61 = init(tile, tOff + 13 * L, load), c70 = init(tile, tOff + 14 * L, load), c71 = init(tile, tOff + 15 * L, load);
        FloatVector c80 = init(tile, tOff + 16 * L, load), c81 = init(tile, tOff + 17 * L, load), c90 = init(tile, tOff + 18 * L, load), c91 = init(tile, tOff + 19 * L, load);
        FloatVector ca0 = init(tile, tOff + 20 * L, load), ca1 = init(tile, tOff + 21 * L, load), cb0 = init(tile, tOff + 22 * L, load), cb1 = init(tile, tOff + 23 * L, load);
        for (int r = 0; r < m; r++) {
            int ai = aOff + r * (2 * L), pi = pOff + r * PB;
            FloatVector a0 = FloatVector.fromArray(S, a, ai);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector b = FloatVector.broadcast(S, pan[pi]); c00 = a0.fma(b, c00); c01 = a1.fma(b, c01);
            b = FloatVector.broadcast(S, pan[pi + 1]); c10 = a0.fma(b, c10); c11 = a1.fma(b, c11);
            b = FloatVector.broadcast(S, pan[pi + 2]); c20 = a0.fma(b, c20); c21 = a1.fma(b, c21);
            b = FloatVector.broadcast(S, pan[pi + 3]); c30 = a0.fma(b, c30); c31 = a1.fma(b, c31);
            b = FloatVector.broadcast(S, pan[pi + 4]); c40 = a0.fma(b, c40); c41 = a1.fma(b, c41);
            b = FloatVector.broadcast(S, pan[pi + 5]); c50 = a0.fma(b, c50); c51 = a1.fma(b, c51);
            b = FloatVector.broadcast(S, pan[pi + 6]); c60 = a0.fma(b, c60); c61 = a1.fma(b, c61);
            b = FloatVector.broadcast(S, pan[pi + 7]); c70 = a0.fma(b, c70); c71 = a1.fma(b, c71);
            b = FloatVector.broadcast(S, pan[pi + 8]); c80 = a0.fma(b, c80); c81 = a1.fma(b, c81);
            b = FloatVector.broadcast(S, pan[pi + 9]); c90 = a0.fma(b, c90); c91 = a1.fma(b, c91);
            b = FloatVector.broadcast(S, pan[pi + 10]); ca0 = a0.fma(b, ca0); ca1 = a1.fma(b, ca1);
            b = FloatVector.broadcast(S, pan[pi + 11]); cb0 = a0.fma(b, cb0); cb1 = a1.fma(b, cb1);
        }
        int w = 2 * L;
        c00.intoArray(tile, tOff); c01.intoArray(tile, tOff + L); c10.intoArray(tile, tOff + w); c11.intoArray(tile, tOff + w + L);
        c20.intoArray(tile, tOff + 2 * w); c21.intoArray(tile, tOff + 2 * w + L); c30.intoArray(tile, tOff + 3 * w); c31.intoArray(tile, tOff + 3 * w + L);
        c40.intoArray(tile, tOff + 4 * w); c41.intoArray(tile, tOff + 4 * w + L); c50.intoArray(tile, tOff + 5 * w); c51.intoArray(tile, tOff + 5 * w + L);
        c60.intoArray(tile, tOff + 6 * w); c61.intoArray(tile, tOff + 6 * w + L); c70.intoArray(tile, tOff + 7 * w); c71.intoArray(tile, tOff + 7 * w + L);
        c80.intoArray(tile, tOff + 8 * w); c81.intoArray(tile, tOff + 8 * w + L); c90.intoArray(tile, tOff + 9 * w); c91.intoArray(tile, tOff + 9 * w + L);
        ca0.intoArray(tile, tOff + 10 * w); ca1.intoArray(tile, tOff + 10 * w + L); cb0.intoArray(tile, tOff + 11 * w); cb1.intoArray(tile, tOff + 11 * w + L);
    }

    /** tile[i*L ..] (+)= Σ_{r < m} a[aOff + r*L ..] * pan[pOff + r*PB + i], i < 12. */
    static void k1x12(float[] pan, int pOff, int m, float[] a, int aOff, float[] tile, int tOff, boolean load) {
        FloatVector c0 = init(tile, tOff, load), c1 = init(tile, tOff + L, load), c2 = init(tile, tOff + 2 * L, load), c3 = init(tile, tOff + 3 * L, load);
        FloatVector c4 = init(tile, tOff + 4 * L, load), c5 = init(tile, tOff + 5 * L, load), c6 = init(tile, tOff + 6 * L, load), c7 = init(tile, tOff + 7 * L, load);
        FloatVector c8 = init(tile, tOff + 8 * L, load), c9 = init(tile, tOff + 9 * L, load), ca = init(tile, tOff + 10 * L, load), cb = init(tile, tOff + 11 * L, load);
        for (int r = 0; r < m; r++) {
            int pi = pOff + r * PB;
            FloatVector a0 = FloatVector.fromArray(S, a, aOff + r * L);
            c0 = a0.fma(FloatVector.broadcast(S, pan[pi]), c0);
            c1 = a0.fma(FloatVector.broadcast(S, pan[pi + 1]), c1);
            c2 = a0.fma(FloatVector.broadcast(S, pan[pi + 2]), c2);
            c3 = a0.fma(FloatVector.broadcast(S, pan[pi + 3]), c3);
            c4 = a0.fma(FloatVector.broadcast(S, pan[pi + 4]), c4);
            c5 = a0.fma(FloatVector.broadcast(S, pan[pi + 5]), c5);
            c6 = a0.fma(FloatVector.broadcast(S, pan[pi + 6]), c6);
            c7 = a0.fma(FloatVector.broadcast(S, pan[pi + 7]), c7);
            c8 = a0.fma(FloatVector.broadcast(S, pan[pi + 8]), c8);
            c9 = a0.fma(FloatVector.broadcast(S, pan[pi + 9]), c9);
            ca = a0.fma(FloatVector.broadcast(S, pan[pi + 10]), ca);
            cb = a0.fma(FloatVector.broadcast(S, pan[pi + 11]), cb);
        }
        c0.intoArray(tile, tOff); c1.intoArray(tile, tOff + L); c2.intoArray(tile, tOff + 2 * L); c3.intoArray(tile, tOff + 3 * L);
        c4.intoArray(tile, tOff + 4 * L); c5.intoArray(tile, tOff + 5 * L); c6.intoArray(tile, tOff + 6 * L); c7.intoArray(tile, tOff + 7 * L);
        c8.intoArray(tile, tOff + 8 * L); c9.intoArray(tile, tOff + 9 * L); ca.intoArray(tile, tOff + 10 * L); cb.intoArray(tile, tOff + 11 * L);
    }
}
