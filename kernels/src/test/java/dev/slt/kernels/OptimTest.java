package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The scalar SGD reference against two hand-computed PyTorch steps. */
class OptimTest {

    @Test
    void momentumWithWeightDecayTwoSteps() {
        float[] w = {0, 1}, grad = {0, 2}, v = {0, 0};
        // step 1: g = 2 + 0.5*1 = 2.5; v = 2.5; w = 1 - 0.5*2.5 = -0.25
        ScalarOptim.sgdMomentum(w, grad, v, 1, 1, 0.5f, 0.5f, 0.5f, false);
        assertArrayEquals(new float[] {0, -0.25f}, w);
        assertArrayEquals(new float[] {0, 2.5f}, v);
        // step 2: g = 2 - 0.125 = 1.875; v = 1.25 + 1.875 = 3.125; w = -0.25 - 1.5625 = -1.8125
        ScalarOptim.sgdMomentum(w, grad, v, 1, 1, 0.5f, 0.5f, 0.5f, false);
        assertArrayEquals(new float[] {0, -1.8125f}, w);
        assertArrayEquals(new float[] {0, 3.125f}, v);
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentumTimesVelocity() {
        float[] w = {1}, grad = {2}, v = {1};
        // g = 2; v = 0.5*1 + 2 = 2.5; w = 1 - 0.5*(2 + 0.5*2.5) = -0.625
        ScalarOptim.sgdMomentum(w, grad, v, 0, 1, 0.5f, 0.5f, 0f, true);
        assertArrayEquals(new float[] {-0.625f}, w);
        assertArrayEquals(new float[] {2.5f}, v);
    }
}
