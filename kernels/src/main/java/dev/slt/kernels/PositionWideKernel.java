package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide micro-kernels of {@link PositionConv}: a register tile of R output channels (9 to 12) × 2 vectors of 16
 * output positions, for blocks of 9 to 12 rows (and the rest of larger ones) that 3-vector tiles of at most 8
 * rows would split into two short tiles (11 rows: 6 + 5), each streaming the input once more at a lower share of
 * the FMA peak. Same contract as {@link PositionMicroKernel}: rows start at their bias, results overwrite, a row or
 * vector listed twice writes the same values twice. Generated code: one method per row count, the K loop unrolled
 * twice.
 */
final class PositionWideKernel {

    static final VectorSpecies<Float> F = Simd.F;
    /** Position vectors per tile. */
    static final int V = 2;
    /** Most and fewest rows per tile. */
    static final int MAX_ROWS = 12, MIN_ROWS = 9;

    private PositionWideKernel() {}

    /**
     * {@code out[rows[r0 + i] + o_v + l] = bias[r0 + i] + Σ_{p < k} a[aOff + p*R + i] · b[tap[p] + i_v + l]}
     * for i < R, v < 2, l < 16.
     */
    static void run(int rowsInTile, int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1,
                    float[] out, int[] rows, float[] bias, int r0, int o0, int o1) {
        switch (rowsInTile) {
            case 12 -> r12(k, a, aOff, tap, b, i0, i1, out, rows, bias, r0, o0, o1);
            case 11 -> r11(k, a, aOff, tap, b, i0, i1, out, rows, bias, r0, o0, o1);
            case 10 -> r10(k, a, aOff, tap, b, i0, i1, out, rows, bias, r0, o0, o1);
            case 9 -> r9(k, a, aOff, tap, b, i0, i1, out, rows, bias, r0, o0, o1);
            default -> throw new IllegalArgumentException("wide position micro-kernel: " + rowsInTile + " rows, expected 9 to 12");
        }
    }

