package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout: seeded masks, inverted scaling, identity in eval and without grad. */
class DropoutTest {

    private static final Tensor X = Tensor.ones(10_000);

    @Test
    void theSameSeedGivesTheSameMask() {
        Tensor a = F.dropout(X, 0.3f, true, new SplittableRandom(42));
        Tensor b = F.dropout(X, 0.3f, true, new SplittableRandom(42));
        Tensor c = F.dropout(X, 0.3f, true, new SplittableRandom(43));
        assertArrayEquals(a.data(), b.data());
        assertFalse(Arrays.equals(a.data(), c.data()));
    }

    @Test
    void keptValuesAreScaledByOneOverOneMinusP() {
        float p = 0.25f;
        Tensor y = F.dropout(X, p, true, new SplittableRandom(1));
        int zeros = 0;
        for (float v : y.data()) {
            if (v == 0f) zeros++;
            else assertEquals(1f / (1f - p), v, 1e-6f);
        }
        assertEquals(p, zeros / (float) X.size(), 0.02f);
        assertEquals(1f, y.mean().item(), 0.03f);  // the expectation is preserved
    }

    @Test
    void identityInEvalAndWithoutGrad() {
        assertSame(X, F.dropout(X, 0.5f, false, new SplittableRandom(1)));
        try (var g = Grad.disabled()) {
            assertSame(X, F.dropout(X, 0.5f, true, new SplittableRandom(1)));
        }
    }

    @Test
    void pOneDropsEverything() {
        Tensor y = F.dropout(X, 1f, true, new SplittableRandom(1));
        assertTrue(Arrays.equals(new float[X.size()], y.data()));
    }
}
