package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for the blocked GEMM: copies a block of op(A) or op(B) into the order the
 * {@link GemmMicroKernel} reads, so its K loop walks both operands with unit stride whatever the
 * transposes and leading dimensions. Panels are zero-padded to full {@code MR} rows / {@code NR}
 * columns; padded lanes contribute 0 and the micro-kernel writes back only the valid part.
 */
final class GemmPack {

    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;
    private static final int L = GemmMicroKernel.L;
    /** One row of an A panel: MR = 8 floats, copied as a 256-bit vector. */
    private static final VectorSpecies<Float> ROW = FloatVector.SPECIES_256;

    static {
        if (ROW.length() != MR) throw new AssertionError("A panel rows must match ROW, MR = " + MR);
    }

    private GemmPack() {}

    /**
     * Rows {@code [i0, i0+mc)} and depth {@code [p0, p0+kc)} of op(A) into {@code dst} as
     * {@code ceil(mc/MR)} panels of {@code (kc, MR)}: element (i, p) at {@code panel·MR·kc + p·MR + i%MR}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        for (int ip = 0; ip * MR < mc; ip++) {
            int rows = Math.min(MR, mc - ip * MR);
            int d = ip * MR * kc;
            int r0 = i0 + ip * MR;
            if (transA) {
                // A stored (k, m): the MR values of one p are contiguous, one short vector copy instead
                // of MR scalar ones (with it, dCols GEMMs such as 576×64×64 with A transposed ran ~2x)
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + r0;
                    int dp = d + p * MR;
                    if (rows == MR) {
                        FloatVector.fromArray(ROW, a, src).intoArray(dst, dp);
                    } else {
                        for (int i = 0; i < rows; i++) dst[dp + i] = a[src + i];
                        for (int i = rows; i < MR; i++) dst[dp + i] = 0f;
                    }
                }
            } else {
                // A stored (m, k): each row is read contiguously and scattered MR apart into the panel;
                // one read stream beats stepping MR row streams together (the 64×64×576 conv GEMM
                // gained a quarter, 64×196×800 a tenth, where packing A is a large share of the call)
                int s = aOff + r0 * lda + p0;
                for (int i = 0; i < rows; i++) {
                    int si = s + i * lda, di = d + i;
                    for (int p = 0; p < kc; p++) dst[di + p * MR] = a[si + p];
                }
                for (int i = rows; i < MR; i++) {
                    for (int p = 0; p < kc; p++) dst[d + i + p * MR] = 0f;
                }
            }
        }
    }

    /**
     * Columns {@code [j0, j0+nr)} ({@code nr <= NR}) and depth {@code [p0, p0+kc)} of op(B) into one
     * {@code (kc, NR)} panel at {@code dst[d..]}: element (p, j) at {@code d + p·NR + j}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int j0, int nr, int p0, int kc,
                      float[] dst, int d) {
        if (transB) {
            // B stored (n, k): each column of op(B) is a contiguous row of B, read as one stream and
            // written NR apart; as for A, this beats stepping nr row streams together (dW GEMMs
            // 64×576×64 and 64×800×196 with B transposed gained about a third)
            int s = bOff + j0 * ldb + p0;
            for (int j = 0; j < nr; j++) {
                int sj = s + j * ldb, dj = d + j;
                for (int p = 0; p < kc; p++) dst[dj + p * NR] = b[sj + p];
            }
            for (int j = nr; j < NR; j++) {
                for (int p = 0; p < kc; p++) dst[d + j + p * NR] = 0f;
            }
        } else if (nr == NR) {
            for (int p = 0; p < kc; p++) {
                int s = bOff + (p0 + p) * ldb + j0;
                int dp = d + p * NR;
                for (int v = 0; v < NR; v += L) FloatVector.fromArray(GemmMicroKernel.F, b, s + v).intoArray(dst, dp + v);
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int s = bOff + (p0 + p) * ldb + j0;
                int dp = d + p * NR;
                for (int j = 0; j < nr; j++) dst[dp + j] = b[s + j];
                for (int j = nr; j < NR; j++) dst[dp + j] = 0f;
            }
        }
    }
}
