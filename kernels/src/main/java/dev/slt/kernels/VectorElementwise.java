package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels with the Vector API. Each op is the same float operations as
 * {@link ScalarElementwise} (no fma), so the two are bit-identical; the tail goes through the scalar
 * code. These ops are memory-bound (~15 GB/s per core), so large calls are split across
 * {@link KernelPool} threads and small ones stay on the caller's thread.
 */
final class VectorElementwise {

    /** The one species of the elementwise, reduce, norm and optim families. */
    static final VectorSpecies<Float> F = Simd.F;

    /**
     * Below this many elements a call stays single-threaded: 64K floats (256 KiB) take ~15 µs to stream
     * on one core, about what a fork-join round trip costs.
     */
    static final int PARALLEL_MIN = 1 << 16;

    private VectorElementwise() {}

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) addRange(a, aOff, b, bOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> addRange(a, aOff + s, b, bOff + s, out, outOff + s, e - s));
    }

    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) subRange(a, aOff, b, bOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> subRange(a, aOff + s, b, bOff + s, out, outOff + s, e - s));
    }

    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) mulRange(a, aOff, b, bOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> mulRange(a, aOff + s, b, bOff + s, out, outOff + s, e - s));
    }

    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) divRange(a, aOff, b, bOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> divRange(a, aOff + s, b, bOff + s, out, outOff + s, e - s));
    }

    static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) scaleRange(alpha, x, xOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> scaleRange(alpha, x, xOff + s, out, outOff + s, e - s));
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (n < PARALLEL_MIN) axpyRange(alpha, x, xOff, y, yOff, n);
        else KernelPool.parallelFor(n, (s, e) -> axpyRange(alpha, x, xOff + s, y, yOff + s, e - s));
    }

    static void fill(float value, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) fillRange(value, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> fillRange(value, out, outOff + s, e - s));
    }

    static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) reluRange(x, xOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> reluRange(x, xOff + s, out, outOff + s, e - s));
    }

    static void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n < PARALLEL_MIN) addReluRange(a, aOff, b, bOff, out, outOff, n);
        else KernelPool.parallelFor(n, (s, e) -> addReluRange(a, aOff + s, b, bOff + s, out, outOff + s, e - s));
    }

    static void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (n < PARALLEL_MIN) reluBackwardRange(x, xOff, dy, dyOff, dx, dxOff, n);
        else KernelPool.parallelFor(n, (s, e) -> reluBackwardRange(x, xOff + s, dy, dyOff + s, dx, dxOff + s, e - s));
    }

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0}; dx may be dy. */
    static void reluGrad(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (n < PARALLEL_MIN) reluGradRange(x, xOff, dy, dyOff, dx, dxOff, n);
        else KernelPool.parallelFor(n, (s, e) -> reluGradRange(x, xOff + s, dy, dyOff + s, dx, dxOff + s, e - s));
    }

    /**
     * A conv's epilogue ({@link ConvEpilogue}) on one thread, in place over {@code y[off, off + n)}:
     * {@code + perImage[pOff + i]} (null: none), then {@code + residual[rOff + i]} (null: none), then {@code max(., 0)}
     * when {@code relu}: the result of separate passes, in the same order.
     */
    static void epilogueRange(float[] y, int off, int n, float[] perImage, int pOff, float[] residual, int rOff, boolean relu) {
        if (perImage == null) {
            if (residual != null) {
                if (relu) addReluRange(y, off, residual, rOff, y, off, n);
                else addRange(y, off, residual, rOff, y, off, n);
            } else if (relu) {
                reluRange(y, off, y, off, n);
            }
            return;
        }
        var zero = FloatVector.zero(F);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            var v = FloatVector.fromArray(F, y, off + i).add(FloatVector.fromArray(F, perImage, pOff + i));
            if (residual != null) v = v.add(FloatVector.fromArray(F, residual, rOff + i));
            if (relu) v = v.max(zero);
            v.intoArray(y, off + i);
        }
        for (; i < n; i++) {
            float v = y[off + i] + perImage[pOff + i];
            if (residual != null) v += residual[rOff + i];
            y[off + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    /**
     * {@link #epilogueRange} with an eval-mode batch norm of one channel after the constant image:
     * {@code v = ((y + p - mean) * invStd) * gamma + beta}, then the residual, then ReLU, in the batch-norm and add
     * kernels' order.
     */
    static void normEpilogueRange(float[] y, int off, int n, float[] perImage, int pOff, float mean, float invStd, float gamma,
                                  float beta, float[] residual, int rOff, boolean relu) {
        var zero = FloatVector.zero(F);
        var mu = FloatVector.broadcast(F, mean);
        var is = FloatVector.broadcast(F, invStd);
        var g = FloatVector.broadcast(F, gamma);
        var b = FloatVector.broadcast(F, beta);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            var v = FloatVector.fromArray(F, y, off + i);
            if (perImage != null) v = v.add(FloatVector.fromArray(F, perImage, pOff + i));
            v = v.sub(mu).mul(is).mul(g).add(b);
            if (residual != null) v = v.add(FloatVector.fromArray(F, residual, rOff + i));
            if (relu) v = v.max(zero);
            v.intoArray(y, off + i);
        }
        for (; i < n; i++) {
            float v = y[off + i];
            if (perImage != null) v += perImage[pOff + i];
            v = (v - mean) * invStd * gamma + beta;
            if (residual != null) v += residual[rOff + i];
            y[off + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    private static void addRange(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        ScalarElementwise.add(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    private static void subRange(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        ScalarElementwise.sub(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    private static void mulRange(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).mul(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        ScalarElementwise.mul(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    private static void divRange(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).div(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        ScalarElementwise.div(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    private static void scaleRange(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
        }
        ScalarElementwise.scale(alpha, x, xOff + i, out, outOff + i, n - i);
    }

    /** {@code y + alpha*x} as a rounded product then a rounded sum, like the scalar twin (an fma would differ). */
    static void axpyRange(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            var p = FloatVector.fromArray(F, x, xOff + i).mul(alpha);
            FloatVector.fromArray(F, y, yOff + i).add(p).intoArray(y, yOff + i);
        }
        ScalarElementwise.axpy(alpha, x, xOff + i, y, yOff + i, n - i);
    }

    private static void fillRange(float value, float[] out, int outOff, int n) {
        var v = FloatVector.broadcast(F, value);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) v.intoArray(out, outOff + i);
        ScalarElementwise.fill(value, out, outOff + i, n - i);
    }

    /** Lane-wise max follows {@link Math#max}: NaN stays NaN and -0 becomes +0, as in the scalar twin. */
    private static void reluRange(float[] x, int xOff, float[] out, int outOff, int n) {
        var zero = FloatVector.zero(F);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        ScalarElementwise.relu(x, xOff + i, out, outOff + i, n - i);
    }

    private static void addReluRange(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        var zero = FloatVector.zero(F);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).max(zero).intoArray(out, outOff + i);
        }
        ScalarElementwise.addRelu(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    /** A masked add leaves dx untouched (even -0) where {@code x <= 0} or x is NaN, like the scalar branch. */
    private static void reluGradRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            var notPos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromArray(F, dy, dyOff + i).blend(0f, notPos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    private static void reluBackwardRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            var pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(F, dx, dxOff + i).add(FloatVector.fromArray(F, dy, dyOff + i), pos)
                    .intoArray(dx, dxOff + i);
        }
        ScalarElementwise.reluBackward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
