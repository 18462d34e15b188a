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
 * (positions, C_out), u_i = tap offsets.
 *
 * <p>Shapes: 4 vectors x 6 streams, 2 x 12, 1 x 12 (24 or 12 zmm accumulators held in locals, one load
 * or broadcast per FMA at most). The tile is stored to {@code tile[i*lanes*nv + v*lanes]}.
 */
final class ConvMicro {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private ConvMicro() {}

    static void k4x6(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
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
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, w); c11.intoArray(tile, w + L); c12.intoArray(tile, w + 2 * L); c13.intoArray(tile, w + 3 * L);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + L); c22.intoArray(tile, 2 * w + 2 * L); c23.intoArray(tile, 2 * w + 3 * L);
        c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + L); c32.intoArray(tile, 3 * w + 2 * L); c33.intoArray(tile, 3 * w + 3 * L);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + L); c42.intoArray(tile, 4 * w + 2 * L); c43.intoArray(tile, 4 * w + 3 * L);
        c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + L); c52.intoArray(tile, 5 * w + 2 * L); c53.intoArray(tile, 5 * w + 3 * L);
    }

    static void k2x12(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        int u6 = u[uo + 6], u7 = u[uo + 7], u8 = u[uo + 8], u9 = u[uo + 9], u10 = u[uo + 10], u11 = u[uo + 11];
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
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
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, w); c11.intoArray(tile, w + L);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + L); c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + L);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + L); c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + L);
        c60.intoArray(tile, 6 * w); c61.intoArray(tile, 6 * w + L); c70.intoArray(tile, 7 * w); c71.intoArray(tile, 7 * w + L);
        c80.intoArray(tile, 8 * w); c81.intoArray(tile, 8 * w + L); c90.intoArray(tile, 9 * w); c91.intoArray(tile, 9 * w + L);
        ca0.intoArray(tile, 10 * w); ca1.intoArray(tile, 10 * w + L); cb0.intoArray(tile, 11 * w); cb1.intoArray(tile, 11 * w + L);
    }

    static void k1x12(float[] xp, int[] u, int uo, int[] off, int r0, int r1, float[] a, int lda, int aOff, float[] tile) {
        int u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], u3 = u[uo + 3], u4 = u[uo + 4], u5 = u[uo + 5];
        int u6 = u[uo + 6], u7 = u[uo + 7], u8 = u[uo + 8], u9 = u[uo + 9], u10 = u[uo + 10], u11 = u[uo + 11];
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, ca = c0, cb = c0;
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
        c0.intoArray(tile, 0); c1.intoArray(tile, L); c2.intoArray(tile, 2 * L); c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L); c5.intoArray(tile, 5 * L); c6.intoArray(tile, 6 * L); c7.intoArray(tile, 7 * L);
        c8.intoArray(tile, 8 * L); c9.intoArray(tile, 9 * L); ca.intoArray(tile, 10 * L); cb.intoArray(tile, 11 * L);
    }
}
