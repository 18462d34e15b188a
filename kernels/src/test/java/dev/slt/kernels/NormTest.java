package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The scalar softmax and batch-norm reference: invariants, accuracy and a gradient check. */
class NormTest {

    @Property(tries = 100, seed = "20261121")
    void softmaxRowsSumToOneAndLogSoftmaxIsItsLog(@ForAll @IntRange(min = 1, max = 5) int rows,
                                                  @ForAll @IntRange(min = 1, max = 300) int cols,
                                                  @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float shift = r.nextBoolean() ? 1e4f : 0f;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = shift + (float) (r.nextGaussian() * 10);
        float[] p = new float[x.length], lp = new float[x.length];
        ScalarNorm.softmaxRows(x, rows, cols, p);
        ScalarNorm.logSoftmaxRows(x, rows, cols, lp);
        for (int row = 0; row < rows; row++) {
            double s = 0;
            for (int j = 0; j < cols; j++) s += p[row * cols + j];
            // each of cols outputs rounded once: sum within cols half-ulps of 1
            assertClose(1.0, s, 1e-7 * cols + 1e-7, "row sum");
        }
        for (int i = 0; i < x.length; i++) {
            // softmax p >= 1e-30 compared in log space; log-softmax carries ~1 ulp of |x - max|
            if (p[i] > 1e-30f) assertClose(Math.log(p[i]), lp[i], 1e-6 * (1 + Math.abs(lp[i])), "log softmax");
        }
    }

    @Test
    void batchNormStatisticsIsAccurateForALargeMean() {
        int n = 128, c = 2, hw = 32 * 32;
        var r = new SplittableRandom(7);
        float[] x = new float[n * c * hw];
        for (int i = 0; i < x.length; i++) x[i] = (float) (1000 + r.nextGaussian());
        float[] mean = new float[c], var = new float[c];
        ScalarNorm.batchNormStatistics(x, n, c, hw, mean, var);
        for (int ch = 0; ch < c; ch++) {
            BigDecimal s = BigDecimal.ZERO, q = BigDecimal.ZERO;
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    BigDecimal v = new BigDecimal(x[(s0 * c + ch) * hw + i]);
                    s = s.add(v);
                    q = q.add(v.multiply(v));
                }
            }
            var mc = MathContext.DECIMAL128;
            BigDecimal m = BigDecimal.valueOf((long) n * hw);
            BigDecimal mu = s.divide(m, mc);
            BigDecimal exactVar = q.divide(m, mc).subtract(mu.multiply(mu, mc));
            // one float rounding of each result
            assertClose(mu.doubleValue(), mean[ch], Math.ulp(1000f), "mean");
            assertClose(exactVar.doubleValue(), var[ch], 1e-6 * exactVar.doubleValue(), "var");
        }
    }

    @Test
    void batchNormForwardNormalisesThenAffines() {
        float[] x = {1001, 1003, 5, 7, 999, 997, 6, 6}; // (N 2, C 2, HW 2)
        float[] y = new float[8];
        ScalarNorm.batchNormForward(x, 2, 2, 2, new float[] {1000, 6}, new float[] {0.5f, 1},
                new float[] {2, 3}, new float[] {10, -1}, y);
        assertEquals(11f, y[0]);
        assertEquals(13f, y[1]);
        assertEquals(-4f, y[2]);
        assertEquals(2f, y[3]);
        assertEquals(9f, y[4]);
        assertEquals(7f, y[5]);
    }

    /**
     * Training-mode BN with batch statistics, loss {@code L = Σ w·y}: the kernel's dx, dgamma and
     * dbeta (added to pre-filled values) match central differences of a double-precision forward.
     */
    @Test
    void batchNormBackwardMatchesFiniteDifferencesAndAccumulates() {
        int n = 3, c = 2, hw = 5, len = n * c * hw;
        double eps = 1e-5;
        var r = new SplittableRandom(11);
        float[] x = new float[len], w = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextGaussian() * 2 + 1);
            w[i] = (float) r.nextGaussian();
        }
        float[] gamma = {1.5f, -0.7f}, beta = {0.3f, 2f};
        float[] mean = new float[c], var = new float[c], invStd = new float[c];
        ScalarNorm.batchNormStatistics(x, n, c, hw, mean, var);
        for (int ch = 0; ch < c; ch++) invStd[ch] = (float) (1 / Math.sqrt(var[ch] + eps));
        float[] dx = new float[len], dgamma = {0.25f, 0.25f}, dbeta = {-1f, -1f};
        java.util.Arrays.fill(dx, 0.5f);
        ScalarNorm.batchNormBackward(x, w, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);

        double h = 1e-4;
        double[] xd = new double[len];
        for (int i = 0; i < len; i++) xd[i] = x[i];
        for (int i = 0; i < len; i++) {
            double[] p = xd.clone(), m = xd.clone();
            p[i] += h;
            m[i] -= h;
            double fd = (loss(p, w, n, c, hw, gamma, beta, eps) - loss(m, w, n, c, hw, gamma, beta, eps)) / (2 * h);
            assertClose(fd, dx[i] - 0.5f, 1e-4 * (1 + Math.abs(fd)), "dx[" + i + "]");
        }
        for (int ch = 0; ch < c; ch++) {
            double sw = 0, swxhat = 0, mu = 0, v = 0;
            for (int s0 = 0; s0 < n; s0++) for (int i = 0; i < hw; i++) mu += xd[(s0 * c + ch) * hw + i];
            mu /= n * hw;
            for (int s0 = 0; s0 < n; s0++) for (int i = 0; i < hw; i++) v += Math.pow(xd[(s0 * c + ch) * hw + i] - mu, 2);
            v /= n * hw;
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    int k = (s0 * c + ch) * hw + i;
                    sw += w[k];
                    swxhat += w[k] * (xd[k] - mu) / Math.sqrt(v + eps);
                }
            }
            assertClose(sw - 1, dbeta[ch], 1e-5, "dbeta");
            assertClose(swxhat + 0.25, dgamma[ch], 1e-4, "dgamma");
        }
    }

    private static double loss(double[] x, float[] w, int n, int c, int hw, float[] gamma, float[] beta, double eps) {
        double l = 0;
        for (int ch = 0; ch < c; ch++) {
            double mu = 0, v = 0;
            for (int s0 = 0; s0 < n; s0++) for (int i = 0; i < hw; i++) mu += x[(s0 * c + ch) * hw + i];
            mu /= n * hw;
            for (int s0 = 0; s0 < n; s0++) for (int i = 0; i < hw; i++) v += Math.pow(x[(s0 * c + ch) * hw + i] - mu, 2);
            v /= n * hw;
            for (int s0 = 0; s0 < n; s0++) {
                for (int i = 0; i < hw; i++) {
                    int k = (s0 * c + ch) * hw + i;
                    l += w[k] * ((x[k] - mu) / Math.sqrt(v + eps) * gamma[ch] + beta[ch]);
                }
            }
        }
        return l;
    }
}
