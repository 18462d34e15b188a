package dev.slt.engine;

import java.util.function.DoubleBinaryOperator;

/** Plain double-precision forwards, written independently of the engine: the oracles of the gradient checks. */
final class Reference {

    private Reference() {}

    /** NumPy-broadcast {@code f(a, b)}; {@code so} is the expected output shape. */
    static double[] broadcast(double[] a, int[] sa, double[] b, int[] sb, int[] so, DoubleBinaryOperator f) {
        int n = 1;
        for (int d : so) n *= d;
        double[] out = new double[n];
        int[] idx = new int[so.length];
        for (int i = 0; i < n; i++) {
            int rem = i;
            for (int d = so.length - 1; d >= 0; d--) {
                idx[d] = rem % so[d];
                rem /= so[d];
            }
            out[i] = f.applyAsDouble(a[source(idx, sa)], b[source(idx, sb)]);
        }
        return out;
    }

    /** Flat index into an operand of shape {@code s} (right-aligned, size-1 dims pinned to 0). */
    private static int source(int[] idx, int[] s) {
        int flat = 0, shift = idx.length - s.length;
        for (int d = 0; d < s.length; d++) flat = flat * s[d] + (s[d] == 1 ? 0 : idx[d + shift]);
        return flat;
    }

    /** {@code (B, m, k) · (B, k, n)}. */
    static double[] matmul(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[(t * m + i) * k + p] * b[(t * k + p) * n + j];
                    c[(t * m + i) * n + j] = s;
                }
        return c;
    }

    /** NCHW convolution, w (outC, inC/groups, kh, kw), square stride and padding; bias may be null. */
    static double[] conv2d(double[] x, double[] w, double[] bias, int n, int inC, int h, int wd, int outC, int kh, int kw,
                           int stride, int pad, int groups) {
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        int inPer = inC / groups, outPer = outC / groups;
        double[] y = new double[n * outC * oh * ow];
        for (int s = 0; s < n; s++)
            for (int o = 0; o < outC; o++) {
                int g = o / outPer;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int c = 0; c < inPer; c++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int yy = i * stride - pad + u, xx = j * stride - pad + v;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                    acc += x[((s * inC + g * inPer + c) * h + yy) * wd + xx] * w[((o * inPer + c) * kh + u) * kw + v];
                                }
                        y[((s * outC + o) * oh + i) * ow + j] = acc;
                    }
            }
        return y;
    }

    /** Max or mean (padded taps are -inf for max, 0 for mean, divisor k²) over k×k windows of each plane. */
    static double[] pool(double[] x, int planes, int h, int w, int k, int stride, int pad, boolean max) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int u = 0; u < k; u++)
                        for (int v = 0; v < k; v++) {
                            int yy = i * stride - pad + u, xx = j * stride - pad + v;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                            double val = x[(p * h + yy) * w + xx];
                            acc = max ? Math.max(acc, val) : acc + val;
                        }
                    y[(p * oh + i) * ow + j] = max ? acc : acc / (k * k);
                }
        return y;
    }

    /**
     * Batch norm over (N, HW) per channel: with {@code stats == null}, batch statistics (biased
     * variance); otherwise {@code stats = {mean, var}}. gamma/beta may be null.
     */
    static double[] batchNorm(double[] x, double[] gamma, double[] beta, double[][] stats, int n, int c, int hw, double eps) {
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mean, var;
            if (stats == null) {
                double s = 0, q = 0;
                for (int t = 0; t < n; t++) for (int i = 0; i < hw; i++) s += x[(t * c + ch) * hw + i];
                mean = s / (n * hw);
                for (int t = 0; t < n; t++)
                    for (int i = 0; i < hw; i++) {
                        double d = x[(t * c + ch) * hw + i] - mean;
                        q += d * d;
                    }
                var = q / (n * hw);
            } else {
                mean = stats[0][ch];
                var = stats[1][ch];
            }
            double g = gamma == null ? 1 : gamma[ch], b = beta == null ? 0 : beta[ch];
            for (int t = 0; t < n; t++)
                for (int i = 0; i < hw; i++) {
                    int j = (t * c + ch) * hw + i;
                    y[j] = (x[j] - mean) / Math.sqrt(var + eps) * g + b;
                }
        }
        return y;
    }

    /** Log-softmax of each row of (rows, cols). */
    static double[] logSoftmax(double[] x, int rows, int cols) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
            for (int j = 0; j < cols; j++) s += Math.exp(x[r * cols + j] - max);
            double log = max + Math.log(s);
            for (int j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] - log;
        }
        return y;
    }
}
