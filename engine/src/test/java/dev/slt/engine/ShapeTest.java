package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void describesAnImageBatch() {
        Shape s = Shape.of(64, 3, 32, 32);
        assertEquals(4, s.rank());
        assertEquals(64 * 3 * 32 * 32, s.size());
        assertEquals(3, s.dim(1));
        assertEquals(32, s.dim(-1));
        assertArrayEquals(new int[] {3 * 32 * 32, 32 * 32, 32, 1}, s.strides());
        assertEquals("[64, 3, 32, 32]", s.toString());
    }

    @Test
    void isAValue() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 7;
        s.dims()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
        assertEquals(Shape.of(2, 3).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(3, 2), s);
    }

    @Test
    void scalarsAndBadShapes() {
        assertEquals(1, Shape.SCALAR.size());
        assertEquals("[]", Shape.SCALAR.toString());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> Shape.of(2).dim(1));
    }
}
