package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * GEMM with B transposed and few rows of C (the weight gradient {@code dW = dY·colsᵀ}, m = C_out):
 * every C element is a dot product of two rows contiguous in memory, so nothing is packed. A
 * {@code DR × DC} tile keeps 24 vector accumulators over p and reduces each once at the end;
 * partial tiles repeat their last valid row / column (in bounds) and write back only the valid part.
 */
final class GemmDotKernel {

    /** Tile rows (of A) and columns (rows of B): 24 accumulators + 4 A vectors + 1 B vector fit 32 registers. */
    static final int DR = 4, DC = 6;
    private static final int L = GemmMicroKernel.L;

    private GemmDotKernel() {}

    /** {@code C = alpha·A·Bᵀ + beta·C} for A (m, k) and B (n, k), multi-threaded over tiles. */
    static void gemm(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int tn = (n + DC - 1) / DC, tiles = (m + DR - 1) / DR * tn;
        KernelPool.parallelFor(tiles, threads, (s, e) -> {
            for (int t = s; t < e; t++) {
                int i0 = t / tn * DR, j0 = t % tn * DC;
                tile(i0, j0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        });
    }

    private static void tile(int i0, int j0, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int a0 = aOff + Math.min(i0 + 0, m - 1) * lda;
        int a1 = aOff + Math.min(i0 + 1, m - 1) * lda;
        int a2 = aOff + Math.min(i0 + 2, m - 1) * lda;
        int a3 = aOff + Math.min(i0 + 3, m - 1) * lda;
        int b0 = bOff + Math.min(j0 + 0, n - 1) * ldb;
        int b1 = bOff + Math.min(j0 + 1, n - 1) * ldb;
        int b2 = bOff + Math.min(j0 + 2, n - 1) * ldb;
        int b3 = bOff + Math.min(j0 + 3, n - 1) * ldb;
        int b4 = bOff + Math.min(j0 + 4, n - 1) * ldb;
        int b5 = bOff + Math.min(j0 + 5, n - 1) * ldb;
        FloatVector z = FloatVector.zero(GemmMicroKernel.F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z, s05 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z, s14 = z, s15 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s24 = z, s25 = z;
        FloatVector s30 = z, s31 = z, s32 = z, s33 = z, s34 = z, s35 = z;
        int bound = GemmMicroKernel.F.loopBound(k);
        for (int p = 0; p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(GemmMicroKernel.F, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(GemmMicroKernel.F, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(GemmMicroKernel.F, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(GemmMicroKernel.F, a, a3 + p);
            FloatVector y0 = FloatVector.fromArray(GemmMicroKernel.F, b, b0 + p);
            s00 = x0.fma(y0, s00);
            s10 = x1.fma(y0, s10);
            s20 = x2.fma(y0, s20);
            s30 = x3.fma(y0, s30);
            FloatVector y1 = FloatVector.fromArray(GemmMicroKernel.F, b, b1 + p);
            s01 = x0.fma(y1, s01);
            s11 = x1.fma(y1, s11);
            s21 = x2.fma(y1, s21);
            s31 = x3.fma(y1, s31);
            FloatVector y2 = FloatVector.fromArray(GemmMicroKernel.F, b, b2 + p);
            s02 = x0.fma(y2, s02);
            s12 = x1.fma(y2, s12);
            s22 = x2.fma(y2, s22);
            s32 = x3.fma(y2, s32);
            FloatVector y3 = FloatVector.fromArray(GemmMicroKernel.F, b, b3 + p);
            s03 = x0.fma(y3, s03);
            s13 = x1.fma(y3, s13);
            s23 = x2.fma(y3, s23);
            s33 = x3.fma(y3, s33);
            FloatVector y4 = FloatVector.fromArray(GemmMicroKernel.F, b, b4 + p);
            s04 = x0.fma(y4, s04);
            s14 = x1.fma(y4, s14);
            s24 = x2.fma(y4, s24);
            s34 = x3.fma(y4, s34);
            FloatVector y5 = FloatVector.fromArray(GemmMicroKernel.F, b, b5 + p);
            s05 = x0.fma(y5, s05);
            s15 = x1.fma(y5, s15);
            s25 = x2.fma(y5, s25);
            s35 = x3.fma(y5, s35);
        }
        int mr = Math.min(DR, m - i0), nr = Math.min(DC, n - j0);
        if (mr > 0) {
            int ci = cOff + (i0 + 0) * ldc + j0;
            if (nr > 0) store(Simd.sumLanes(s00) + tail(a, a0, b, b0, bound, k), c, ci + 0, alpha, beta);
            if (nr > 1) store(Simd.sumLanes(s01) + tail(a, a0, b, b1, bound, k), c, ci + 1, alpha, beta);
            if (nr > 2) store(Simd.sumLanes(s02) + tail(a, a0, b, b2, bound, k), c, ci + 2, alpha, beta);
            if (nr > 3) store(Simd.sumLanes(s03) + tail(a, a0, b, b3, bound, k), c, ci + 3, alpha, beta);
            if (nr > 4) store(Simd.sumLanes(s04) + tail(a, a0, b, b4, bound, k), c, ci + 4, alpha, beta);
            if (nr > 5) store(Simd.sumLanes(s05) + tail(a, a0, b, b5, bound, k), c, ci + 5, alpha, beta);
        }
        if (mr > 1) {
            int ci = cOff + (i0 + 1) * ldc + j0;
            if (nr > 0) store(Simd.sumLanes(s10) + tail(a, a1, b, b0, bound, k), c, ci + 0, alpha, beta);
            if (nr > 1) store(Simd.sumLanes(s11) + tail(a, a1, b, b1, bound, k), c, ci + 1, alpha, beta);
            if (nr > 2) store(Simd.sumLanes(s12) + tail(a, a1, b, b2, bound, k), c, ci + 2, alpha, beta);
            if (nr > 3) store(Simd.sumLanes(s13) + tail(a, a1, b, b3, bound, k), c, ci + 3, alpha, beta);
            if (nr > 4) store(Simd.sumLanes(s14) + tail(a, a1, b, b4, bound, k), c, ci + 4, alpha, beta);
            if (nr > 5) store(Simd.sumLanes(s15) + tail(a, a1, b, b5, bound, k), c, ci + 5, alpha, beta);
        }
        if (mr > 2) {
            int ci = cOff + (i0 + 2) * ldc + j0;
            if (nr > 0) store(Simd.sumLanes(s20) + tail(a, a2, b, b0, bound, k), c, ci + 0, alpha, beta);
            if (nr > 1) store(Simd.sumLanes(s21) + tail(a, a2, b, b1, bound, k), c, ci + 1, alpha, beta);
            if (nr > 2) store(Simd.sumLanes(s22) + tail(a, a2, b, b2, bound, k), c, ci + 2, alpha, beta);
            if (nr > 3) store(Simd.sumLanes(s23) + tail(a, a2, b, b3, bound, k), c, ci + 3, alpha, beta);
            if (nr > 4) store(Simd.sumLanes(s24) + tail(a, a2, b, b4, bound, k), c, ci + 4, alpha, beta);
            if (nr > 5) store(Simd.sumLanes(s25) + tail(a, a2, b, b5, bound, k), c, ci + 5, alpha, beta);
        }
        if (mr > 3) {
            int ci = cOff + (i0 + 3) * ldc + j0;
            if (nr > 0) store(Simd.sumLanes(s30) + tail(a, a3, b, b0, bound, k), c, ci + 0, alpha, beta);
            if (nr > 1) store(Simd.sumLanes(s31) + tail(a, a3, b, b1, bound, k), c, ci + 1, alpha, beta);
            if (nr > 2) store(Simd.sumLanes(s32) + tail(a, a3, b, b2, bound, k), c, ci + 2, alpha, beta);
            if (nr > 3) store(Simd.sumLanes(s33) + tail(a, a3, b, b3, bound, k), c, ci + 3, alpha, beta);
            if (nr > 4) store(Simd.sumLanes(s34) + tail(a, a3, b, b4, bound, k), c, ci + 4, alpha, beta);
            if (nr > 5) store(Simd.sumLanes(s35) + tail(a, a3, b, b5, bound, k), c, ci + 5, alpha, beta);
        }
    }

    /**
     * The k % lanes tail of one dot product, scalar: at most 15 products per C element. A masked vector tail here
     * doubled the method, and C1 then ran out of virtual registers compiling it; stuck in its tier-2 code (no C2,
     * the Vector API unintrinsified) the linear layer of an inference plan ran 50x slower.
     */
    private static float tail(float[] a, int aRow, float[] b, int bRow, int from, int k) {
        float s = 0f;
        for (int p = from; p < k; p++) s = Math.fma(a[aRow + p], b[bRow + p], s);
        return s;
    }

    private static void store(float s, float[] c, int i, float alpha, float beta) {
        float r = s * alpha;
        c[i] = beta == 0f ? r : Math.fma(c[i], beta, r);
    }
}
