package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Running statistics of batch norm: momentum 0.1, unbiased variance, eval uses them. */
class BatchNormTest {

    // x (N=2, C=2, H=1, W=2): channel 0 holds 1, 2, 3, 4; channel 1 holds 10, 10, 20, 20
    private static Tensor batch() {
        return Tensor.fromArray(new float[] {1, 2, 10, 10, 3, 4, 20, 20}, 2, 2, 1, 2);
    }

    @Test
    void trainingUpdatesRunningStatisticsWithUnbiasedVariance() {
        Tensor mean = Tensor.zeros(2), var = Tensor.ones(2);
        Tensor y = F.batchNorm2d(batch(), null, null, mean, var, true, 0.1f, 1e-5f);
        // channel 0: mean 2.5, biased var 1.25, unbiased 5/3; channel 1: mean 15, biased 25, unbiased 100/3
        assertArrayEquals(new float[] {0.25f, 1.5f}, mean.data(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 5f / 3f, 0.9f + 0.1f * 100f / 3f}, var.data(), 1e-5f);
        // the output is normalised with the biased batch variance
        assertEquals((1 - 2.5f) / (float) Math.sqrt(1.25f + 1e-5f), y.data()[0], 1e-5f);
        assertEquals(-1f, y.data()[2], 1e-5f);
    }

    @Test
    void evalUsesRunningStatisticsAndLeavesThemAlone() {
        Tensor mean = Tensor.of(1f, 10f), var = Tensor.of(4f, 100f);
        Tensor gamma = Tensor.of(2f, 1f), beta = Tensor.of(0f, 5f);
        Tensor y = F.batchNorm2d(batch(), gamma, beta, mean, var, false, 0.1f, 0f);
        assertArrayEquals(new float[] {0f, 1f, 5f, 5f, 2f, 3f, 6f, 6f}, y.data(), 1e-6f);
        assertArrayEquals(new float[] {1f, 10f}, mean.data());
        assertArrayEquals(new float[] {4f, 100f}, var.data());
    }

    @Test
    void repeatedTrainingStepsConvergeToTheBatchStatistics() {
        Tensor mean = Tensor.zeros(2), var = Tensor.ones(2);
        try (var g = Grad.disabled()) {
            for (int i = 0; i < 200; i++) F.batchNorm2d(batch(), null, null, mean, var, true, 0.1f, 1e-5f);
        }
        assertArrayEquals(new float[] {2.5f, 15f}, mean.data(), 1e-4f);
        assertArrayEquals(new float[] {5f / 3f, 100f / 3f}, var.data(), 1e-3f);
    }
}
