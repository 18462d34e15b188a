package dev.slt.engine;

import static dev.slt.engine.GradCheck.check;
import static dev.slt.engine.GradCheck.distinct;
import static dev.slt.engine.GradCheck.param;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks at layer widths that reach the blocked and threaded paths of the fast kernels
 * (16/32 channels, GEMM sizes past one micro-tile), on sampled coordinates to stay quick.
 */
class WideLayerGradTest {

    private static final int SAMPLES = 40;

    @Test
    void conv2dWithSixteenAndThirtyTwoChannels() {
        var rng = new SplittableRandom(51);
        int n = 2, h = 7, w = 6;
        for (int[] c : new int[][] {{3, 16, 1, 1}, {16, 32, 1, 1}, {16, 16, 2, 1}, {32, 32, 1, 32}}) {
            int inC = c[0], outC = c[1], stride = c[2], groups = c[3];
            Tensor x = param(rng, n, inC, h, w), wt = param(rng, outC, inC / groups, 3, 3), b = param(rng, outC);
            check("conv2d " + inC + "->" + outC + " stride " + stride + " groups " + groups, 51, new Tensor[] {x, wt, b},
                    t -> F.conv2d(t[0], t[1], t[2], stride, 1, groups),
                    v -> Reference.conv2d(v[0], v[1], v[2], n, inC, h, w, outC, 3, 3, stride, 1, groups), SAMPLES);
        }
    }

    @Test
    void matmulAndLinearPastOneTile() {
        var rng = new SplittableRandom(52);
        int m = 37, k = 29, n = 41;
        check("matmul 37x29x41", 52, new Tensor[] {param(rng, m, k), param(rng, k, n)}, t -> t[0].matmul(t[1]),
                x -> Reference.matmul(x[0], x[1], 1, m, k, n), SAMPLES);
        check("linear 37x29 -> 41", 52, new Tensor[] {param(rng, m, k), param(rng, n, k)}, t -> F.linear(t[0], t[1], null),
                x -> {
                    double[] wt = new double[k * n];
                    for (int o = 0; o < n; o++) for (int i = 0; i < k; i++) wt[i * n + o] = x[1][o * k + i];
                    return Reference.matmul(x[0], wt, 1, m, k, n);
                }, SAMPLES);
    }

    @Test
    void poolsAndBatchNormOnWidePlanes() {
        var rng = new SplittableRandom(53);
        int n = 2, c = 16, h = 9, w = 10;
        check("maxPool2d wide", 53, new Tensor[] {distinct(rng, n, c, h, w)}, t -> F.maxPool2d(t[0], 3, 2, 1),
                v -> Reference.pool(v[0], n * c, h, w, 3, 2, 1, true), SAMPLES);
        check("avgPool2d wide", 53, new Tensor[] {param(rng, n, c, h, w)}, t -> F.avgPool2d(t[0], 2, 2, 0),
                v -> Reference.pool(v[0], n * c, h, w, 2, 2, 0, false), SAMPLES);
        check("batchNorm2d wide", 53, new Tensor[] {param(rng, n, c, h, w), param(rng, c), param(rng, c)},
                t -> F.batchNorm2d(t[0], t[1], t[2], null, null, true, 0.1f, 1e-5f),
                v -> Reference.batchNorm(v[0], v[1], v[2], null, n, c, h * w, 1e-5), SAMPLES);
        int[] labels = rng.ints(33, 0, 10).toArray();
        check("crossEntropy wide", 53, new Tensor[] {param(rng, 33, 10)}, t -> F.crossEntropy(t[0], labels), v -> {
            double[] logp = Reference.logSoftmax(v[0], 33, 10);
            double loss = 0;
            for (int r = 0; r < 33; r++) loss -= logp[r * 10 + labels[r]] / 33;
            return new double[] {loss};
        }, SAMPLES);
    }
}
