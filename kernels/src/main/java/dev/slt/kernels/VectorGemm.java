package dev.slt.kernels;

/** Vector gemm kernels: placeholder until the family is written. */
final class VectorGemm {

    private VectorGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        throw new UnsupportedOperationException("not written yet");
    }
}
