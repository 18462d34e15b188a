package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {

    private static double std(float[] v) {
        double s = 0, q = 0;
        for (float x : v) {
            s += x;
            q += x * x;
        }
        double m = s / v.length;
        return Math.sqrt(q / v.length - m * m);
    }

    @Test
    void fansFollowPyTorch() {
        Shape conv = Shape.of(64, 16, 3, 3);
        assertEquals(16 * 9, Init.fan(conv, Init.Fan.IN));
        assertEquals(64 * 9, Init.fan(conv, Init.Fan.OUT));
        assertEquals(300, Init.fan(Shape.of(100, 300), Init.Fan.IN));
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        Shape s = Shape.of(8, 4, 3, 3);
        assertArrayEquals(Init.kaimingNormal(s, Init.Fan.IN, new SplittableRandom(5)).data(),
                Init.kaimingNormal(s, Init.Fan.IN, new SplittableRandom(5)).data());
    }

    @Test
    void kaimingScales() {
        Shape s = Shape.of(256, 128, 3, 3);
        double fanIn = 128 * 9, fanOut = 256 * 9;
        assertEquals(Math.sqrt(2 / fanIn), std(Init.kaimingNormal(s, Init.Fan.IN, new SplittableRandom(1)).data()), 2e-4);
        assertEquals(Math.sqrt(2 / fanOut), std(Init.kaimingUniform(s, Init.Fan.OUT, new SplittableRandom(2)).data()), 2e-4);
        double bound = Math.sqrt(6 / fanIn);
        for (float v : Init.kaimingUniform(s, Init.Fan.IN, new SplittableRandom(3)).data())
            assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void uniformAndNormal() {
        for (float v : Init.uniform(Shape.of(1000), -0.5, 0.25, new SplittableRandom(4)).data())
            assertTrue(v >= -0.5f && v < 0.25f);
        assertEquals(3.0, std(Init.normal(Shape.of(100_000), 1.0, 3.0, new SplittableRandom(6)).data()), 0.05);
    }
}
