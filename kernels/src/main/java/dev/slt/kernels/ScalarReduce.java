package dev.slt.kernels;

/** Reference reductions, accumulated in double and rounded once: the oracle for {@link VectorReduce}. */
final class ScalarReduce {

    private ScalarReduce() {}

    static float sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return (float) s;
    }

    /** {@code -inf} for n == 0; NaN if any element is NaN ({@link Math#max} propagates it). */
    static float max(float[] x, int xOff, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[xOff + i]);
        return m;
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return (float) s;
    }

    /** {@code out[o*inner + i] = Σ_a x[(o*axis + a)*inner + i]}, x viewed as (outer, axis, inner). */
    static void sumAxis(float[] x, int outer, int axis, int inner, float[] out) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double s = 0;
                for (int a = 0; a < axis; a++) s += x[(o * axis + a) * inner + i];
                out[o * inner + i] = (float) s;
            }
        }
    }
}
