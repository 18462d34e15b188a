package dev.slt.kernels;

/**
 * Reference elementwise kernels: one float operation per line, in the order the formula is written,
 * so {@link VectorElementwise} (same operations, no fma) is bit-identical to it.
 */
final class ScalarElementwise {

    private ScalarElementwise() {}

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = alpha * x[xOff + i];
    }

    /** {@code y[i] += alpha * x[i]}: product rounded, then sum rounded (no fma). */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    static void fill(float value, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = value;
    }

    /** {@code max(x, 0)} with NaN kept as NaN and -0 mapped to +0 (Math.max semantics). */
    static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(x[xOff + i], 0f);
    }

    static void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i] + b[bOff + i], 0f);
    }

    static void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            if (x[xOff + i] > 0f) dx[dxOff + i] += dy[dyOff + i];
        }
    }
}
