package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of the direct convolution. Each computes a tile
 * {@code acc[i][v] = Σ_{r0 <= r < r1} a[r*lda + aOff + v*L] * xp[u_i + off[r]]} for a few "broadcast"
 * streams u_i and a few vectors v of A, in one flat loop over a table of offsets (a nest of short loops
 * kept the JIT from holding the accumulators in registers).
 *
 * <p>Forward: r = tap in (ky, c, kx) order, A = packed weights (taps, C_out), u_i = output-position
 * bases in the padded image; a range of kernel rows is a contiguous range of r, so rows that only see
 * padding are skipped by narrowing [r0, r1). Backward weight: r = output position, A = transposed dy
 * (positions, C_out), u_i = tap offsets. With {@code load} the accumulators start from the tile at
 * {@code tOff} instead of zero, so a long reduction can be split into chunks whose A rows stay in L1.
 *
 * <p>Shapes: 4 vectors x 6 streams, 2 x 12, 1 x 12 (24 or 12 zmm accumulators held in locals, one load
 * or broadcast per FMA at most). The tile is stored to {@code tile[i*lanes*nv + v*lanes]}.
 */
final class ConvMicro {

    static final VectorSpecies<Float> S = Simd.F;
    static final int L = S.length();

    private ConvMicro() {}

    /** Accumulator start: zero, or the partial sum a previous chunk of r left in the tile. */
    private static FloatVector init(float[] tile, int i, boolean load) {
        return load ? FloatVector.fromArray(S, tile, i) : FloatVector.zero(S);
    }

