package dev.slt.kernels;

/** Vector norm kernels: placeholder until the family is written. */
final class VectorNorm {

    private VectorNorm() {}

    static void softmaxRows(float[] x, int rows, int cols, float[] out) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        throw new UnsupportedOperationException("not written yet");
    }
}
