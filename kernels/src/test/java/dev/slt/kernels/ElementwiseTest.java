package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertBitEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scalar elementwise reference on hand-checked examples (offsets, NaN, -0, accumulation). */
class ElementwiseTest {

    private static final float[] A = {9, 1, -2, 3, 0.5f};
    private static final float[] B = {9, 4, 8, -1, 0.25f};

    @Test
    void binaryOpsHonourOffsets() {
        float[] out = {7, 7, 7, 7};
        ScalarElementwise.add(A, 1, B, 1, out, 0, 4);
        assertArrayEquals(new float[] {5, 6, 2, 0.75f}, out);
        ScalarElementwise.sub(A, 1, B, 1, out, 0, 4);
        assertArrayEquals(new float[] {-3, -10, 4, 0.25f}, out);
        ScalarElementwise.mul(A, 1, B, 1, out, 0, 4);
        assertArrayEquals(new float[] {4, -16, -3, 0.125f}, out);
        ScalarElementwise.div(A, 1, B, 1, out, 0, 4);
        assertArrayEquals(new float[] {0.25f, -0.25f, -3, 2}, out);
    }

    @Test
    void scaleAxpyFillTouchOnlyTheirRange() {
        float[] out = {7, 7, 7, 7};
        ScalarElementwise.scale(-2f, A, 1, out, 1, 2);
        assertArrayEquals(new float[] {7, -2, 4, 7}, out);
        ScalarElementwise.axpy(0.5f, A, 2, out, 2, 2);
        assertArrayEquals(new float[] {7, -2, 3, 8.5f}, out);
        ScalarElementwise.fill(3f, out, 0, 2);
        assertArrayEquals(new float[] {3, 3, 3, 8.5f}, out);
    }

    @Test
    void reluKeepsNanAndMapsNegativeZeroToZero() {
        float[] x = {-1, -0f, 0f, 2, Float.NaN, Float.NEGATIVE_INFINITY};
        float[] out = new float[x.length];
        ScalarElementwise.relu(x, 0, out, 0, x.length);
        assertBitEqual(new float[] {0, 0, 0, 2, Float.NaN, 0}, out, "relu");
    }

    @Test
    void reluBackwardAccumulatesWhereInputIsPositive() {
        float[] x = {-1, 0f, 3, 2};
        float[] dy = {10, 20, 30, 40};
        float[] dx = {1, 1, 1, 1};
        ScalarElementwise.reluBackward(x, 0, dy, 0, dx, 0, 4);
        assertArrayEquals(new float[] {1, 1, 31, 41}, dx);
        ScalarElementwise.reluBackward(x, 2, dy, 0, dx, 1, 2);
        assertArrayEquals(new float[] {1, 11, 51, 41}, dx);
    }

    @Test
    void zeroLengthIsANoOp() {
        float[] out = {7};
        ScalarElementwise.add(A, 0, B, 0, out, 0, 0);
        ScalarElementwise.relu(A, 5, out, 1, 0);
        assertEquals(7f, out[0]);
    }
}
