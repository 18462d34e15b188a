package dev.slt.kernels;

/**
 * Reference softmax and batch norm, computed in double and rounded once per output: the oracle for
 * {@link VectorNorm}. Batch-norm layout is (N, C, HW); channel c of sample s starts at
 * {@code (s*C + c)*HW}.
 */
final class ScalarNorm {

    private ScalarNorm() {}

    /** {@code out = exp(x - max) / Σ exp(x - max)} per row of (rows, cols). */
    static void softmaxRows(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double max = ScalarReduce.max(x, off, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.exp(x[off + j] - max);
            for (int j = 0; j < cols; j++) out[off + j] = (float) (Math.exp(x[off + j] - max) / sum);
        }
    }

    /** {@code out = (x - max) - log Σ exp(x - max)} per row of (rows, cols). */
    static void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double max = ScalarReduce.max(x, off, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.exp(x[off + j] - max);
            double logSum = Math.log(sum);
            for (int j = 0; j < cols; j++) out[off + j] = (float) ((x[off + j] - max) - logSum);
        }
    }

    /**
     * Two passes in double: {@code mean = Σx / m}, {@code var = Σ(x - mean)² / m} (biased), m = n*hw.
     * The second pass around the exact mean keeps data like 1000 + N(0,1) accurate.
     */
    static void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var) {
        double m = (double) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int s0 = 0; s0 < n; s0++) {
                int off = (s0 * c + ch) * hw;
                for (int i = 0; i < hw; i++) s += x[off + i];
            }
            double mu = s / m;
            double q = 0;
            for (int s0 = 0; s0 < n; s0++) {
                int off = (s0 * c + ch) * hw;
                for (int i = 0; i < hw; i++) {
                    double d = x[off + i] - mu;
                    q += d * d;
                }
            }
            mean[ch] = (float) mu;
            var[ch] = (float) (q / m);
        }
    }

    /**
     * {@code y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c]}, in float and in that order: the
     * subtraction first keeps large means exact, and the vector twin repeats it bit for bit.
     */
    static void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                 float[] gamma, float[] beta, float[] y) {
        for (int s0 = 0; s0 < n; s0++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (s0 * c + ch) * hw;
                float mu = mean[ch], is = invStd[ch], g = gamma[ch], b = beta[ch];
                for (int i = 0; i < hw; i++) y[off + i] = (x[off + i] - mu) * is * g + b;
            }
        }
    }

    /**
     * With {@code xhat = (x - mean) * invStd} and m = n*hw: {@code dbeta += Σdy},
     * {@code dgamma += Σ dy*xhat}, {@code dx += gamma*invStd/m * (m*dy - Σdy - xhat*Σ(dy*xhat))}.
     */
    static void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                  float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        double m = (double) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double mu = mean[ch], is = invStd[ch];
            double sdy = 0, sdyx = 0;
            for (int s0 = 0; s0 < n; s0++) {
                int off = (s0 * c + ch) * hw;
                for (int i = 0; i < hw; i++) {
                    sdy += dy[off + i];
                    sdyx += dy[off + i] * ((x[off + i] - mu) * is);
                }
            }
            double k = gamma[ch] * is / m;
            for (int s0 = 0; s0 < n; s0++) {
                int off = (s0 * c + ch) * hw;
                for (int i = 0; i < hw; i++) {
                    double xhat = (x[off + i] - mu) * is;
                    dx[off + i] += (float) (k * (m * dy[off + i] - sdy - xhat * sdyx));
                }
            }
            dgamma[ch] += (float) sdyx;
            dbeta[ch] += (float) sdy;
        }
    }

    static void batchNormReluForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                     float[] gamma, float[] beta, float[] y) {
        batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, y);
        for (int i = 0; i < n * c * hw; i++) y[i] = Math.max(y[i], 0f);
    }

    static void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        float[] masked = new float[n * c * hw];
        for (int i = 0; i < masked.length; i++) masked[i] = y[i] > 0f ? dy[i] : 0f;
        batchNormBackward(x, masked, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);
    }
}
