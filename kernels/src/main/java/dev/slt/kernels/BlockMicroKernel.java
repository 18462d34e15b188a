package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link BlockSparseConv}: {@link GemmMicroKernel}'s 8-row register tile (A packed as
 * {@code (k, MR)}, one broadcast and one FMA per accumulator), but row p of B is read at
 * {@code b[rowOff[p] + q0]}: the K dimension is gathered through a block's column list while the kernel
 * runs, straight from the padded image (or a position panel) instead of from a packed B panel, so a block
 * costs no packing. Its 8 rows are output channels scattered over {@code out}: row i's running sums are
 * loaded from and stored back to {@code out[rowBase[rb + i] + oq ..]}, so blocks add up in place and no
 * separate scatter pass is needed. Widths of 3, 2 and 1 vectors of positions.
 */
final class BlockMicroKernel {

    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = F.length();
    private static final int MR = GemmMicroKernel.MR;

    private BlockMicroKernel() {}

    /** out[rowBase[rb+i] + oq + v*L ..] += Σ_p a[aOff + p*MR + i] · b[rowOff[p] + q0 + v*L ..], i < 8, v < 3. */
    static void run3(int k, float[] a, int aOff, float[] b, int[] rowOff, int q0, float[] out, int[] rowBase, int rb, int oq) {
        int o0 = rowBase[rb + 0] + oq;
        int o1 = rowBase[rb + 1] + oq;
        int o2 = rowBase[rb + 2] + oq;
        int o3 = rowBase[rb + 3] + oq;
        int o4 = rowBase[rb + 4] + oq;
        int o5 = rowBase[rb + 5] + oq;
        int o6 = rowBase[rb + 6] + oq;
        int o7 = rowBase[rb + 7] + oq;
        FloatVector c00 = FloatVector.fromArray(F, out, o0 + 0 * L), c01 = FloatVector.fromArray(F, out, o0 + 1 * L), c02 = FloatVector.fromArray(F, out, o0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(F, out, o1 + 0 * L), c11 = FloatVector.fromArray(F, out, o1 + 1 * L), c12 = FloatVector.fromArray(F, out, o1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(F, out, o2 + 0 * L), c21 = FloatVector.fromArray(F, out, o2 + 1 * L), c22 = FloatVector.fromArray(F, out, o2 + 2 * L);
        FloatVector c30 = FloatVector.fromArray(F, out, o3 + 0 * L), c31 = FloatVector.fromArray(F, out, o3 + 1 * L), c32 = FloatVector.fromArray(F, out, o3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(F, out, o4 + 0 * L), c41 = FloatVector.fromArray(F, out, o4 + 1 * L), c42 = FloatVector.fromArray(F, out, o4 + 2 * L);
        FloatVector c50 = FloatVector.fromArray(F, out, o5 + 0 * L), c51 = FloatVector.fromArray(F, out, o5 + 1 * L), c52 = FloatVector.fromArray(F, out, o5 + 2 * L);
        FloatVector c60 = FloatVector.fromArray(F, out, o6 + 0 * L), c61 = FloatVector.fromArray(F, out, o6 + 1 * L), c62 = FloatVector.fromArray(F, out, o6 + 2 * L);
        FloatVector c70 = FloatVector.fromArray(F, out, o7 + 0 * L), c71 = FloatVector.fromArray(F, out, o7 + 1 * L), c72 = FloatVector.fromArray(F, out, o7 + 2 * L);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[p] + q0;
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
        c00.intoArray(out, o0 + 0 * L); c01.intoArray(out, o0 + 1 * L); c02.intoArray(out, o0 + 2 * L);
        c10.intoArray(out, o1 + 0 * L); c11.intoArray(out, o1 + 1 * L); c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2 + 0 * L); c21.intoArray(out, o2 + 1 * L); c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3 + 0 * L); c31.intoArray(out, o3 + 1 * L); c32.intoArray(out, o3 + 2 * L);
        c40.intoArray(out, o4 + 0 * L); c41.intoArray(out, o4 + 1 * L); c42.intoArray(out, o4 + 2 * L);
        c50.intoArray(out, o5 + 0 * L); c51.intoArray(out, o5 + 1 * L); c52.intoArray(out, o5 + 2 * L);
        c60.intoArray(out, o6 + 0 * L); c61.intoArray(out, o6 + 1 * L); c62.intoArray(out, o6 + 2 * L);
        c70.intoArray(out, o7 + 0 * L); c71.intoArray(out, o7 + 1 * L); c72.intoArray(out, o7 + 2 * L);
    }

    /** {@link #run3} on two vectors of positions. */
    static void run2(int k, float[] a, int aOff, float[] b, int[] rowOff, int q0, float[] out, int[] rowBase, int rb, int oq) {
        int o0 = rowBase[rb + 0] + oq;
        int o1 = rowBase[rb + 1] + oq;
        int o2 = rowBase[rb + 2] + oq;
        int o3 = rowBase[rb + 3] + oq;
        int o4 = rowBase[rb + 4] + oq;
        int o5 = rowBase[rb + 5] + oq;
        int o6 = rowBase[rb + 6] + oq;
        int o7 = rowBase[rb + 7] + oq;
        FloatVector c00 = FloatVector.fromArray(F, out, o0 + 0 * L), c01 = FloatVector.fromArray(F, out, o0 + 1 * L);
        FloatVector c10 = FloatVector.fromArray(F, out, o1 + 0 * L), c11 = FloatVector.fromArray(F, out, o1 + 1 * L);
        FloatVector c20 = FloatVector.fromArray(F, out, o2 + 0 * L), c21 = FloatVector.fromArray(F, out, o2 + 1 * L);
        FloatVector c30 = FloatVector.fromArray(F, out, o3 + 0 * L), c31 = FloatVector.fromArray(F, out, o3 + 1 * L);
        FloatVector c40 = FloatVector.fromArray(F, out, o4 + 0 * L), c41 = FloatVector.fromArray(F, out, o4 + 1 * L);
        FloatVector c50 = FloatVector.fromArray(F, out, o5 + 0 * L), c51 = FloatVector.fromArray(F, out, o5 + 1 * L);
        FloatVector c60 = FloatVector.fromArray(F, out, o6 + 0 * L), c61 = FloatVector.fromArray(F, out, o6 + 1 * L);
        FloatVector c70 = FloatVector.fromArray(F, out, o7 + 0 * L), c71 = FloatVector.fromArray(F, out, o7 + 1 * L);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[p] + q0;
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
        c00.intoArray(out, o0 + 0 * L); c01.intoArray(out, o0 + 1 * L);
        c10.intoArray(out, o1 + 0 * L); c11.intoArray(out, o1 + 1 * L);
        c20.intoArray(out, o2 + 0 * L); c21.intoArray(out, o2 + 1 * L);
        c30.intoArray(out, o3 + 0 * L); c31.intoArray(out, o3 + 1 * L);
        c40.intoArray(out, o4 + 0 * L); c41.intoArray(out, o4 + 1 * L);
        c50.intoArray(out, o5 + 0 * L); c51.intoArray(out, o5 + 1 * L);
        c60.intoArray(out, o6 + 0 * L); c61.intoArray(out, o6 + 1 * L);
        c70.intoArray(out, o7 + 0 * L); c71.intoArray(out, o7 + 1 * L);
    }

    /** {@link #run3} on one vector of positions. */
    static void run1(int k, float[] a, int aOff, float[] b, int[] rowOff, int q0, float[] out, int[] rowBase, int rb, int oq) {
        int o0 = rowBase[rb + 0] + oq;
        int o1 = rowBase[rb + 1] + oq;
        int o2 = rowBase[rb + 2] + oq;
        int o3 = rowBase[rb + 3] + oq;
        int o4 = rowBase[rb + 4] + oq;
        int o5 = rowBase[rb + 5] + oq;
        int o6 = rowBase[rb + 6] + oq;
        int o7 = rowBase[rb + 7] + oq;
        FloatVector c00 = FloatVector.fromArray(F, out, o0 + 0 * L);
        FloatVector c10 = FloatVector.fromArray(F, out, o1 + 0 * L);
        FloatVector c20 = FloatVector.fromArray(F, out, o2 + 0 * L);
        FloatVector c30 = FloatVector.fromArray(F, out, o3 + 0 * L);
        FloatVector c40 = FloatVector.fromArray(F, out, o4 + 0 * L);
        FloatVector c50 = FloatVector.fromArray(F, out, o5 + 0 * L);
        FloatVector c60 = FloatVector.fromArray(F, out, o6 + 0 * L);
        FloatVector c70 = FloatVector.fromArray(F, out, o7 + 0 * L);
        for (int p = 0; p < k; p++) {
            int ai = aOff + p * MR, bi = rowOff[p] + q0;
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
        c00.intoArray(out, o0 + 0 * L);
        c10.intoArray(out, o1 + 0 * L);
        c20.intoArray(out, o2 + 0 * L);
        c30.intoArray(out, o3 + 0 * L);
        c40.intoArray(out, o4 + 0 * L);
        c50.intoArray(out, o5 + 0 * L);
        c60.intoArray(out, o6 + 0 * L);
        c70.intoArray(out, o7 + 0 * L);
    }
}
