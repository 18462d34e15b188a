package dev.slt.kernels;

import static dev.slt.kernels.VectorElementwise.F;
import static dev.slt.kernels.VectorElementwise.PARALLEL_MIN;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions with the Vector API: four float accumulators (4 × 16 lanes of partial sums), their lanes
 * added in double in lane order after the loop, the tail in double. Large inputs are cut into
 * {@link KernelPool#threads()} fixed chunks whose partials are added in chunk order, so a result
 * depends only on n and the thread count, never on scheduling. Float accumulation means a sum's error
 * grows like {@code n/64 · ε · Σ|x|} in the worst case, against the double-accumulated
 * {@link ScalarReduce}.
 */
final class VectorReduce {

    private VectorReduce() {}

    static float sum(float[] x, int xOff, int n) {
        if (n < PARALLEL_MIN) return (float) sumRange(x, xOff, n);
        return (float) chunked(n, (lo, hi) -> sumRange(x, xOff + lo, hi - lo));
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (n < PARALLEL_MIN) return (float) dotRange(a, aOff, b, bOff, n);
        return (float) chunked(n, (lo, hi) -> dotRange(a, aOff + lo, b, bOff + lo, hi - lo));
    }

    /**
     * {@code -inf} for n == 0; NaN if any element is NaN. Lane-wise max follows {@link Math#max}, which
     * propagates NaN and orders -0 below +0, so the result does not depend on the order of comparison.
     */
    static float max(float[] x, int xOff, int n) {
        if (n < PARALLEL_MIN) return maxRange(x, xOff, n);
        int chunks = KernelPool.threads();
        float[] part = new float[chunks];
        KernelPool.parallelFor(chunks, (s, e) -> {
            for (int c = s; c < e; c++) {
                int lo = chunkStart(n, chunks, c), hi = chunkStart(n, chunks, c + 1);
                part[c] = maxRange(x, xOff + lo, hi - lo);
            }
        });
        return ScalarReduce.max(part, 0, chunks);
    }

    /**
     * {@code out[o*inner + i] = Σ_a x[(o*axis + a)*inner + i]}. Each output is a float sum in the order
     * a = 0, 1, ..., whether its column falls in a vector or the tail, so the result does not depend on
     * how the work is split. The (axis, inner) block streams row by row with the output row as the
     * accumulator; when inner == 1 each output is a contiguous {@link #sum}.
     */
    static void sumAxis(float[] x, int outer, int axis, int inner, float[] out) {
        long total = (long) outer * axis * inner;
        if (inner == 1) {
            if (total < PARALLEL_MIN || outer < KernelPool.threads()) {
                for (int o = 0; o < outer; o++) out[o] = sum(x, o * axis, axis);
            } else {
                KernelPool.parallelFor(outer, (s, e) -> {
                    for (int o = s; o < e; o++) out[o] = (float) sumRange(x, o * axis, axis);
                });
            }
        } else if (total < PARALLEL_MIN) {
            for (int o = 0; o < outer; o++) sumRows(x, o * axis * inner, axis, inner, 0, inner, out, o * inner);
        } else if (outer >= KernelPool.threads()) {
            KernelPool.parallelFor(outer, (s, e) -> {
                for (int o = s; o < e; o++) sumRows(x, o * axis * inner, axis, inner, 0, inner, out, o * inner);
            });
        } else {
            for (int o = 0; o < outer; o++) {
                int base = o * axis * inner, outBase = o * inner;
                KernelPool.parallelFor(inner, (s, e) -> sumRows(x, base, axis, inner, s, e, out, outBase));
            }
        }
    }

    /** Columns [i0, i1) of the (axis, inner) block at xOff: {@code out[outOff + i] = Σ_a x[xOff + a*inner + i]}. */
    private static void sumRows(float[] x, int xOff, int axis, int inner, int i0, int i1, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff + i0, outOff + i1, 0f);
        int width = i1 - i0, ub = F.loopBound(width);
        for (int a = 0; a < axis; a++) {
            int row = xOff + a * inner + i0, dst = outOff + i0;
            int i = 0;
            for (; i < ub; i += F.length()) {
                FloatVector.fromArray(F, out, dst + i).add(FloatVector.fromArray(F, x, row + i)).intoArray(out, dst + i);
            }
            for (; i < width; i++) out[dst + i] += x[row + i];
        }
    }

    /** Σ x[xOff .. xOff+n) with float vector partials and a double tail. */
    static double sumRange(float[] x, int xOff, int n) {
        int len = F.length(), i = 0;
        var s0 = FloatVector.zero(F);
        var s1 = FloatVector.zero(F);
        var s2 = FloatVector.zero(F);
        var s3 = FloatVector.zero(F);
        for (int ub = loopBound4(n); i < ub; i += 4 * len) {
            s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
            s1 = s1.add(FloatVector.fromArray(F, x, xOff + i + len));
            s2 = s2.add(FloatVector.fromArray(F, x, xOff + i + 2 * len));
            s3 = s3.add(FloatVector.fromArray(F, x, xOff + i + 3 * len));
        }
        for (int ub = F.loopBound(n); i < ub; i += len) s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
        double s = i == 0 ? 0 : lanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += x[xOff + i];
        return s;
    }

    /** Σ a[i]*b[i] with fma into float vector partials and a double tail. */
    static double dotRange(float[] a, int aOff, float[] b, int bOff, int n) {
        int len = F.length(), i = 0;
        var s0 = FloatVector.zero(F);
        var s1 = FloatVector.zero(F);
        var s2 = FloatVector.zero(F);
        var s3 = FloatVector.zero(F);
        for (int ub = loopBound4(n); i < ub; i += 4 * len) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
            s1 = FloatVector.fromArray(F, a, aOff + i + len).fma(FloatVector.fromArray(F, b, bOff + i + len), s1);
            s2 = FloatVector.fromArray(F, a, aOff + i + 2 * len).fma(FloatVector.fromArray(F, b, bOff + i + 2 * len), s2);
            s3 = FloatVector.fromArray(F, a, aOff + i + 3 * len).fma(FloatVector.fromArray(F, b, bOff + i + 3 * len), s3);
        }
        for (int ub = F.loopBound(n); i < ub; i += len) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
        }
        double s = i == 0 ? 0 : lanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }

    static float maxRange(float[] x, int xOff, int n) {
        int len = F.length(), i = 0;
        var m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        var m1 = m0;
        for (int ub = n - n % (2 * len); i < ub; i += 2 * len) {
            m0 = m0.max(FloatVector.fromArray(F, x, xOff + i));
            m1 = m1.max(FloatVector.fromArray(F, x, xOff + i + len));
        }
        for (int ub = F.loopBound(n); i < ub; i += len) m0 = m0.max(FloatVector.fromArray(F, x, xOff + i));
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        return Math.max(m, ScalarReduce.max(x, xOff + i, n - i));
    }

    /**
     * Adds the lanes in double, in lane order: {@code reduceLanes(ADD)} leaves the float order to the
     * implementation, which could differ between the interpreter and compiled code. Callers skip it
     * when no vector was loaded (short rows, small batch-norm planes), as it copies the lanes out.
     */
    static double lanes(FloatVector v) {
        double s = 0;
        for (float f : v.toArray()) s += f;
        return s;
    }

    private static int loopBound4(int n) {
        return n - n % (4 * F.length());
    }

    @FunctionalInterface
    private interface RangeSum {
        double run(int lo, int hi);
    }

    /** Fixed chunks of [0, n), one per pool thread, whose partials are added in chunk order. */
    private static double chunked(int n, RangeSum body) {
        int chunks = KernelPool.threads();
        double[] part = new double[chunks];
        KernelPool.parallelFor(chunks, (s, e) -> {
            for (int c = s; c < e; c++) part[c] = body.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1));
        });
        double s = 0;
        for (double p : part) s += p;
        return s;
    }

    private static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