    /** {@link #run} for 12 rows (K loop unrolled twice). */
    private static void r12(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1,
                            float[] out, int[] rows, float[] bias, int r0, int o0, int o1) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60;
        FloatVector c70 = FloatVector.broadcast(F, bias[r0 + 7]), c71 = c70;
        FloatVector c80 = FloatVector.broadcast(F, bias[r0 + 8]), c81 = c80;
        FloatVector c90 = FloatVector.broadcast(F, bias[r0 + 9]), c91 = c90;
        FloatVector c100 = FloatVector.broadcast(F, bias[r0 + 10]), c101 = c100;
        FloatVector c110 = FloatVector.broadcast(F, bias[r0 + 11]), c111 = c110;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + (p) * 12;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
                FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
                c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
                FloatVector a11 = FloatVector.broadcast(F, a[ai + 11]);
                c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 12;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
                FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
                c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
                FloatVector a11 = FloatVector.broadcast(F, a[ai + 11]);
                c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + (p) * 12;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
            FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
            c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(F, a[ai + 11]);
            c110 = a11.fma(b0, c110); c111 = a11.fma(b1, c111);
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1);
        int w7 = rows[r0 + 7];
        c70.intoArray(out, w7 + o0); c71.intoArray(out, w7 + o1);
        int w8 = rows[r0 + 8];
        c80.intoArray(out, w8 + o0); c81.intoArray(out, w8 + o1);
        int w9 = rows[r0 + 9];
        c90.intoArray(out, w9 + o0); c91.intoArray(out, w9 + o1);
        int w10 = rows[r0 + 10];
        c100.intoArray(out, w10 + o0); c101.intoArray(out, w10 + o1);
        int w11 = rows[r0 + 11];
        c110.intoArray(out, w11 + o0); c111.intoArray(out, w11 + o1);
    }

    /** {@link #run} for 11 rows (K loop unrolled twice). */
    private static void r11(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1,
                            float[] out, int[] rows, float[] bias, int r0, int o0, int o1) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60;
        FloatVector c70 = FloatVector.broadcast(F, bias[r0 + 7]), c71 = c70;
        FloatVector c80 = FloatVector.broadcast(F, bias[r0 + 8]), c81 = c80;
        FloatVector c90 = FloatVector.broadcast(F, bias[r0 + 9]), c91 = c90;
        FloatVector c100 = FloatVector.broadcast(F, bias[r0 + 10]), c101 = c100;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + (p) * 11;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
                FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
                c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 11;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
                FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
                c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + (p) * 11;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
            FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(F, a[ai + 10]);
            c100 = a10.fma(b0, c100); c101 = a10.fma(b1, c101);
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1);
        int w7 = rows[r0 + 7];
        c70.intoArray(out, w7 + o0); c71.intoArray(out, w7 + o1);
        int w8 = rows[r0 + 8];
        c80.intoArray(out, w8 + o0); c81.intoArray(out, w8 + o1);
        int w9 = rows[r0 + 9];
        c90.intoArray(out, w9 + o0); c91.intoArray(out, w9 + o1);
        int w10 = rows[r0 + 10];
        c100.intoArray(out, w10 + o0); c101.intoArray(out, w10 + o1);
    }

    /** {@link #run} for 10 rows (K loop unrolled twice). */
    private static void r10(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1,
                            float[] out, int[] rows, float[] bias, int r0, int o0, int o1) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60;
        FloatVector c70 = FloatVector.broadcast(F, bias[r0 + 7]), c71 = c70;
        FloatVector c80 = FloatVector.broadcast(F, bias[r0 + 8]), c81 = c80;
        FloatVector c90 = FloatVector.broadcast(F, bias[r0 + 9]), c91 = c90;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + (p) * 10;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 10;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
                FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
                c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + (p) * 10;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
            FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(F, a[ai + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1);
        int w7 = rows[r0 + 7];
        c70.intoArray(out, w7 + o0); c71.intoArray(out, w7 + o1);
        int w8 = rows[r0 + 8];
        c80.intoArray(out, w8 + o0); c81.intoArray(out, w8 + o1);
        int w9 = rows[r0 + 9];
        c90.intoArray(out, w9 + o0); c91.intoArray(out, w9 + o1);
    }

    /** {@link #run} for 9 rows (K loop unrolled twice). */
    private static void r9(int k, float[] a, int aOff, int[] tap, float[] b, int i0, int i1,
                            float[] out, int[] rows, float[] bias, int r0, int o0, int o1) {
        FloatVector c00 = FloatVector.broadcast(F, bias[r0 + 0]), c01 = c00;
        FloatVector c10 = FloatVector.broadcast(F, bias[r0 + 1]), c11 = c10;
        FloatVector c20 = FloatVector.broadcast(F, bias[r0 + 2]), c21 = c20;
        FloatVector c30 = FloatVector.broadcast(F, bias[r0 + 3]), c31 = c30;
        FloatVector c40 = FloatVector.broadcast(F, bias[r0 + 4]), c41 = c40;
        FloatVector c50 = FloatVector.broadcast(F, bias[r0 + 5]), c51 = c50;
        FloatVector c60 = FloatVector.broadcast(F, bias[r0 + 6]), c61 = c60;
        FloatVector c70 = FloatVector.broadcast(F, bias[r0 + 7]), c71 = c70;
        FloatVector c80 = FloatVector.broadcast(F, bias[r0 + 8]), c81 = c80;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            {
                int t = tap[p], ai = aOff + (p) * 9;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            }
            {
                int t = tap[p + 1], ai = aOff + (p + 1) * 9;
                FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
                FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
                FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
                c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            }
        }
        for (; p < k; p++) {
            int t = tap[p], ai = aOff + (p) * 9;
            FloatVector b0 = FloatVector.fromArray(F, b, t + i0);
            FloatVector b1 = FloatVector.fromArray(F, b, t + i1);
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
            FloatVector a8 = FloatVector.broadcast(F, a[ai + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
        }
        int w0 = rows[r0 + 0];
        c00.intoArray(out, w0 + o0); c01.intoArray(out, w0 + o1);
        int w1 = rows[r0 + 1];
        c10.intoArray(out, w1 + o0); c11.intoArray(out, w1 + o1);
        int w2 = rows[r0 + 2];
        c20.intoArray(out, w2 + o0); c21.intoArray(out, w2 + o1);
        int w3 = rows[r0 + 3];
        c30.intoArray(out, w3 + o0); c31.intoArray(out, w3 + o1);
        int w4 = rows[r0 + 4];
        c40.intoArray(out, w4 + o0); c41.intoArray(out, w4 + o1);
        int w5 = rows[r0 + 5];
        c50.intoArray(out, w5 + o0); c51.intoArray(out, w5 + o1);
        int w6 = rows[r0 + 6];
        c60.intoArray(out, w6 + o0); c61.intoArray(out, w6 + o1);
        int w7 = rows[r0 + 7];
        c70.intoArray(out, w7 + o0); c71.intoArray(out, w7 + o1);
        int w8 = rows[r0 + 8];
        c80.intoArray(out, w8 + o0); c81.intoArray(out, w8 + o1);
    }
}
