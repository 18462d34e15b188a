package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shape errors name the op and both shapes. */
class ErrorMessageTest {

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void matmul() {
        assertEquals("matmul: shapes [3, 4] and [5, 2] do not match (4 != 5)",
                message(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2))));
    }

    @Test
    void broadcasting() {
        assertEquals("add: shapes [3, 4] and [5] cannot broadcast (4 != 5 at dimension -1)",
                message(() -> Tensor.zeros(3, 4).add(Tensor.zeros(5))));
        assertEquals("mul: shapes [2, 3, 4] and [5, 1] cannot broadcast (3 != 5 at dimension -2)",
                message(() -> Tensor.zeros(2, 3, 4).mul(Tensor.zeros(5, 1))));
    }

    @Test
    void linearAndConv() {
        assertEquals("linear: input [8, 4] and weight [3, 5] do not match (4 != 5)",
                message(() -> F.linear(Tensor.zeros(8, 4), Tensor.zeros(3, 5), null)));
        assertEquals("conv2d: input [1, 3, 8, 8] and weight [4, 2, 3, 3] do not match with groups=1 (3 != 2*1)",
                message(() -> F.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 2, 3, 3), null, 1, 1, 1)));
    }

    @Test
    void reshapeAndLabels() {
        assertEquals("reshape: cannot view [2, 3] (6 elements) as [4, 2] (8 elements)",
                message(() -> Tensor.zeros(2, 3).reshape(4, 2)));
        assertEquals("crossEntropy: label 3 at row 1 is outside [0, 3)",
                message(() -> F.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3})));
    }
}
