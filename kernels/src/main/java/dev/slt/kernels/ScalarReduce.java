package dev.slt.kernels;

/** Scalar reduce kernels: placeholder until the family is written. */
final class ScalarReduce {

    private ScalarReduce() {}

    static float sum(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static float max(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void sumAxis(float[] x, int outer, int axis, int inner, float[] out) {
        throw new UnsupportedOperationException("not written yet");
    }
}
