package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertBitEqual;
import static dev.slt.kernels.KernelTestSupport.assertClose;
import static dev.slt.kernels.KernelTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link VectorNorm} against the double-precision {@link ScalarNorm}; each tolerance is derived where it is used. */
class NormParityTest {

    private static final double EPS = 0x1p-24;

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 300)),
                Tuple.of(3, Arbitraries.of(1, 15, 16, 17, 31, 33)));
    }

    @Provide
    Arbitrary<Integer> hws() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 300)),
                Tuple.of(3, Arbitraries.of(1, 4, 15, 16, 17, 31, 33, 64, 1024)));
    }

    private static float[] logits(SplittableRandom r, int len, boolean huge) {
        float[] x = new float[len];
        float shift = huge ? 1e4f : 0f;
        for (int i = 0; i < len; i++) x[i] = shift + (float) (r.nextGaussian() * 8);
        return x;
    }

    /**
     * Vector softmax differs from the double reference by EXP (≤ 0.56 ulp measured), the float
     * {@code x - max} (½ ulp of |x - max|, a relative error of ε·|x - max| after exp), the float row sum
     * (≤ (cols/16)·ε) and the scaling by a rounded reciprocal: tolerance
     * {@code p · (4e-6 + 2ε·|x - max|)}, plus the smallest normal float for underflowing outputs.
     */
    @Property(tries = 120, seed = "301")
    void softmaxAndLogSoftmax(@ForAll("dims") int rows, @ForAll("dims") int cols, @ForAll boolean huge,
                              @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] x = logits(r, rows * cols, huge);
        float[] ps = new float[x.length], pv = new float[x.length], ls = new float[x.length], lv = new float[x.length];
        ScalarNorm.softmaxRows(x, rows, cols, ps);
        VectorNorm.softmaxRows(x, rows, cols, pv);
        ScalarNorm.logSoftmaxRows(x, rows, cols, ls);
        VectorNorm.logSoftmaxRows(x, rows, cols, lv);
        for (int row = 0; row < rows; row++) {
            float max = ScalarReduce.max(x, row * cols, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                int k = row * cols + j;
                double gap = max - (double) x[k];
                assertClose(ps[k], pv[k], ps[k] * (4e-6 + 2 * EPS * gap) + Float.MIN_NORMAL, "softmax at " + k);
                // log-softmax: ½ ulp of (x - max), of log Σ and of the result, and the sum's 1e-6 relative error
                assertClose(ls[k], lv[k], 2e-6 + 2 * EPS * (gap + Math.abs(ls[k])), "log-softmax at " + k);
                sum += pv[k];
            }
            if (cols > 0) assertClose(1.0, sum, 4e-6 + cols * EPS, "row sum");
        }
    }

    /** 16 × 64 × 70 = 71 680 elements: softmax rows split across threads. */
    @Test
    void softmaxAcrossThreads() {
        var r = new SplittableRandom(302);
        int rows = 1024, cols = 70;
        float[] x = logits(r, rows * cols, false);
        float[] ps = new float[x.length], pv = new float[x.length];
        ScalarNorm.softmaxRows(x, rows, cols, ps);
        VectorNorm.softmaxRows(x, rows, cols, pv);
        for (int k = 0; k < x.length; k++) assertClose(ps[k], pv[k], ps[k] * 1e-5 + Float.MIN_NORMAL, "softmax at " + k);
    }

    /**
     * Mean within 1e-6 · (|mean| + std) and variance within 1e-5 relative: the vector kernel sums
     * exact deviations from a float pivot in float partials of at most hw/16 terms, added in double.
     */
    @Property(tries = 120, seed = "303")
    void batchNormStatistics(@ForAll @IntRange(min = 0, max = 12) int n, @ForAll @IntRange(min = 0, max = 6) int c,
                             @ForAll("hws") int hw, @ForAll boolean largeMean, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] x = random(r, 0, n * c * hw);
        if (largeMean) for (int i = 0; i < x.length; i++) x[i] = (float) (1000 + r.nextGaussian());
        float[] ms = new float[c], vs = new float[c], mv = new float[c], vv = new float[c];
        ScalarNorm.batchNormStatistics(x, n, c, hw, ms, vs);
        VectorNorm.batchNormStatistics(x, n, c, hw, mv, vv);
        for (int ch = 0; ch < c; ch++) {
            assertClose(ms[ch], mv[ch], 1e-6 * (Math.abs(ms[ch]) + Math.sqrt(vs[ch])), "mean " + ch);
            assertClose(vs[ch], vv[ch], 1e-5 * vs[ch], "var " + ch);
        }
    }

    /** N·HW = 128·32·32 of 1000 + N(0,1), across the threading threshold, against BigDecimal. */
    @Test
    void batchNormStatisticsLargeMeanExact() {
        int n = 128, c = 3, hw = 32 * 32;
        var r = new SplittableRandom(304);
        float[] x = new float[n * c * hw];
        for (int i = 0; i < x.length; i++) x[i] = (float) (1000 + r.nextGaussian());
        float[] mean = new float[c], var = new float[c];
        VectorNorm.batchNormStatistics(x, n, c, hw, mean, var);
        var mc = MathContext.DECIMAL128;
        for (int ch = 0; ch < c; ch++) {
            BigDecimal s = BigDecimal.ZERO, q = BigDecimal.ZERO;
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    BigDecimal v = new BigDecimal(x[(s0 * c + ch) * hw + i]);
                    s = s.add(v);
                    q = q.add(v.multiply(v));
                }
            }
            BigDecimal m = BigDecimal.valueOf((long) n * hw), mu = s.divide(m, mc);
            double exactVar = q.divide(m, mc).subtract(mu.multiply(mu, mc)).doubleValue();
            assertClose(mu.doubleValue(), mean[ch], Math.ulp(1000f), "mean " + ch);
            assertClose(exactVar, var[ch], 1e-5 * exactVar, "var " + ch);
        }
    }

    /** Forward, plain and fused with ReLU: bit for bit, since both run ((x - mean) * invStd) * gamma + beta in float. */
    @Property(tries = 100, seed = "305")
    void batchNormForward(@ForAll @IntRange(min = 0, max = 12) int n, @ForAll @IntRange(min = 0, max = 6) int c,
                          @ForAll("hws") int hw, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] x = random(r, 0, n * c * hw), mean = random(r, 0, c), gamma = random(r, 0, c), beta = random(r, 0, c);
        float[] invStd = new float[c];
        for (int ch = 0; ch < c; ch++) invStd[ch] = (float) r.nextDouble(0.01, 10);
        float[] ys = random(r, 0, x.length), yv = ys.clone();
        ScalarNorm.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, ys);
        VectorNorm.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, yv);
        assertBitEqual(ys, yv, "y");
        float[] rs = random(r, 0, x.length), rv = rs.clone();
        ScalarNorm.batchNormReluForward(x, n, c, hw, mean, invStd, gamma, beta, rs);
        VectorNorm.batchNormReluForward(x, n, c, hw, mean, invStd, gamma, beta, rv);
        assertBitEqual(rs, rv, "fused relu y");
        for (int i = 0; i < n * c * hw; i++) assertEquals(Math.max(ys[i], 0f), rs[i], "relu of batch norm at " + i);
    }

    /**
     * Backward into pre-filled dx, dgamma and dbeta. With k = |gamma·invStd|, float partial sums err by
     * a few ε·Σ|term| (cancellation makes that large against the sums themselves), so each dx is
     * compared within 1e-5 of {@code k·(|dy| + Σ|dy|/m + |xhat|·Σ|dy·xhat|/m)} plus 2 ulp of the
     * accumulated result. With {@code relu}, the fused op's backward: dy masked by the fused output.
     */
    @Property(tries = 100, seed = "306")
    void batchNormBackwardAccumulates(@ForAll @IntRange(min = 0, max = 12) int n,
                                      @ForAll @IntRange(min = 0, max = 6) int c,
                                      @ForAll("hws") int hw, @ForAll boolean largeMean, @ForAll boolean relu,
                                      @ForAll long seed) {
        checkBackward(n, c, hw, largeMean, relu, new SplittableRandom(seed));
    }

    /** 16 · 4 · 32·32 = 65 536 elements: forward and backward split channels across threads. */
    @Test
    void batchNormAcrossThreads() {
        int n = 16, c = 4, hw = 1024;
        var r = new SplittableRandom(307);
        checkBackward(n, c, hw, true, false, r);
        checkBackward(n, c, hw, false, true, r);
        float[] x = random(r, 0, n * c * hw), mean = random(r, 0, c), invStd = {0.5f, 1, 2, 3};
        float[] gamma = random(r, 0, c), beta = random(r, 0, c), ys = new float[x.length], yv = new float[x.length];
        ScalarNorm.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, ys);
        VectorNorm.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, yv);
        assertBitEqual(ys, yv, "y");
    }

    /** Overwriting a dx full of NaN gives the same bits as adding to a zeroed dx. */
    private static void checkOverwrite(java.util.function.Consumer<float[]> overwrite, java.util.function.Consumer<float[]> add, int len) {
        float[] dxo = new float[len], dxz = new float[len];
        java.util.Arrays.fill(dxo, Float.NaN);
        overwrite.accept(dxo);
        add.accept(dxz);
        assertBitEqual(dxz, dxo, "dx written over NaN vs added to zeros");
    }

    private static void checkBackward(int n, int c, int hw, boolean largeMean, boolean relu, SplittableRandom r) {
        int len = n * c * hw;
        float[] x = random(r, 0, len), dy = random(r, 0, len), gamma = random(r, 0, c);
        if (largeMean) for (int i = 0; i < len; i++) x[i] = (float) (1000 + r.nextGaussian());
        float[] mean = new float[c], var = new float[c], invStd = new float[c];
        ScalarNorm.batchNormStatistics(x, n, c, hw, mean, var);
        for (int ch = 0; ch < c; ch++) invStd[ch] = (float) (1 / Math.sqrt(var[ch] + 1e-5));
        float[] dxs = random(r, 0, len), dgs = random(r, 0, c), dbs = random(r, 0, c);
        float[] dxv = dxs.clone(), dgv = dgs.clone(), dbv = dbs.clone();
        if (relu) {
            float[] beta = random(r, 0, c), y = new float[len];
            ScalarNorm.batchNormReluForward(x, n, c, hw, mean, invStd, gamma, beta, y);
            ScalarNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dxs, dgs, dbs);
            VectorNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dxv, dgv, dbv, false);
            checkOverwrite(dxo -> VectorNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dxo, new float[c], new float[c], true),
                    dxz -> VectorNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dxz, new float[c], new float[c], false), len);
            for (int i = 0; i < len; i++) if (y[i] <= 0f) dy[i] = 0f; // the tolerance below sees the masked dy
        } else {
            ScalarNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dxs, dgs, dbs);
            VectorNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dxv, dgv, dbv, false);
            checkOverwrite(dxo -> VectorNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dxo, new float[c], new float[c], true),
                    dxz -> VectorNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dxz, new float[c], new float[c], false), len);
        }
        double m = (double) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double absDy = 0, absDyx = 0;
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    int k = (s0 * c + ch) * hw + i;
                    double xhat = (x[k] - mean[ch]) * (double) invStd[ch];
                    absDy += Math.abs(dy[k]);
                    absDyx += Math.abs(dy[k] * xhat);
                }
            }
            double kk = Math.abs((double) gamma[ch] * invStd[ch]);
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    int k = (s0 * c + ch) * hw + i;
                    double xhat = Math.abs((x[k] - mean[ch]) * (double) invStd[ch]);
                    double scale = kk * (Math.abs(dy[k]) + absDy / m + xhat * absDyx / m);
                    assertClose(dxs[k], dxv[k], 1e-5 * scale + 2 * Math.ulp(dxs[k]), "dx at " + k);
                }
            }
            assertClose(dbs[ch], dbv[ch], 1e-5 * absDy + 2 * Math.ulp(dbs[ch]), "dbeta " + ch);
            assertClose(dgs[ch], dgv[ch], 1e-5 * absDyx + 2 * Math.ulp(dgs[ch]), "dgamma " + ch);
        }
    }
}
