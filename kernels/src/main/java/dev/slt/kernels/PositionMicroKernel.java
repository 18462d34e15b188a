package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link PositionConv}: a register tile of R output channels (4 to 8) × 3 vectors of 16
 * output positions, vectorised along positions so that a layer with few output channels wastes no lanes.
 * Row i of the tile starts at its bias; per column p of the tile's K list it adds
 * {@code a[p*R + i] · b[tap[p] + i_v ..]} (one broadcast per row, one load per vector, R × 3 FMAs), and the
 * result overwrites {@code out[rows[i] + o_v ..]}. Overwriting makes a tile idempotent: a vector or a row
 * listed twice writes the same values twice, which is how tiles are padded to full width and height.
 * Loads are plain (a masked load made these kernels ~15 % slower): the input layout ({@link PlaneStack})
 * puts zeros wherever a lane reads padding. The K loop of the 4- to 7-row kernels is unrolled twice: measured
 * on L1-resident data, 7 rows went from 68 % to 84 % of the FMA peak and 5 rows from 65 % to 77 % (8 rows:
 * 86-89 % either way).
 */
final class PositionMicroKernel {

    static final VectorSpecies<Float> F = Simd.F;
    static final int L = F.length();
    /** Position vectors per tile. */
    static final int V = 3;
    /** Most and fewest rows per tile: tiles of fewer rows repeat a row. */
    static final int MAX_ROWS = 8, MIN_ROWS = 4;

    private PositionMicroKernel() {}

    /**
     * {@code out[rows[r0 + i] + o_v + l] = bias[r0 + i] + Σ_{p < k} a[aOff + p*R + i] · b[tap[p] + i_v + l]}
     * for i < R, v < 3, l < L.
     */
    static void run(int rowsInTile, int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                    float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        switch (rowsInTile) {
            case 8 -> r8(k, a, aOff, tap, b, i0, i1, i2, out, rows, bias, r0, o0, o1, o2);
            case 7 -> r7(k, a, aOff, tap, b, i0, i1, i2, out, rows, bias, r0, o0, o1, o2);
            case 6 -> r6(k, a, aOff, tap, b, i0, i1, i2, out, rows, bias, r0, o0, o1, o2);
            case 5 -> r5(k, a, aOff, tap, b, i0, i1, i2, out, rows, bias, r0, o0, o1, o2);
            case 4 -> r4(k, a, aOff, tap, b, i0, i1, i2, out, rows, bias, r0, o0, o1, o2);
            default -> throw new IllegalArgumentException("position micro-kernel: " + rowsInTile + " rows, expected 4 to 8");
        }
    }

    /** {@link #run} for 8 rows. */
    private static void r8(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                           float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30, c32 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40, c42 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50, c52 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60, c62 = c60;
        FloatVector c70 = FloatVector.broadcast(F, bias[r0 + 7]), c71 = c70, c72 = c70;
        int p = 0;
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
            FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1); c02.intoArray(out, w0 + o2);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1); c12.intoArray(out, w1 + o2);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1); c22.intoArray(out, w2 + o2);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1); c32.intoArray(out, w3 + o2);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1); c42.intoArray(out, w4 + o2);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1); c52.intoArray(out, w5 + o2);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1); c62.intoArray(out, w6 + o2);
        int w7 = rows[r0 + 7];
        c70.intoArray(out, w7 + o0); c71.intoArray(out, w7 + o1); c72.intoArray(out, w7 + o2);
    }

    /** {@link #run} for 7 rows (K loop unrolled twice). */
    private static void r7(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                           float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30, c32 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40, c42 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50, c52 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60, c62 = c60;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + p * 7;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 7;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + p * 7;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
            FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1); c02.intoArray(out, w0 + o2);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1); c12.intoArray(out, w1 + o2);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1); c22.intoArray(out, w2 + o2);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1); c32.intoArray(out, w3 + o2);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1); c42.intoArray(out, w4 + o2);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1); c52.intoArray(out, w5 + o2);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1); c62.intoArray(out, w6 + o2);
    }

    /** {@link #run} for 6 rows (K loop unrolled twice). */
    private static void r6(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                           float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30, c32 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40, c42 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50, c52 = c50;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + p * 6;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 6;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + p * 6;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
            FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1); c02.intoArray(out, w0 + o2);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1); c12.intoArray(out, w1 + o2);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1); c22.intoArray(out, w2 + o2);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1); c32.intoArray(out, w3 + o2);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1); c42.intoArray(out, w4 + o2);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1); c52.intoArray(out, w5 + o2);
    }

    /** {@link #run} for 5 rows (K loop unrolled twice). */
    private static void r5(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                           float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30, c32 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40, c42 = c40;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + p * 5;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 5;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + p * 5;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
            FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
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
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1); c02.intoArray(out, w0 + o2);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1); c12.intoArray(out, w1 + o2);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1); c22.intoArray(out, w2 + o2);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1); c32.intoArray(out, w3 + o2);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1); c42.intoArray(out, w4 + o2);
    }

    /** {@link #run} for 4 rows (K loop unrolled twice). */
    private static void r4(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1, int i2,
                           float[] out, int[] rows, float[] bias, int r0, int o0, int o1, int o2) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30, c32 = c30;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + p * 4;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
                FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
                c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
                FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
                c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
                FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
                c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
                FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
                c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 4;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
                FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
                FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
                c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
                FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
                c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
                FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
                c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
                FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
                c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
            FloatVector b2 = FloatVector.fromArray(F, b, t + i2);
            FloatVector a0 = FloatVector.broadcast(F, a[ai + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1); c02.intoArray(out, w0 + o2);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1); c12.intoArray(out, w1 + o2);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1); c22.intoArray(out, w2 + o2);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1); c32.intoArray(out, w3 + o2);
    }

}
