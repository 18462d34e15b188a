package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 direct convolution vectorised along the output positions, for layers with few output channels
 * (16 or 32: one or two vectors of channels would leave {@link ConvMicro} with a load per FMA). Outputs are
 * computed on the padded-row grid: position j = oy*wp + ox of a zero-padded plane stack (c, hp, wp), so
 * tap (c, ky, kx) reads the contiguous run {@code xp[(c*hp + ky)*wp + kx + j ...]}; the columns
 * ox >= ow of that grid are computed and dropped ((wp - ow)/wp of the work: 6 % at 32x32, 11 % at 16x16).
 * The buffer needs {@link #slack} zero floats after the planes, so the last block may run past them.
 */
final class ConvRowKernel {

    static final VectorSpecies<Float> S = ConvMicro.S;
    static final int L = ConvMicro.L;
    /** Output channels per forward block (weights padded to a multiple). */
    static final int MO = 8;
    /** Positions per block: three vectors. */
    static final int JB = 3 * L;

    private ConvRowKernel() {}

    static int slack(int kw) {
        return kw + JB;
    }

    /** off[(c*kh + ky)*kw + kx] = (c*hp + ky)*wp + kx: the natural (c, ky, kx) tap order of w. */
    static int[] tapOffsets(int c, int kh, int kw, int hp, int wp) {
        int[] off = new int[DirectConv.roundUp(c * kh * kw, 6)];
        for (int ch = 0; ch < c; ch++)
            for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++) off[(ch * kh + ky) * kw + kx] = (ch * hp + ky) * wp + kx;
        return off;
    }

    /**
     * One image and group: {@code out[o][oy][ox] (+)= bias[o] + Σ_t wpk[t][o] * xp[off[t] + oy*wp + ox]} for
     * o < co, oy < oh, ox < ow; {@code wpk} is (taps, ldw) with ldw a multiple of {@link #MO}.
     */
    static void correlate(float[] xp, int[] off, int taps, int wp, float[] wpk, int wOff, int ldw, int co,
                          float[] out, int outOff, int oh, int ow, boolean accumulate, float[] bias, int biasOff,
                          float[] tile) {
        int n = oh * wp;
        for (int o0 = 0; o0 < co; o0 += MO) {
            for (int j0 = 0; j0 < n; j0 += JB) {
                m8x3(xp, off, taps, j0, wpk, ldw, wOff + o0, tile);
                int oc = Math.min(MO, co - o0);
                // the block's positions j0 .. j0+JB-1, one padded row at a time; columns ox >= ow are dropped
                for (int j = j0, end = Math.min(j0 + JB, n); j < end; ) {
                    int oy = j / wp, ox0 = j - oy * wp, rowEnd = Math.min(end, j + wp - ox0);
                    int len = Math.min(ow, ox0 + rowEnd - j) - ox0;
                    for (int q = 0; q < oc && len > 0; q++) {
                        int dst = outOff + ((o0 + q) * oh + oy) * ow + ox0, src = q * JB + j - j0;
                        if (accumulate) {
                            for (int i = 0; i < len; i++) out[dst + i] += tile[src + i];
                        } else if (bias == null) {
                            System.arraycopy(tile, src, out, dst, len);
                        } else {
                            float b = bias[biasOff + o0 + q];
                            for (int i = 0; i < len; i++) out[dst + i] = tile[src + i] + b;
                        }
                    }
                    j = rowEnd;
                }
            }
        }
    }

    /** tile[q*JB + v*L + l] = Σ_t w[t*ldw + wOff + q] * xp[off[t] + j0 + v*L + l], q < 8, v < 3. */
    static void m8x3(float[] xp, int[] off, int taps, int j0, float[] w, int ldw, int wOff, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        for (int t = 0; t < taps; t++) {
            int o = off[t] + j0, wi = t * ldw + wOff;
            FloatVector x0 = FloatVector.fromArray(S, xp, o);
            FloatVector x1 = FloatVector.fromArray(S, xp, o + L);
            FloatVector x2 = FloatVector.fromArray(S, xp, o + 2 * L);
            FloatVector b = FloatVector.broadcast(S, w[wi]); c00 = x0.fma(b, c00); c01 = x1.fma(b, c01); c02 = x2.fma(b, c02);
            b = FloatVector.broadcast(S, w[wi + 1]); c10 = x0.fma(b, c10); c11 = x1.fma(b, c11); c12 = x2.fma(b, c12);
            b = FloatVector.broadcast(S, w[wi + 2]); c20 = x0.fma(b, c20); c21 = x1.fma(b, c21); c22 = x2.fma(b, c22);
            b = FloatVector.broadcast(S, w[wi + 3]); c30 = x0.fma(b, c30); c31 = x1.fma(b, c31); c32 = x2.fma(b, c32);
            b = FloatVector.broadcast(S, w[wi + 4]); c40 = x0.fma(b, c40); c41 = x1.fma(b, c41); c42 = x2.fma(b, c42);
            b = FloatVector.broadcast(S, w[wi + 5]); c50 = x0.fma(b, c50); c51 = x1.fma(b, c51); c52 = x2.fma(b, c52);
            b = FloatVector.broadcast(S, w[wi + 6]); c60 = x0.fma(b, c60); c61 = x1.fma(b, c61); c62 = x2.fma(b, c62);
            b = FloatVector.broadcast(S, w[wi + 7]); c70 = x0.fma(b, c70); c71 = x1.fma(b, c71); c72 = x2.fma(b, c72);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, JB); c11.intoArray(tile, JB + L); c12.intoArray(tile, JB + 2 * L);
        c20.intoArray(tile, 2 * JB); c21.intoArray(tile, 2 * JB + L); c22.intoArray(tile, 2 * JB + 2 * L);
        c30.intoArray(tile, 3 * JB); c31.intoArray(tile, 3 * JB + L); c32.intoArray(tile, 3 * JB + 2 * L);
        c40.intoArray(tile, 4 * JB); c41.intoArray(tile, 4 * JB + L); c42.intoArray(tile, 4 * JB + 2 * L);
        c50.intoArray(tile, 5 * JB); c51.intoArray(tile, 5 * JB + L); c52.intoArray(tile, 5 * JB + 2 * L);
        c60.intoArray(tile, 6 * JB); c61.intoArray(tile, 6 * JB + L); c62.intoArray(tile, 6 * JB + 2 * L);
        c70.intoArray(tile, 7 * JB); c71.intoArray(tile, 7 * JB + L); c72.intoArray(tile, 7 * JB + 2 * L);
    }

    /**
     * Weight gradient of one image: {@code acc[accOff + ((o*taps6) + t)*L + l] += Σ_{j ≡ l} dyr[o][j] * xp[off[t] + j]} for
     * o < co4 (multiple of 4), t < taps6 (multiple of 6), over the nj = whole vectors of the padded-row grid;
     * {@code dyr} is dy on that grid (zeros at the dropped columns). Lanes are summed by the caller, once.
     */
    static void weightGrad(float[] xp, int[] off, int taps6, float[] dyr, int nj, int co4, float[] acc, int accOff) {
        for (int o0 = 0; o0 < co4; o0 += 4)
            for (int t0 = 0; t0 < taps6; t0 += 6) r4x6(xp, off, t0, dyr, o0 * nj, nj, acc, accOff + (o0 * taps6 + t0) * L, taps6 * L);
    }

    private static void r4x6(float[] xp, int[] off, int t0, float[] d, int dOff, int nj, float[] acc, int aOff, int ldo) {
        int u0 = off[t0], u1 = off[t0 + 1], u2 = off[t0 + 2], u3 = off[t0 + 3], u4 = off[t0 + 4], u5 = off[t0 + 5];
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00, c25 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00, c34 = c00, c35 = c00;
        for (int j = 0; j < nj; j += L) {
            FloatVector d0 = FloatVector.fromArray(S, d, dOff + j);
            FloatVector d1 = FloatVector.fromArray(S, d, dOff + nj + j);
            FloatVector d2 = FloatVector.fromArray(S, d, dOff + 2 * nj + j);
            FloatVector d3 = FloatVector.fromArray(S, d, dOff + 3 * nj + j);
            FloatVector x = FloatVector.fromArray(S, xp, u0 + j);
            c00 = d0.fma(x, c00); c10 = d1.fma(x, c10); c20 = d2.fma(x, c20); c30 = d3.fma(x, c30);
            x = FloatVector.fromArray(S, xp, u1 + j);
            c01 = d0.fma(x, c01); c11 = d1.fma(x, c11); c21 = d2.fma(x, c21); c31 = d3.fma(x, c31);
            x = FloatVector.fromArray(S, xp, u2 + j);
            c02 = d0.fma(x, c02); c12 = d1.fma(x, c12); c22 = d2.fma(x, c22); c32 = d3.fma(x, c32);
            x = FloatVector.fromArray(S, xp, u3 + j);
            c03 = d0.fma(x, c03); c13 = d1.fma(x, c13); c23 = d2.fma(x, c23); c33 = d3.fma(x, c33);
            x = FloatVector.fromArray(S, xp, u4 + j);
            c04 = d0.fma(x, c04); c14 = d1.fma(x, c14); c24 = d2.fma(x, c24); c34 = d3.fma(x, c34);
            x = FloatVector.fromArray(S, xp, u5 + j);
            c05 = d0.fma(x, c05); c15 = d1.fma(x, c15); c25 = d2.fma(x, c25); c35 = d3.fma(x, c35);
        }
        // stored inline: a helper taking vectors as arguments is not always inlined, and then boxes them
        int i = aOff;
        FloatVector.fromArray(S, acc, i).add(c00).intoArray(acc, i);
        FloatVector.fromArray(S, acc, i + L).add(c01).intoArray(acc, i + L);
        FloatVector.fromArray(S, acc, i + 2 * L).add(c02).intoArray(acc, i + 2 * L);
        FloatVector.fromArray(S, acc, i + 3 * L).add(c03).intoArray(acc, i + 3 * L);
        FloatVector.fromArray(S, acc, i + 4 * L).add(c04).intoArray(acc, i + 4 * L);
        FloatVector.fromArray(S, acc, i + 5 * L).add(c05).intoArray(acc, i + 5 * L);
        i += ldo;
        FloatVector.fromArray(S, acc, i).add(c10).intoArray(acc, i);
        FloatVector.fromArray(S, acc, i + L).add(c11).intoArray(acc, i + L);
        FloatVector.fromArray(S, acc, i + 2 * L).add(c12).intoArray(acc, i + 2 * L);
        FloatVector.fromArray(S, acc, i + 3 * L).add(c13).intoArray(acc, i + 3 * L);
        FloatVector.fromArray(S, acc, i + 4 * L).add(c14).intoArray(acc, i + 4 * L);
        FloatVector.fromArray(S, acc, i + 5 * L).add(c15).intoArray(acc, i + 5 * L);
        i += ldo;
        FloatVector.fromArray(S, acc, i).add(c20).intoArray(acc, i);
        FloatVector.fromArray(S, acc, i + L).add(c21).intoArray(acc, i + L);
        FloatVector.fromArray(S, acc, i + 2 * L).add(c22).intoArray(acc, i + 2 * L);
        FloatVector.fromArray(S, acc, i + 3 * L).add(c23).intoArray(acc, i + 3 * L);
        FloatVector.fromArray(S, acc, i + 4 * L).add(c24).intoArray(acc, i + 4 * L);
        FloatVector.fromArray(S, acc, i + 5 * L).add(c25).intoArray(acc, i + 5 * L);
        i += ldo;
        FloatVector.fromArray(S, acc, i).add(c30).intoArray(acc, i);
        FloatVector.fromArray(S, acc, i + L).add(c31).intoArray(acc, i + L);
        FloatVector.fromArray(S, acc, i + 2 * L).add(c32).intoArray(acc, i + 2 * L);
        FloatVector.fromArray(S, acc, i + 3 * L).add(c33).intoArray(acc, i + 3 * L);
        FloatVector.fromArray(S, acc, i + 4 * L).add(c34).intoArray(acc, i + 4 * L);
        FloatVector.fromArray(S, acc, i + 5 * L).add(c35).intoArray(acc, i + 5 * L);
    }
}
