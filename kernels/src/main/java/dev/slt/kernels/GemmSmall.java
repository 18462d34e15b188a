package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * GEMM for problems too small to repay packing (m·n·k below a few ten thousand): a C row is built
 * straight from the operands, vectorised over j when the rows of op(B) are contiguous.
 */
final class GemmSmall {

    private GemmSmall() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        int sa = transA ? lda : 1, ra = transA ? 1 : lda;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * ra, ci = cOff + i * ldc;
            if (transB) {
                // op(B) column j is row j of B: a dot product with unit stride in B
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * sa], b[bj + p], s);
                    float r = s * alpha;
                    c[ci + j] = beta == 0f ? r : Math.fma(c[ci + j], beta, r);
                }
            } else {
                // c[i, j..j+lanes) = Σ_p a[i, p] · b[p, j..j+lanes)
                for (int j = 0; j < n; j += GemmMicroKernel.F.length()) {
                    VectorMask<Float> in = GemmMicroKernel.F.indexInRange(j, n);
                    FloatVector s = FloatVector.zero(GemmMicroKernel.F);
                    for (int p = 0; p < k; p++) {
                        FloatVector bv = FloatVector.fromArray(GemmMicroKernel.F, b, bOff + p * ldb + j, in);
                        s = FloatVector.broadcast(GemmMicroKernel.F, a[ai + p * sa]).fma(bv, s);
                    }
                    FloatVector r = s.mul(alpha);
                    if (beta != 0f) r = FloatVector.fromArray(GemmMicroKernel.F, c, ci + j, in).fma(FloatVector.broadcast(GemmMicroKernel.F, beta), r);
                    r.intoArray(c, ci + j, in);
                }
            }
        }
    }
}
