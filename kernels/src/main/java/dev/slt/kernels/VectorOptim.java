package dev.slt.kernels;

import static dev.slt.kernels.VectorElementwise.F;
import static dev.slt.kernels.VectorElementwise.PARALLEL_MIN;

import jdk.incubator.vector.FloatVector;

/**
 * SGD step with the Vector API: one fused sweep reading w, grad and velocity once. Same float
 * operations in the same order as {@link ScalarOptim} (no fma), so the two are bit-identical.
 */
final class VectorOptim {

    private VectorOptim() {}

    /** {@code g = grad + wd*w; v = momentum*v + g; w -= lr * (nesterov ? g + momentum*v : v)}. */
    static void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n,
                            float lr, float momentum, float weightDecay, boolean nesterov) {
        if (n < PARALLEL_MIN) {
            sgdRange(w, grad, velocity, off, n, lr, momentum, weightDecay, nesterov);
        } else {
            KernelPool.parallelFor(n, (s, e) ->
                    sgdRange(w, grad, velocity, off + s, e - s, lr, momentum, weightDecay, nesterov));
        }
    }

    private static void sgdRange(float[] w, float[] grad, float[] velocity, int off, int n,
                                 float lr, float momentum, float weightDecay, boolean nesterov) {
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += F.length()) {
            int j = off + i;
            var wv = FloatVector.fromArray(F, w, j);
            var g = FloatVector.fromArray(F, grad, j).add(wv.mul(weightDecay));
            var v = FloatVector.fromArray(F, velocity, j).mul(momentum).add(g);
            v.intoArray(velocity, j);
            var step = nesterov ? g.add(v.mul(momentum)) : v;
            wv.sub(step.mul(lr)).intoArray(w, j);
        }
        ScalarOptim.sgdMomentum(w, grad, velocity, off + i, n - i, lr, momentum, weightDecay, nesterov);
    }
}
