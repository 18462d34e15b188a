package dev.slt.kernels;

import static dev.slt.kernels.VectorElementwise.F;
import static dev.slt.kernels.VectorElementwise.PARALLEL_MIN;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax and batch norm with the Vector API. Softmax rows and batch-norm channels are independent,
 * so large calls split them across {@link KernelPool} threads and every result is the same for any
 * split. Batch-norm layout is (N, C, HW): channel ch of sample s is the contiguous segment
 * {@code [(s*C + ch)*HW, +HW)}; float vector sums over up to 8 segments are added into double per channel.
 */
final class VectorNorm {

    /**
     * Rows × cols from which softmax is multi-threaded: exp costs ~5 ns per element here (JDK 25's
     * lane-wise EXP, about 4× faster than a {@link Math#exp} loop), so 16K elements are ~80 µs.
     */
    static final int SOFTMAX_PARALLEL_MIN = 1 << 14;

    /**
     * Planes whose float lane sums are carried before they are added into a channel's double sum: reducing the 16
     * lanes after every plane cost more than the plane itself on 7x7 maps (49 floats); 8 planes keep each lane's
     * float sum to a few hundred terms.
     */
    private static final int REDUCE_EVERY = 8;

    private VectorNorm() {}

    static void softmaxRows(float[] x, int rows, int cols, float[] out) {
        if ((long) rows * cols < SOFTMAX_PARALLEL_MIN) {
            for (int r = 0; r < rows; r++) softmaxRow(x, r * cols, cols, out);
        } else {
            KernelPool.parallelFor(rows, (s, e) -> {
                for (int r = s; r < e; r++) softmaxRow(x, r * cols, cols, out);
            });
        }
    }

