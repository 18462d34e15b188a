package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factories() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).data());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).data());
        assertArrayEquals(new float[] {7, 7, 7}, Tensor.full(7f, 3).data());
        assertEquals(Shape.SCALAR, Tensor.scalar(2f).shape());
        assertEquals(2f, Tensor.scalar(2f).item());
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.fromArray(data, 2, 3);
        assertEquals(6f, t.get(1, 2));
        data[0] = 9;
        assertEquals(9f, t.get(0, 0));  // fromArray wraps, of copies
        float[] values = {1, 2};
        Tensor c = Tensor.of(values);
        values[0] = 5;
        assertEquals(1f, c.get(0));
    }

    @Test
    void helpfulErrors() {
        assertEquals("tensor: 5 values do not fill shape [2, 3] (6 elements)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[5], 2, 3)).getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 2).get(2, 0));
    }

    @Test
    void flattenKeepsTheBatch() {
        assertEquals(Shape.of(4, 12), Tensor.zeros(4, 3, 2, 2).flatten().shape());
    }

    @Test
    void toStringShowsShapeAndOp() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertEquals("Tensor[2] [1.0, 2.0] requiresGrad", x.toString());
        assertEquals("Tensor[2] [2.0, 4.0] op=scale", x.mul(2f).toString());
    }
}
