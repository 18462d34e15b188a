package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 and -2 correlation, vectorised along output channels, for maps whose output rows are a multiple of 7 wide
 * (ResNet-20's 7x7 and 14x14 stages, 28x28): straight from the zero-padded planes, with no panel copy. The output
 * positions are cut into half-strips of 7 consecutive positions of a row, and half-strips are taken in pairs; a
 * pair is one {@link #k2x14} call, 2 vectors of output channels by 14 positions, whose inputs for a tap sit at
 * {@code p + s*i} and {@code p + d + s*i} (i &lt; 7, stride s) for a per-tap base p and a per-pair distance d: one
 * base add and fourteen broadcasts at constant displacements per tap, where {@link ConvPanel} first copies every tap's
 * inputs into a panel (a tenth to a quarter of its time on 7x7 and 14x14 maps; at stride 2 a gather of every second input).
 * Measured against the paths it replaces (batch 64, 1 thread): 1.18x faster at 64->64 @7², 1.29x at 32->32 @14²
 * (in-process, alternated), 1.37x at 32->64 stride 2 @14² and 1.45x at 16->32 stride 2 @28² (alternated processes).
 *
 * <p>Sums run over the taps in the same (ky, c, kx) order as {@link ConvPanel}'s, from zero (the two agreed to the bit
 * at 64->64 @7²); kernel rows that only see padding are skipped per pair, as there per sub-block. Inside ResNet-20 the
 * inference forward ran 1.14-1.15x faster with these layers on strips (per-call timing in alternated processes).
 */
final class StripConv {

    private static final VectorSpecies<Float> S = ConvMicro.S;
    private static final int L = ConvMicro.L;
    /** Positions per half-strip, and output channels per tile (two vectors). */
    static final int HALF = 7, TILE = 2 * L;

    private StripConv() {}

    /** Groups 1, stride 1 or 2 (the same both ways), output rows a multiple of {@link #HALF} wide. */
    static boolean fits(ConvGeometry g) {
        return g.groups() == 1 && g.strideH() == g.strideW() && g.strideH() <= 2 && g.outW() % HALF == 0 && g.outH() >= 1;
    }

    /** Images per chunk: two when an image has an odd number of half-strips, so that every pair is whole. */
    static int imagesPerChunk(int oh, int ow) {
        return oh * (ow / HALF) % 2 == 0 ? 1 : 2;
    }

    /**
     * The pairs of half-strips of {@code images} images, image after image: per pair the input base of its first
     * half ({@code (oy*wp + ox)*stride} in the padded planes of image i, plus {@code i*plane}), the distance to its second
     * half's, both halves' output offsets ({@code i*outImage + oy*ow + ox}; -1 for a last pair with no second half,
     * which then computes its first half twice), and the range of taps whose kernel rows see a row of
     * {@code [rowLo, rowHi)} for either half.
     */
    record Pairs(int[] base, int[] dist, int[] out0, int[] out1, int[] r0, int[] r1, int stride) {
        static Pairs of(int oh, int ow, int wp, int plane, int images, int outImage, int kh, int perRow, int rowLo, int rowHi) {
            return of(oh, ow, wp, 1, plane, images, outImage, kh, perRow, rowLo, rowHi);
        }

        static Pairs of(int oh, int ow, int wp, int stride, int plane, int images, int outImage, int kh, int perRow, int rowLo, int rowHi) {
            if (stride != 1 && stride != 2) throw new IllegalArgumentException("strip pairs: stride " + stride + " (1 or 2)");
            int perImage = oh * (ow / HALF), halves = images * perImage, n = (halves + 1) / 2;
            int[] base = new int[n], dist = new int[n], out0 = new int[n], out1 = new int[n], r0 = new int[n], r1 = new int[n];
            for (int p = 0; p < n; p++) {
                int a = 2 * p, b = Math.min(a + 1, halves - 1);
                int ia = a / perImage, qa = a % perImage, oyA = qa / (ow / HALF), oxA = qa % (ow / HALF) * HALF;
                int ib = b / perImage, qb = b % perImage, oyB = qb / (ow / HALF), oxB = qb % (ow / HALF) * HALF;
                base[p] = ia * plane + (oyA * wp + oxA) * stride;
                dist[p] = ib * plane + (oyB * wp + oxB) * stride - base[p];
                out0[p] = ia * outImage + oyA * ow + oxA;
                out1[p] = b == a ? -1 : ib * outImage + oyB * ow + oxB;
                int yMin = Math.min(oyA, oyB) * stride, yMax = Math.max(oyA, oyB) * stride;
                int lo = Math.max(0, rowLo - yMax), hi = Math.max(lo, Math.min(kh, rowHi - yMin));
                r0[p] = lo * perRow;
                r1[p] = hi * perRow;
            }
            return new Pairs(base, dist, out0, out1, r0, r1, stride);
        }
    }

    /** From (taps, coPad) to tiles of {@link #TILE} channels: element (r, o) at {@code taps*o0 + r*TILE + o - o0}, o0 = o rounded down. */
    static float[] blockWeights(float[] packed, int taps, int coPad) {
        float[] b = new float[taps * coPad];
        for (int o0 = 0; o0 < coPad; o0 += TILE)
            for (int r = 0; r < taps; r++) System.arraycopy(packed, r * coPad + o0, b, taps * o0 + r * TILE, TILE);
        return b;
    }

    /**
     * {@code out[outOff + i*outImage + o*hw + j] (+)= bias[o] + Σ_r wb(r, o) * xp[off[r] + base(i, j)]} for the images
     * and positions of the pairs, o &lt; co; wb from {@link #blockWeights}, taps r in {@code [0, taps)}; tile: the
     * calling thread's {@code 14 * TILE} floats.
     */
    static void correlate(float[] xp, int[] off, int taps, Pairs pairs, float[] wb, int coPad, int co, float[] out,
                          int outOff, int hw, boolean accumulate, float[] bias, float[] tile) {
        for (int o0 = 0; o0 < coPad; o0 += TILE) {
            int aOff = taps * o0, chans = Math.min(TILE, co - o0);
            for (int p = 0; p < pairs.base.length; p++) {
                if (pairs.stride == 1) k2x14(xp, pairs.base[p], pairs.dist[p], off, pairs.r0[p], pairs.r1[p], wb, aOff, tile);
                else k2x14s2(xp, pairs.base[p], pairs.dist[p], off, pairs.r0[p], pairs.r1[p], wb, aOff, tile);
                store(tile, 0, chans, out, outOff + pairs.out0[p] + o0 * hw, hw, accumulate, bias, o0);
                if (pairs.out1[p] >= 0)
                    store(tile, HALF * TILE, chans, out, outOff + pairs.out1[p] + o0 * hw, hw, accumulate, bias, o0);
            }
        }
    }

    /** One half-strip of the tile (7 positions by {@code chans} channels, (position, channel) order) into NCHW. */
    private static void store(float[] tile, int tOff, int chans, float[] out, int o, int hw, boolean accumulate, float[] bias, int o0) {
        for (int q = 0; q < chans; q++, o += hw) {
            float b = bias == null ? 0f : bias[o0 + q];
            int t = tOff + q;
            if (accumulate) {
                for (int i = 0; i < HALF; i++) out[o + i] += tile[t + i * TILE] + b;
            } else {
                for (int i = 0; i < HALF; i++) out[o + i] = tile[t + i * TILE] + b;
            }
        }
    }

    /**
     * {@code tile[i*TILE + v*L ..] = Σ_{r0 <= r < r1} a[aOff + r*TILE + v*L ..] * xp[base + off[r] + d_i]}, with
     * {@code d_i = i} for i &lt; 7 and {@code dist + i - 7} after: 28 accumulators in registers.
     */
    static void k2x14(float[] xp, int base, int dist, int[] off, int r0, int r1, float[] a, int aOff, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        FloatVector cc0 = z, cc1 = z, cd0 = z, cd1 = z;
        for (int r = r0; r < r1; r++) {
            int p = base + off[r], q = p + dist, ai = aOff + r * TILE;
            FloatVector a0 = FloatVector.fromArray(S, a, ai), a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector b = FloatVector.broadcast(S, xp[p]); c00 = a0.fma(b, c00); c01 = a1.fma(b, c01);
            b = FloatVector.broadcast(S, xp[p + 1]); c10 = a0.fma(b, c10); c11 = a1.fma(b, c11);
            b = FloatVector.broadcast(S, xp[p + 2]); c20 = a0.fma(b, c20); c21 = a1.fma(b, c21);
            b = FloatVector.broadcast(S, xp[p + 3]); c30 = a0.fma(b, c30); c31 = a1.fma(b, c31);
            b = FloatVector.broadcast(S, xp[p + 4]); c40 = a0.fma(b, c40); c41 = a1.fma(b, c41);
            b = FloatVector.broadcast(S, xp[p + 5]); c50 = a0.fma(b, c50); c51 = a1.fma(b, c51);
            b = FloatVector.broadcast(S, xp[p + 6]); c60 = a0.fma(b, c60); c61 = a1.fma(b, c61);
            b = FloatVector.broadcast(S, xp[q]); c70 = a0.fma(b, c70); c71 = a1.fma(b, c71);
            b = FloatVector.broadcast(S, xp[q + 1]); c80 = a0.fma(b, c80); c81 = a1.fma(b, c81);
            b = FloatVector.broadcast(S, xp[q + 2]); c90 = a0.fma(b, c90); c91 = a1.fma(b, c91);
            b = FloatVector.broadcast(S, xp[q + 3]); ca0 = a0.fma(b, ca0); ca1 = a1.fma(b, ca1);
            b = FloatVector.broadcast(S, xp[q + 4]); cb0 = a0.fma(b, cb0); cb1 = a1.fma(b, cb1);
            b = FloatVector.broadcast(S, xp[q + 5]); cc0 = a0.fma(b, cc0); cc1 = a1.fma(b, cc1);
            b = FloatVector.broadcast(S, xp[q + 6]); cd0 = a0.fma(b, cd0); cd1 = a1.fma(b, cd1);
        }
        int w = TILE;
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, w); c11.intoArray(tile, w + L);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + L); c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + L);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + L); c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + L);
        c60.intoArray(tile, 6 * w); c61.intoArray(tile, 6 * w + L); c70.intoArray(tile, 7 * w); c71.intoArray(tile, 7 * w + L);
        c80.intoArray(tile, 8 * w); c81.intoArray(tile, 8 * w + L); c90.intoArray(tile, 9 * w); c91.intoArray(tile, 9 * w + L);
        ca0.intoArray(tile, 10 * w); ca1.intoArray(tile, 10 * w + L); cb0.intoArray(tile, 11 * w); cb1.intoArray(tile, 11 * w + L);
        cc0.intoArray(tile, 12 * w); cc1.intoArray(tile, 12 * w + L); cd0.intoArray(tile, 13 * w); cd1.intoArray(tile, 13 * w + L);
    }

    /**
     * {@link #k2x14} at stride 2: {@code d_i = 2i} for i &lt; 7 and {@code dist + 2(i - 7)} after. A copy rather than a
     * stride parameter: the displacements must be constants for C2 to fold them into the loads.
     */
    static void k2x14s2(float[] xp, int base, int dist, int[] off, int r0, int r1, float[] a, int aOff, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        FloatVector cc0 = z, cc1 = z, cd0 = z, cd1 = z;
        for (int r = r0; r < r1; r++) {
            int p = base + off[r], q = p + dist, ai = aOff + r * TILE;
            FloatVector a0 = FloatVector.fromArray(S, a, ai), a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector b = FloatVector.broadcast(S, xp[p]); c00 = a0.fma(b, c00); c01 = a1.fma(b, c01);
            b = FloatVector.broadcast(S, xp[p + 2]); c10 = a0.fma(b, c10); c11 = a1.fma(b, c11);
            b = FloatVector.broadcast(S, xp[p + 4]); c20 = a0.fma(b, c20); c21 = a1.fma(b, c21);
            b = FloatVector.broadcast(S, xp[p + 6]); c30 = a0.fma(b, c30); c31 = a1.fma(b, c31);
            b = FloatVector.broadcast(S, xp[p + 8]); c40 = a0.fma(b, c40); c41 = a1.fma(b, c41);
            b = FloatVector.broadcast(S, xp[p + 10]); c50 = a0.fma(b, c50); c51 = a1.fma(b, c51);
            b = FloatVector.broadcast(S, xp[p + 12]); c60 = a0.fma(b, c60); c61 = a1.fma(b, c61);
            b = FloatVector.broadcast(S, xp[q]); c70 = a0.fma(b, c70); c71 = a1.fma(b, c71);
            b = FloatVector.broadcast(S, xp[q + 2]); c80 = a0.fma(b, c80); c81 = a1.fma(b, c81);
            b = FloatVector.broadcast(S, xp[q + 4]); c90 = a0.fma(b, c90); c91 = a1.fma(b, c91);
            b = FloatVector.broadcast(S, xp[q + 6]); ca0 = a0.fma(b, ca0); ca1 = a1.fma(b, ca1);
            b = FloatVector.broadcast(S, xp[q + 8]); cb0 = a0.fma(b, cb0); cb1 = a1.fma(b, cb1);
            b = FloatVector.broadcast(S, xp[q + 10]); cc0 = a0.fma(b, cc0); cc1 = a1.fma(b, cc1);
            b = FloatVector.broadcast(S, xp[q + 12]); cd0 = a0.fma(b, cd0); cd1 = a1.fma(b, cd1);
        }
        int w = TILE;
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, w); c11.intoArray(tile, w + L);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + L); c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + L);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + L); c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + L);
        c60.intoArray(tile, 6 * w); c61.intoArray(tile, 6 * w + L); c70.intoArray(tile, 7 * w); c71.intoArray(tile, 7 * w + L);
        c80.intoArray(tile, 8 * w); c81.intoArray(tile, 8 * w + L); c90.intoArray(tile, 9 * w); c91.intoArray(tile, 9 * w + L);
        ca0.intoArray(tile, 10 * w); ca1.intoArray(tile, 10 * w + L); cb0.intoArray(tile, 11 * w); cb1.intoArray(tile, 11 * w + L);
        cc0.intoArray(tile, 12 * w); cc1.intoArray(tile, 12 * w + L); cd0.intoArray(tile, 13 * w); cd1.intoArray(tile, 13 * w + L);
    }
}
