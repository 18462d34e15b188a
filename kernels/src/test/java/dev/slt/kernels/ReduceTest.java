package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scalar reduction reference on hand-checked examples. */
class ReduceTest {

    @Test
    void sumAndDotAccumulateInDouble() {
        // 1e8 + 1 + ... + 1 - 1e8: float accumulation would lose every 1
        float[] x = new float[1002];
        x[0] = 1e8f;
        for (int i = 1; i <= 1000; i++) x[i] = 1f;
        x[1001] = -1e8f;
        assertEquals(1000f, ScalarReduce.sum(x, 0, x.length));
        float[] ones = new float[1002];
        java.util.Arrays.fill(ones, 1f);
        assertEquals(1000f, ScalarReduce.dot(x, 0, ones, 0, x.length));
        assertEquals(1000f, ScalarReduce.sum(x, 1, 1000));
    }

    @Test
    void maxIsMinusInfinityWhenEmptyAndNanWhenAnyIsNan() {
        float[] x = {3, -1, Float.NaN, 5};
        assertEquals(Float.NEGATIVE_INFINITY, ScalarReduce.max(x, 0, 0));
        assertEquals(3f, ScalarReduce.max(x, 0, 2));
        assertEquals(Float.NaN, ScalarReduce.max(x, 0, 4));
        assertEquals(5f, ScalarReduce.max(x, 3, 1));
    }

    @Test
    void sumAxisSumsTheMiddleAxis() {
        // x (outer 2, axis 3, inner 2) = 0..11
        float[] x = new float[12];
        for (int i = 0; i < 12; i++) x[i] = i;
        float[] out = new float[4];
        ScalarReduce.sumAxis(x, 2, 3, 2, out);
        assertArrayEquals(new float[] {0 + 2 + 4, 1 + 3 + 5, 6 + 8 + 10, 7 + 9 + 11}, out);
        ScalarReduce.sumAxis(x, 1, 12, 1, out);
        assertEquals(66f, out[0]);
    }
}
