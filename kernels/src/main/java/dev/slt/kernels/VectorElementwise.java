package dev.slt.kernels;

/** Vector elementwise kernels: placeholder until the family is written. */
final class VectorElementwise {

    private VectorElementwise() {}

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void fill(float value, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        throw new UnsupportedOperationException("not written yet");
    }
}
