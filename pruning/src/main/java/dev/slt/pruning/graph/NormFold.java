package dev.slt.pruning.graph;

import dev.slt.nn.layers.BatchNorm2d;

/**
 * Batch norm in eval mode as one affine map per channel, {@code y = scale·x + shift}, so that a conv
 * followed by it can carry it in its weights and bias ({@link #foldInto}); inference only.
 */
public final class NormFold {

    private NormFold() {}

    /** {@code gamma / sqrt(runningVar + eps)} per channel, rounded as batch norm's own forward does. */
    public static float[] scale(BatchNorm2d bn) {
        float[] gamma = bn.weight().data(), var = bn.runningVar().data(), s = new float[gamma.length];
        for (int c = 0; c < s.length; c++) s[c] = gamma[c] * (float) (1.0 / Math.sqrt(var[c] + (double) BatchNorm2d.EPS));
        return s;
    }

    /** {@code beta - runningMean · scale} per channel. */
    public static float[] shift(BatchNorm2d bn, float[] scale) {
        float[] beta = bn.bias().data(), mean = bn.runningMean().data(), t = new float[beta.length];
        for (int c = 0; c < t.length; c++) t[c] = beta[c] - mean[c] * scale[c];
        return t;
    }

    /**
     * Scales conv weights {@code (outC, ...)} in place by {@code scale[o]} per output channel and returns the
     * folded bias {@code scale·bias + shift} ({@code bias} may be null: zero).
     */
    public static float[] foldInto(float[] weights, float[] bias, BatchNorm2d bn) {
        float[] s = scale(bn), t = shift(bn, s), b = new float[s.length];
        int per = weights.length / s.length;
        for (int o = 0; o < s.length; o++) {
            for (int i = o * per; i < (o + 1) * per; i++) weights[i] *= s[o];
            b[o] = (bias == null ? 0f : bias[o] * s[o]) + t[o];
        }
        return b;
    }
}