    static void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        if ((long) rows * cols < SOFTMAX_PARALLEL_MIN) {
            for (int r = 0; r < rows; r++) logSoftmaxRow(x, r * cols, cols, out);
        } else {
            KernelPool.parallelFor(rows, (s, e) -> {
                for (int r = s; r < e; r++) logSoftmaxRow(x, r * cols, cols, out);
            });
        }
    }

    /** {@code e = exp(x - max)} stored in out while summed, then {@code out = e * (1 / Σe)}. */
    private static void softmaxRow(float[] x, int off, int cols, float[] out) {
        float max = VectorReduce.maxRange(x, off, cols);
        var acc = FloatVector.zero(F);
        int i = 0, ub = F.loopBound(cols);
        for (; i < ub; i += F.length()) {
            var e = FloatVector.fromArray(F, x, off + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(out, off + i);
            acc = acc.add(e);
        }
        double sum = ub > 0 ? VectorReduce.lanes(acc) : 0;
        for (int j = i; j < cols; j++) {
            out[off + j] = (float) Math.exp(x[off + j] - max);
            sum += out[off + j];
        }
        float inv = (float) (1 / sum);
        i = 0;
        for (; i < ub; i += F.length()) FloatVector.fromArray(F, out, off + i).mul(inv).intoArray(out, off + i);
        for (; i < cols; i++) out[off + i] *= inv;
    }

    /** {@code out = (x - max) - log Σ exp(x - max)}; the subtraction first keeps inputs like 1e4 exact. */
    private static void logSoftmaxRow(float[] x, int off, int cols, float[] out) {
        float max = VectorReduce.maxRange(x, off, cols);
        var acc = FloatVector.zero(F);
        int i = 0, ub = F.loopBound(cols);
        for (; i < ub; i += F.length()) {
            acc = acc.add(FloatVector.fromArray(F, x, off + i).sub(max).lanewise(VectorOperators.EXP));
        }
        double sum = ub > 0 ? VectorReduce.lanes(acc) : 0;
        for (int j = i; j < cols; j++) sum += Math.exp(x[off + j] - max);
        float logSum = (float) Math.log(sum);
        i = 0;
        for (; i < ub; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).sub(max).sub(logSum).intoArray(out, off + i);
        }
        for (; i < cols; i++) out[off + i] = (x[off + i] - max) - logSum;
    }

    /**
     * Mean and biased variance per channel, m = n*hw. Pass 1: {@code mu ≈ Σx / m}. Pass 2, around the
     * float {@code mu}: {@code d = x - mu} (exact for x near mu), {@code mean = mu + Σd/m},
     * {@code var = (Σd² - (Σd)²/m) / m}, the corrected two-pass formula, which stays accurate for data
     * like 1000 + N(0,1) where one-pass {@code E[x²] - E[x]²} cancels catastrophically.
     */
    static void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var) {
        perChannel(n, c, hw, ch -> channelStatistics(x, n, c, hw, ch, mean, var));
    }

    private static void channelStatistics(float[] x, int n, int c, int hw, int ch, float[] mean, float[] var) {
        double m = (double) n * hw;
        int ub = F.loopBound(hw);
        double s = 0;
        var a = FloatVector.zero(F);
        for (int s0 = 0; s0 < n; s0++) {
            int off = (s0 * c + ch) * hw, i = 0;
            for (; i < ub; i += F.length()) a = a.add(FloatVector.fromArray(F, x, off + i));
            for (; i < hw; i++) s += x[off + i];
            if (ub > 0 && (s0 % REDUCE_EVERY == REDUCE_EVERY - 1 || s0 == n - 1)) {
                s += VectorReduce.lanes(a);
                a = FloatVector.zero(F);
            }
        }
        float mu = (float) (s / m);
        var muV = FloatVector.broadcast(F, mu);
        double sd = 0, sdd = 0;
        var d1 = FloatVector.zero(F);
        var d2 = FloatVector.zero(F);
        for (int s0 = 0; s0 < n; s0++) {
            int off = (s0 * c + ch) * hw, i = 0;
            for (; i < ub; i += F.length()) {
                var d = FloatVector.fromArray(F, x, off + i).sub(muV);
                d1 = d1.add(d);
                d2 = d.fma(d, d2);
            }
            if (ub > 0 && (s0 % REDUCE_EVERY == REDUCE_EVERY - 1 || s0 == n - 1)) {
                sd += VectorReduce.lanes(d1);
                sdd += VectorReduce.lanes(d2);
                d1 = FloatVector.zero(F);
                d2 = FloatVector.zero(F);
            }
            for (; i < hw; i++) {
                double d = x[off + i] - mu;
                sd += d;
                sdd += d * d;
            }
        }
        mean[ch] = (float) (mu + sd / m);
        var[ch] = (float) ((sdd - sd * sd / m) / m);
    }

    /** {@code y = ((x - mean) * invStd) * gamma + beta}, the scalar twin's float operations in its order. */
    static void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                 float[] gamma, float[] beta, float[] y) {
        forward(x, n, c, hw, mean, invStd, gamma, beta, y, false);
    }

    /** {@link #batchNormForward} then {@code max(y, 0)} in the same pass. */
    static void batchNormReluForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                     float[] gamma, float[] beta, float[] y) {
        forward(x, n, c, hw, mean, invStd, gamma, beta, y, true);
    }

    private static void forward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                float[] gamma, float[] beta, float[] y, boolean relu) {
        int segments = n * c;
        if ((long) segments * hw < PARALLEL_MIN) {
            forwardSegments(x, c, hw, mean, invStd, gamma, beta, y, 0, segments, relu);
        } else {
            KernelPool.parallelFor(segments, (s, e) -> forwardSegments(x, c, hw, mean, invStd, gamma, beta, y, s, e, relu));
        }
    }

    private static void forwardSegments(float[] x, int c, int hw, float[] mean, float[] invStd,
                                        float[] gamma, float[] beta, float[] y, int seg0, int seg1, boolean relu) {
        int ub = F.loopBound(hw);
        for (int seg = seg0; seg < seg1; seg++) {
            int ch = seg % c, off = seg * hw, i = 0;
            float mu = mean[ch], is = invStd[ch], g = gamma[ch], b = beta[ch];
            var muV = FloatVector.broadcast(F, mu);
            var isV = FloatVector.broadcast(F, is);
            var gV = FloatVector.broadcast(F, g);
            var bV = FloatVector.broadcast(F, b);
            if (relu) {
                for (; i < ub; i += F.length())
                    FloatVector.fromArray(F, x, off + i).sub(muV).mul(isV).mul(gV).add(bV).max(0f).intoArray(y, off + i);
                for (; i < hw; i++) y[off + i] = Math.max((x[off + i] - mu) * is * g + b, 0f);
            } else {
                for (; i < ub; i += F.length())
                    FloatVector.fromArray(F, x, off + i).sub(muV).mul(isV).mul(gV).add(bV).intoArray(y, off + i);
                for (; i < hw; i++) y[off + i] = (x[off + i] - mu) * is * g + b;
            }
        }
    }

    /**
     * Pass 1: {@code Σdy} and {@code Σ dy*xhat = invStd * Σ dy*(x - mean)}. Pass 2, the training-mode
     * formula with its per-channel constants folded: {@code dx += k*dy - k*Σdy/m - xhat * k*Σ(dy*xhat)/m},
     * {@code k = gamma*invStd}.
     */
    static void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                  float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        // an empty batch adds nothing (its statistics, and so invStd, would be NaN)
        if (n == 0 || hw == 0) return;
        perChannel(n, c, hw, ch -> channelBackward(x, null, dy, n, c, hw, ch, mean, invStd, gamma, dx, dgamma, dbeta, overwrite));
    }

    /** {@link #batchNormBackward} with dy masked by {@code y > 0} as it is loaded (ReLU's derivative). */
    static void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        if (n == 0 || hw == 0) return;
        perChannel(n, c, hw, ch -> channelBackward(x, y, dy, n, c, hw, ch, mean, invStd, gamma, dx, dgamma, dbeta, overwrite));
    }

    /** dy[k], or 0 where the fused ReLU's output y (when not null) is not positive. */
    private static FloatVector gradAt(float[] y, float[] dy, int k) {
        var g = FloatVector.fromArray(F, dy, k);
        return y == null ? g : g.blend(0f, FloatVector.fromArray(F, y, k).compare(VectorOperators.LE, 0f));
    }

    private static float gradAt1(float[] y, float[] dy, int k) {
        return y == null || y[k] > 0f ? dy[k] : 0f;
    }

    private static void channelBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, int ch, float[] mean,
                                        float[] invStd, float[] gamma, float[] dx, float[] dgamma, float[] dbeta,
                                        boolean overwrite) {
        double m = (double) n * hw;
        float mu = mean[ch], is = invStd[ch];
        int ub = F.loopBound(hw);
        double sdy = 0, sdyd = 0;
        var a1 = FloatVector.zero(F);
        var a2 = FloatVector.zero(F);
        for (int s0 = 0; s0 < n; s0++) {
            int off = (s0 * c + ch) * hw, i = 0;
            for (; i < ub; i += F.length()) {
                var g = gradAt(y, dy, off + i);
                a1 = a1.add(g);
                a2 = FloatVector.fromArray(F, x, off + i).sub(mu).fma(g, a2);
            }
            if (ub > 0 && (s0 % REDUCE_EVERY == REDUCE_EVERY - 1 || s0 == n - 1)) {
                sdy += VectorReduce.lanes(a1);
                sdyd += VectorReduce.lanes(a2);
                a1 = FloatVector.zero(F);
                a2 = FloatVector.zero(F);
            }
            for (; i < hw; i++) {
                float g = gradAt1(y, dy, off + i);
                sdy += g;
                sdyd += (double) g * (x[off + i] - mu);
            }
        }
        double sdyx = sdyd * is;
        double k = (double) gamma[ch] * is;
        float kf = (float) k, shift = (float) (k * sdy / m), slope = (float) (k * sdyx / m);
        for (int s0 = 0; s0 < n; s0++) {
            int off = (s0 * c + ch) * hw, i = 0;
            for (; i < ub; i += F.length()) {
                var xhat = FloatVector.fromArray(F, x, off + i).sub(mu).mul(is);
                var t = gradAt(y, dy, off + i).mul(kf).sub(shift).sub(xhat.mul(slope));
                // 0 + t, not t, where overwriting: the same bits as adding to a zeroed dx (-0 becomes +0)
                (overwrite ? t.add(0f) : FloatVector.fromArray(F, dx, off + i).add(t)).intoArray(dx, off + i);
            }
            for (; i < hw; i++) {
                float xhat = (x[off + i] - mu) * is;
                float t = gradAt1(y, dy, off + i) * kf - shift - xhat * slope;
                dx[off + i] = overwrite ? 0f + t : dx[off + i] + t;
            }
        }
        dgamma[ch] += (float) sdyx;
        dbeta[ch] += (float) sdy;
    }

    @FunctionalInterface
    private interface ChannelBody {
        void run(int ch);
    }

    /** Channels in parallel once there are at least two and {@link VectorElementwise#PARALLEL_MIN} elements. */
    private static void perChannel(int n, int c, int hw, ChannelBody body) {
        if (c < 2 || (long) n * c * hw < PARALLEL_MIN) {
            for (int ch = 0; ch < c; ch++) body.run(ch);
        } else {
            KernelPool.parallelFor(c, (s, e) -> {
                for (int ch = s; ch < e; ch++) body.run(ch);
            });
        }
    }
}