    static void k4x6(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile, int tOff, boolean load) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        FloatVector c00 = init(tile, tOff, load), c01 = init(tile, tOff + L, load), c02 = init(tile, tOff + 2 * L, load), c03 = init(tile, tOff + 3 * L, load);
        FloatVector c10 = init(tile, tOff + 4 * L, load), c11 = init(tile, tOff + 5 * L, load), c12 = init(tile, tOff + 6 * L, load), c13 = init(tile, tOff + 7 * L, load);
        FloatVector c20 = init(tile, tOff + 8 * L, load), c21 = init(tile, tOff + 9 * L, load), c22 = init(tile, tOff + 10 * L, load), c23 = init(tile, tOff + 11 * L, load);
        FloatVector c30 = init(tile, tOff + 12 * L, load), c31 = init(tile, tOff + 13 * L, load), c32 = init(tile, tOff + 14 * L, load), c33 = init(tile, tOff + 15 * L, load);
        FloatVector c40 = init(tile, tOff + 16 * L, load), c41 = init(tile, tOff + 17 * L, load), c42 = init(tile, tOff + 18 * L, load), c43 = init(tile, tOff + 19 * L, load);
        FloatVector c50 = init(tile, tOff + 20 * L, load), c51 = init(tile, tOff + 21 * L, load), c52 = init(tile, tOff + 22 * L, load), c53 = init(tile, tOff + 23 * L, load);
        for (int r = r0; r < r1; r++) {
            int o = off[r], ai = r * lda + aOff;
            FloatVector a0 = FloatVector.fromArray(S, a, ai);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector a2 = FloatVector.fromArray(S, a, ai + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, a, ai + 3 * L);
            FloatVector b = FloatVector.broadcast(S, xp[u0 + o]);
            c00 = a0.fma(b, c00); c01 = a1.fma(b, c01); c02 = a2.fma(b, c02); c03 = a3.fma(b, c03);
            b = FloatVector.broadcast(S, xp[u1 + o]);
            c10 = a0.fma(b, c10); c11 = a1.fma(b, c11); c12 = a2.fma(b, c12); c13 = a3.fma(b, c13);
            b = FloatVector.broadcast(S, xp[u2 + o]);
            c20 = a0.fma(b, c20); c21 = a1.fma(b, c21); c22 = a2.fma(b, c22); c23 = a3.fma(b, c23);
            b = FloatVector.broadcast(S, xp[u3 + o]);
            c30 = a0.fma(b, c30); c31 = a1.fma(b, c31); c32 = a2.fma(b, c32); c33 = a3.fma(b, c33);
            b = FloatVector.broadcast(S, xp[u4 + o]);
            c40 = a0.fma(b, c40); c41 = a1.fma(b, c41); c42 = a2.fma(b, c42); c43 = a3.fma(b, c43);
            b = FloatVector.broadcast(S, xp[u5 + o]);
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

    static void k2x12(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile, int tOff, boolean load) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        int u6 = u[uo + 6], u7 = u[uo + 7], u8 = u[uo + 8], u9 = u[uo + 9], u10 = u[uo + 10], u11 = u[uo + 11];
        FloatVector c00 = init(tile, tOff, load), c01 = init(tile, tOff + L, load), c10 = init(tile, tOff + 2 * L, load), c11 = init(tile, tOff + 3 * L, load);
        FloatVector c20 = init(tile, tOff + 4 * L, load), c21 = init(tile, tOff + 5 * L, load), c30 = init(tile, tOff + 6 * L, load), c31 = init(tile, tOff + 7 * L, load);
        FloatVector c40 = init(tile, tOff + 8 * L, load), c41 = init(tile, tOff + 9 * L, load), c50 = init(tile, tOff + 10 * L, load), c51 = init(tile, tOff + 11 * L, load);
        FloatVector c60 = init(tile, tOff + 12 * L, load), c61 = init(tile, tOff + 13 * L, load), c70 = init(tile, tOff + 14 * L, load), c71 = init(tile, tOff + 15 * L, load);
        FloatVector c80 = init(tile, tOff + 16 * L, load), c81 = init(tile, tOff + 17 * L, load), c90 = init(tile, tOff + 18 * L, load), c91 = init(tile, tOff + 19 * L, load);
        FloatVector ca0 = init(tile, tOff + 20 * L, load), ca1 = init(tile, tOff + 21 * L, load), cb0 = init(tile, tOff + 22 * L, load), cb1 = init(tile, tOff + 23 * L, load);
        for (int r = r0; r < r1; r++) {
            int o = off[r], ai = r * lda + aOff;
            FloatVector a0 = FloatVector.fromArray(S, a, ai);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector b = FloatVector.broadcast(S, xp[u0 + o]); c00 = a0.fma(b, c00); c01 = a1.fma(b, c01);
            b = FloatVector.broadcast(S, xp[u1 + o]); c10 = a0.fma(b, c10); c11 = a1.fma(b, c11);
            b = FloatVector.broadcast(S, xp[u2 + o]); c20 = a0.fma(b, c20); c21 = a1.fma(b, c21);
            b = FloatVector.broadcast(S, xp[u3 + o]); c30 = a0.fma(b, c30); c31 = a1.fma(b, c31);
            b = FloatVector.broadcast(S, xp[u4 + o]); c40 = a0.fma(b, c40); c41 = a1.fma(b, c41);
            b = FloatVector.broadcast(S, xp[u5 + o]); c50 = a0.fma(b, c50); c51 = a1.fma(b, c51);
            b = FloatVector.broadcast(S, xp[u6 + o]); c60 = a0.fma(b, c60); c61 = a1.fma(b, c61);
            b = FloatVector.broadcast(S, xp[u7 + o]); c70 = a0.fma(b, c70); c71 = a1.fma(b, c71);
            b = FloatVector.broadcast(S, xp[u8 + o]); c80 = a0.fma(b, c80); c81 = a1.fma(b, c81);
            b = FloatVector.broadcast(S, xp[u9 + o]); c90 = a0.fma(b, c90); c91 = a1.fma(b, c91);
            b = FloatVector.broadcast(S, xp[u10 + o]); ca0 = a0.fma(b, ca0); ca1 = a1.fma(b, ca1);
            b = FloatVector.broadcast(S, xp[u11 + o]); cb0 = a0.fma(b, cb0); cb1 = a1.fma(b, cb1);
        }
        int w = 2 * L;
        c00.intoArray(tile, tOff); c01.intoArray(tile, tOff + L); c10.intoArray(tile, tOff + w); c11.intoArray(tile, tOff + w + L);
        c20.intoArray(tile, tOff + 2 * w); c21.intoArray(tile, tOff + 2 * w + L); c30.intoArray(tile, tOff + 3 * w); c31.intoArray(tile, tOff + 3 * w + L);
        c40.intoArray(tile, tOff + 4 * w); c41.intoArray(tile, tOff + 4 * w + L); c50.intoArray(tile, tOff + 5 * w); c51.intoArray(tile, tOff + 5 * w + L);
        c60.intoArray(tile, tOff + 6 * w); c61.intoArray(tile, tOff + 6 * w + L); c70.intoArray(tile, tOff + 7 * w); c71.intoArray(tile, tOff + 7 * w + L);
        c80.intoArray(tile, tOff + 8 * w); c81.intoArray(tile, tOff + 8 * w + L); c90.intoArray(tile, tOff + 9 * w); c91.intoArray(tile, tOff + 9 * w + L);
        ca0.intoArray(tile, tOff + 10 * w); ca1.intoArray(tile, tOff + 10 * w + L); cb0.intoArray(tile, tOff + 11 * w); cb1.intoArray(tile, tOff + 11 * w + L);
    }

