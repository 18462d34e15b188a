package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernel: a {@code MR × NR} tile of C ({@code NR = 2·lanes}) held in
 * 16 vector accumulators (locals: an array of vectors would not stay in registers) while the K loop
 * runs one broadcast of A and one FMA per accumulator. Operands come packed by {@link GemmPack}:
 * A as {@code (kc, MR)}, B as {@code (kc, NR)}, so both stream with unit stride.
 */
final class GemmMicroKernel {

    /** Rows of the C tile; 8·2 accumulators + 2 B vectors + 1 broadcast fit AVX-512's 32 registers. */
    static final int MR = 8;
    /** The species of every GEMM loop (16 lanes with AVX-512; all sizes derive from its length). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    /** Columns of the C tile: two vectors. */
    static final int NR = 2 * L;

    private GemmMicroKernel() {}

    /**
     * {@code C[0..mr, 0..nr) = alpha · Ap·Bp + beta · C} for the tile at {@code cOff}; {@code beta == 0}
     * never reads C. A partial tile ({@code mr < MR} or {@code nr < NR}, padded with zeros in the packed
     * operands) goes through {@code tile} so only its valid part is written.
     */
    static void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float alpha, float beta,
                    float[] c, int cOff, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        int ai = aOff, bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            ai += MR;
            bi += NR;
        }
        if (mr == MR && nr == NR) {
            store(c00, c01, c, cOff + 0 * ldc, alpha, beta);
            store(c10, c11, c, cOff + 1 * ldc, alpha, beta);
            store(c20, c21, c, cOff + 2 * ldc, alpha, beta);
            store(c30, c31, c, cOff + 3 * ldc, alpha, beta);
            store(c40, c41, c, cOff + 4 * ldc, alpha, beta);
            store(c50, c51, c, cOff + 5 * ldc, alpha, beta);
            store(c60, c61, c, cOff + 6 * ldc, alpha, beta);
            store(c70, c71, c, cOff + 7 * ldc, alpha, beta);
        } else {
            c00.intoArray(tile, 0 * NR);
            c01.intoArray(tile, 0 * NR + L);
            c10.intoArray(tile, 1 * NR);
            c11.intoArray(tile, 1 * NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + L);
            c60.intoArray(tile, 6 * NR);
            c61.intoArray(tile, 6 * NR + L);
            c70.intoArray(tile, 7 * NR);
            c71.intoArray(tile, 7 * NR + L);
            storePartial(tile, c, cOff, ldc, mr, nr, alpha, beta);
        }
    }

    /** One full tile row; the scalar twin in {@link #storePartial} rounds identically. */
    private static void store(FloatVector v0, FloatVector v1, float[] c, int i, float alpha, float beta) {
        FloatVector r0 = v0.mul(alpha), r1 = v1.mul(alpha);
        if (beta != 0f) {
            FloatVector vb = FloatVector.broadcast(F, beta);
            r0 = FloatVector.fromArray(F, c, i).fma(vb, r0);
            r1 = FloatVector.fromArray(F, c, i + L).fma(vb, r1);
        }
        r0.intoArray(c, i);
        r1.intoArray(c, i + L);
    }

    private static void storePartial(float[] tile, float[] c, int cOff, int ldc, int mr, int nr,
                                     float alpha, float beta) {
        for (int i = 0; i < mr; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < nr; j++) {
                float r = tile[i * NR + j] * alpha;
                c[ci + j] = beta == 0f ? r : Math.fma(c[ci + j], beta, r);
            }
        }
    }
}
