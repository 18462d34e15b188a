package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Narrow twins of {@link GemmMicroKernel} for the last column panel of C when it holds at most one or
 * two vectors' worth of columns (N = 64, 196, 784 ... leave 16 or 4 columns after whole 48-column
 * panels): they skip the FMAs on zero padding. Same packed operands (rows {@code bStride} apart), same
 * {@code tile} layout and write-back, so results are bitwise those of the full kernel.
 */
final class GemmEdgeKernel {

    private static final int MR = GemmMicroKernel.MR, NR = GemmMicroKernel.NR, L = GemmMicroKernel.L;

    private GemmEdgeKernel() {}

    /** Columns {@code [0, 1·lanes)} of a {@link GemmMicroKernel#run} tile; {@code nr <= 1·lanes}. */
    static void run1(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float alpha, float beta,
                     float[] c, int cOff, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(GemmMicroKernel.F);
        FloatVector c00 = z;
        FloatVector c10 = z;
        FloatVector c20 = z;
        FloatVector c30 = z;
        FloatVector c40 = z;
        FloatVector c50 = z;
        FloatVector c60 = z;
        FloatVector c70 = z;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(GemmMicroKernel.F, bp, bi + 0 * L);
            FloatVector a0 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(tile, 0 * NR + 0 * L);
        c10.intoArray(tile, 1 * NR + 0 * L);
        c20.intoArray(tile, 2 * NR + 0 * L);
        c30.intoArray(tile, 3 * NR + 0 * L);
        c40.intoArray(tile, 4 * NR + 0 * L);
        c50.intoArray(tile, 5 * NR + 0 * L);
        c60.intoArray(tile, 6 * NR + 0 * L);
        c70.intoArray(tile, 7 * NR + 0 * L);
        GemmMicroKernel.writeBack(tile, c, cOff, ldc, mr, nr, alpha, beta);
    }

    /** Columns {@code [0, 2·lanes)} of a {@link GemmMicroKernel#run} tile; {@code nr <= 2·lanes}. */
    static void run2(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float alpha, float beta,
                     float[] c, int cOff, int ldc, int mr, int nr, float[] tile) {
        FloatVector z = FloatVector.zero(GemmMicroKernel.F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(GemmMicroKernel.F, bp, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(GemmMicroKernel.F, bp, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(GemmMicroKernel.F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * NR + 0 * L);
        c01.intoArray(tile, 0 * NR + 1 * L);
        c10.intoArray(tile, 1 * NR + 0 * L);
        c11.intoArray(tile, 1 * NR + 1 * L);
        c20.intoArray(tile, 2 * NR + 0 * L);
        c21.intoArray(tile, 2 * NR + 1 * L);
        c30.intoArray(tile, 3 * NR + 0 * L);
        c31.intoArray(tile, 3 * NR + 1 * L);
        c40.intoArray(tile, 4 * NR + 0 * L);
        c41.intoArray(tile, 4 * NR + 1 * L);
        c50.intoArray(tile, 5 * NR + 0 * L);
        c51.intoArray(tile, 5 * NR + 1 * L);
        c60.intoArray(tile, 6 * NR + 0 * L);
        c61.intoArray(tile, 6 * NR + 1 * L);
        c70.intoArray(tile, 7 * NR + 0 * L);
        c71.intoArray(tile, 7 * NR + 1 * L);
        GemmMicroKernel.writeBack(tile, c, cOff, ldc, mr, nr, alpha, beta);
    }
}