    static void k1x12(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile, int tOff, boolean load) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        int u6 = u[uo + 6], u7 = u[uo + 7], u8 = u[uo + 8], u9 = u[uo + 9], u10 = u[uo + 10], u11 = u[uo + 11];
        FloatVector c0 = init(tile, tOff, load), c1 = init(tile, tOff + L, load), c2 = init(tile, tOff + 2 * L, load), c3 = init(tile, tOff + 3 * L, load);
        FloatVector c4 = init(tile, tOff + 4 * L, load), c5 = init(tile, tOff + 5 * L, load), c6 = init(tile, tOff + 6 * L, load), c7 = init(tile, tOff + 7 * L, load);
        FloatVector c8 = init(tile, tOff + 8 * L, load), c9 = init(tile, tOff + 9 * L, load), ca = init(tile, tOff + 10 * L, load), cb = init(tile, tOff + 11 * L, load);
        for (int r = r0; r < r1; r++) {
            int o = off[r], ai = r * lda + aOff;
            FloatVector a0 = FloatVector.fromArray(S, a, ai);
            c0 = a0.fma(FloatVector.broadcast(S, xp[u0 + o]), c0);
            c1 = a0.fma(FloatVector.broadcast(S, xp[u1 + o]), c1);
            c2 = a0.fma(FloatVector.broadcast(S, xp[u2 + o]), c2);
            c3 = a0.fma(FloatVector.broadcast(S, xp[u3 + o]), c3);
            c4 = a0.fma(FloatVector.broadcast(S, xp[u4 + o]), c4);
            c5 = a0.fma(FloatVector.broadcast(S, xp[u5 + o]), c5);
            c6 = a0.fma(FloatVector.broadcast(S, xp[u6 + o]), c6);
            c7 = a0.fma(FloatVector.broadcast(S, xp[u7 + o]), c7);
            c8 = a0.fma(FloatVector.broadcast(S, xp[u8 + o]), c8);
            c9 = a0.fma(FloatVector.broadcast(S, xp[u9 + o]), c9);
            ca = a0.fma(FloatVector.broadcast(S, xp[u10 + o]), ca);
            cb = a0.fma(FloatVector.broadcast(S, xp[u11 + o]), cb);
        }
        c0.intoArray(tile, tOff); c1.intoArray(tile, tOff + L); c2.intoArray(tile, tOff + 2 * L); c3.intoArray(tile, tOff + 3 * L);
        c4.intoArray(tile, tOff + 4 * L); c5.intoArray(tile, tOff + 5 * L); c6.intoArray(tile, tOff + 6 * L); c7.intoArray(tile, tOff + 7 * L);
        c8.intoArray(tile, tOff + 8 * L); c9.intoArray(tile, tOff + 9 * L); ca.intoArray(tile, tOff + 10 * L); cb.intoArray(tile, tOff + 11 * L);
    }
}
