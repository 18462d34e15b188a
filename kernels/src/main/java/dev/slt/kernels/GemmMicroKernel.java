package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernel: a {@code MR × NR} tile of C ({@code NR = 3·lanes}) held in
 * 24 vector accumulators (locals: an array of vectors would not stay in registers) while the K loop
 * runs one broadcast of A and one FMA per accumulator. Operands come packed by {@link GemmPack}:
 * A as {@code (kc, MR)}, B as {@code (kc, NR)} rows {@code bStride} apart: NR when packed, or the row
 * stride of B itself when its rows are read in place.
 */
final class GemmMicroKernel {

    /** Rows of the C tile: 8 × 3 = 24 accumulators + 3 B vectors + broadcasts fit AVX-512's 32 registers; 8 rows divide the conv layers' channel counts (12 × 2 measured as fast, 14 × 2 spills). */
    static final int MR = 8;
    /** The species of every GEMM loop (16 lanes with AVX-512; all sizes derive from its length). */
    static final VectorSpecies<Float> F = Simd.F;
    static final int L = F.length();
    /** Columns of the C tile: three vectors. */
    static final int NR = 3 * L;

    private GemmMicroKernel() {}

    /**
     * {@code C[0..mr, 0..nr) = alpha · Ap·Bp + beta · C} for the tile at {@code cOff}; {@code beta == 0}
     * never reads C. The accumulators leave through {@code tile}: a helper taking vectors as arguments
     * would box them once C2 stops inlining into this large method, and a partial tile ({@code mr < MR}
     * or {@code nr < NR}, zero-padded in the packed operands) must write only its valid part.
     */
    static void run(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float alpha, float beta,
                    float[] c, int cOff, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            c72 = a7.fma(b2, c72);
        }
        c00.intoArray(tile, 0 * NR + 0 * L);
        c01.intoArray(tile, 0 * NR + 1 * L);
        c02.intoArray(tile, 0 * NR + 2 * L);
        c10.intoArray(tile, 1 * NR + 0 * L);
        c11.intoArray(tile, 1 * NR + 1 * L);
        c12.intoArray(tile, 1 * NR + 2 * L);
        c20.intoArray(tile, 2 * NR + 0 * L);
        c21.intoArray(tile, 2 * NR + 1 * L);
        c22.intoArray(tile, 2 * NR + 2 * L);
        c30.intoArray(tile, 3 * NR + 0 * L);
        c31.intoArray(tile, 3 * NR + 1 * L);
        c32.intoArray(tile, 3 * NR + 2 * L);
        c40.intoArray(tile, 4 * NR + 0 * L);
        c41.intoArray(tile, 4 * NR + 1 * L);
        c42.intoArray(tile, 4 * NR + 2 * L);
        c50.intoArray(tile, 5 * NR + 0 * L);
        c51.intoArray(tile, 5 * NR + 1 * L);
        c52.intoArray(tile, 5 * NR + 2 * L);
        c60.intoArray(tile, 6 * NR + 0 * L);
        c61.intoArray(tile, 6 * NR + 1 * L);
        c62.intoArray(tile, 6 * NR + 2 * L);
        c70.intoArray(tile, 7 * NR + 0 * L);
        c71.intoArray(tile, 7 * NR + 1 * L);
        c72.intoArray(tile, 7 * NR + 2 * L);
        writeBack(tile, c, cOff, ldc, mr, nr, alpha, beta);
    }

    /** {@code C = alpha·tile + beta·C} on the valid {@code mr × nr} part; vector and scalar paths round alike. */
    static void writeBack(float[] tile, float[] c, int cOff, int ldc, int mr, int nr,
                                  float alpha, float beta) {
        if (nr == NR) {
            FloatVector va = FloatVector.broadcast(F, alpha), vb = FloatVector.broadcast(F, beta);
            for (int i = 0; i < mr; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < NR; j += L) {
                    FloatVector r = FloatVector.fromArray(F, tile, i * NR + j).mul(va);
                    if (beta != 0f) r = FloatVector.fromArray(F, c, ci + j).fma(vb, r);
                    r.intoArray(c, ci + j);
                }
            }
            return;
        }
        for (int i = 0; i < mr; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < nr; j++) {
                float r = tile[i * NR + j] * alpha;
                c[ci + j] = beta == 0f ? r : Math.fma(c[ci + j], beta, r);
            }
        }
    }
}
