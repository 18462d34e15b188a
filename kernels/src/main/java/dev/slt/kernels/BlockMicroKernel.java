package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link BlockSparseConv}: {@link GemmMicroKernel}'s 8-row register tile (A packed as
 * {@code (k, MR)}, one broadcast and one FMA per accumulator), but row p of B is read at
 * {@code b[rowOff[rOff + p] + q0]}: the K dimension is gathered through a block's column list while the
 * kernel runs, straight from the padded image (or a position panel) instead of from a packed B panel, so a
 * block costs no packing. Widths of 3, 2 and 1 vectors of positions; the tile is {@code (MR, NR)} row-major,
 * loaded first when {@code load} (a running sum) and stored back whole.
 */
final class BlockMicroKernel {

    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = F.length();
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    private BlockMicroKernel() {}

    private static FloatVector init(float[] tile, int i, boolean load) {
        return load ? FloatVector.fromArray(F, tile, i) : FloatVector.zero(F);
    }

    /** tile[i*NR + v*L ..] (+)= Σ_p a[aOff + p*MR + i] · b[rowOff[rOff+p] + q0 + v*L ..], i < 8, v < 3. */
    static void run3(int k, float[] a, int aOff, float[] b, int[] rowOff, int rOff, int q0, float[] tile, boolean load) {
        FloatVector c00 = init(tile, 0 * NR + 0 * L, load), c01 = init(tile, 0 * NR + 1 * L, load), c02 = init(tile, 0 * NR + 2 * L, load);
        FloatVector c10 = init(tile, 1 * NR + 0 * L, load), c11 = init(tile, 1 * NR + 1 * L, load), c12 = init(tile, 1 * NR + 2 * L, load);
        FloatVector c20 = init(tile, 2 * NR + 0 * L, load), c21 = init(tile, 2 * NR + 1 * L, load), c22 = init(tile, 2 * NR + 2 * L, load);
        FloatVector c30 = init(tile, 3 * NR + 0 * L, load), c31 = init(tile, 3 * NR + 1 * L, load), c32 = init(tile, 3 * NR + 2 * L, load);
        FloatVector c40 = init(tile, 4 * NR + 0 * L, load), c41 = init(tile, 4 * NR + 1 * L, load), c42 = init(tile, 4 * NR + 2 * L, load);
        FloatVector c50 = init(tile, 5 * NR + 0 * L, load), c51 = init(tile, 5 * NR + 1 * L, load), c52 = init(tile, 5 * NR + 2 * L, load);
        FloatVector c60 = init(tile, 6 * NR + 0 * L, load), c61 = init(tile, 6 * NR + 1 * L, load), c62 = init(tile, 6 * NR + 2 * L, load);
        FloatVector c70 = init(tile, 7 * NR + 0 * L, load), c71 = init(tile, 7 * NR + 1 * L, load), c72 = init(tile, 7 * NR + 2 * L, load);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[rOff + p] + q0;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(F, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(F, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(F, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(F, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        c00.intoArray(tile, 0 * NR + 0 * L); c01.intoArray(tile, 0 * NR + 1 * L); c02.intoArray(tile, 0 * NR + 2 * L);
        c10.intoArray(tile, 1 * NR + 0 * L); c11.intoArray(tile, 1 * NR + 1 * L); c12.intoArray(tile, 1 * NR + 2 * L);
        c20.intoArray(tile, 2 * NR + 0 * L); c21.intoArray(tile, 2 * NR + 1 * L); c22.intoArray(tile, 2 * NR + 2 * L);
        c30.intoArray(tile, 3 * NR + 0 * L); c31.intoArray(tile, 3 * NR + 1 * L); c32.intoArray(tile, 3 * NR + 2 * L);
        c40.intoArray(tile, 4 * NR + 0 * L); c41.intoArray(tile, 4 * NR + 1 * L); c42.intoArray(tile, 4 * NR + 2 * L);
        c50.intoArray(tile, 5 * NR + 0 * L); c51.intoArray(tile, 5 * NR + 1 * L); c52.intoArray(tile, 5 * NR + 2 * L);
        c60.intoArray(tile, 6 * NR + 0 * L); c61.intoArray(tile, 6 * NR + 1 * L); c62.intoArray(tile, 6 * NR + 2 * L);
        c70.intoArray(tile, 7 * NR + 0 * L); c71.intoArray(tile, 7 * NR + 1 * L); c72.intoArray(tile, 7 * NR + 2 * L);
    }

    /** {@link #run3} on the first two vectors of positions. */
    static void run2(int k, float[] a, int aOff, float[] b, int[] rowOff, int rOff, int q0, float[] tile, boolean load) {
        FloatVector c00 = init(tile, 0 * NR + 0 * L, load), c01 = init(tile, 0 * NR + 1 * L, load);
        FloatVector c10 = init(tile, 1 * NR + 0 * L, load), c11 = init(tile, 1 * NR + 1 * L, load);
        FloatVector c20 = init(tile, 2 * NR + 0 * L, load), c21 = init(tile, 2 * NR + 1 * L, load);
        FloatVector c30 = init(tile, 3 * NR + 0 * L, load), c31 = init(tile, 3 * NR + 1 * L, load);
        FloatVector c40 = init(tile, 4 * NR + 0 * L, load), c41 = init(tile, 4 * NR + 1 * L, load);
        FloatVector c50 = init(tile, 5 * NR + 0 * L, load), c51 = init(tile, 5 * NR + 1 * L, load);
        FloatVector c60 = init(tile, 6 * NR + 0 * L, load), c61 = init(tile, 6 * NR + 1 * L, load);
        FloatVector c70 = init(tile, 7 * NR + 0 * L, load), c71 = init(tile, 7 * NR + 1 * L, load);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[rOff + p] + q0;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + 0 * L);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * NR + 0 * L); c01.intoArray(tile, 0 * NR + 1 * L);
        c10.intoArray(tile, 1 * NR + 0 * L); c11.intoArray(tile, 1 * NR + 1 * L);
        c20.intoArray(tile, 2 * NR + 0 * L); c21.intoArray(tile, 2 * NR + 1 * L);
        c30.intoArray(tile, 3 * NR + 0 * L); c31.intoArray(tile, 3 * NR + 1 * L);
        c40.intoArray(tile, 4 * NR + 0 * L); c41.intoArray(tile, 4 * NR + 1 * L);
        c50.intoArray(tile, 5 * NR + 0 * L); c51.intoArray(tile, 5 * NR + 1 * L);
        c60.intoArray(tile, 6 * NR + 0 * L); c61.intoArray(tile, 6 * NR + 1 * L);
        c70.intoArray(tile, 7 * NR + 0 * L); c71.intoArray(tile, 7 * NR + 1 * L);
    }

    /** {@link #run3} on the first vector of positions. */
    static void run1(int k, float[] a, int aOff, float[] b, int[] rowOff, int rOff, int q0, float[] tile, boolean load) {
        FloatVector c00 = init(tile, 0 * NR + 0 * L, load);
        FloatVector c10 = init(tile, 1 * NR + 0 * L, load);
        FloatVector c20 = init(tile, 2 * NR + 0 * L, load);
        FloatVector c30 = init(tile, 3 * NR + 0 * L, load);
        FloatVector c40 = init(tile, 4 * NR + 0 * L, load);
        FloatVector c50 = init(tile, 5 * NR + 0 * L, load);
        FloatVector c60 = init(tile, 6 * NR + 0 * L, load);
        FloatVector c70 = init(tile, 7 * NR + 0 * L, load);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[rOff + p] + q0;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + 0 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(F, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(F, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(F, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(F, a[ai + 7]);
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
    }
}
