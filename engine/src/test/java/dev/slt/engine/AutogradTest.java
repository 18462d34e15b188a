package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tape: accumulation, repeated backward, no-grad scopes, detach, deep graphs. */
class AutogradTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(1f, -2f, 3f);
        x.mul(x).add(x).sum().backward();  // d(x² + x) = 2x + 1
        assertArrayEquals(new float[] {3f, -3f, 7f}, x.grad().data());
    }

    @Test
    void backwardTwiceAccumulatesAndZeroGradResets() {
        Tensor x = leaf(1f, 2f);
        Tensor y = x.mul(3f).relu().sum();  // an interior node (relu) between leaf and root
        y.backward();
        y.backward();
        assertArrayEquals(new float[] {6f, 6f}, x.grad().data());
        x.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, x.grad().data());
        y.backward();
        assertArrayEquals(new float[] {3f, 3f}, x.grad().data());
    }

    @Test
    void nonScalarBackwardTakesAGradient() {
        Tensor x = leaf(1f, 2f, 3f);
        Tensor y = x.mul(2f);
        assertThrows(IllegalStateException.class, y::backward);
        y.backward(Tensor.of(1f, 10f, 100f));
        assertArrayEquals(new float[] {2f, 20f, 200f}, x.grad().data());
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = leaf(1f, 2f);
        Tensor y;
        try (var g = Grad.disabled()) {
            assertFalse(Grad.isEnabled());
            y = x.mul(x).sum();
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertThrows(IllegalStateException.class, y::backward);
        assertNull(x.grad());
    }

    @Test
    void scopesNestAndRestore() {
        try (var outer = Grad.disabled()) {
            try (var inner = Grad.enabled()) {
                assertTrue(leaf(1f).mul(2f).requiresGrad());
            }
            assertFalse(Grad.isEnabled());
            assertFalse(leaf(1f).mul(2f).requiresGrad());
        }
        assertTrue(Grad.isEnabled());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2f);
        Tensor y = x.mul(x).detach().mul(x).sum();  // only the last factor is differentiated: d = x²
        y.backward();
        assertEquals(4f, x.grad().item());
    }

    @Test
    void constantsGetNoGradient() {
        Tensor x = leaf(1f, 2f);
        Tensor c = Tensor.of(5f, 7f);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertArrayEquals(new float[] {5f, 7f}, x.grad().data());
    }

    @Test
    void aDeepChainDoesNotOverflowTheStack() {
        Tensor x = leaf(1f);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) y = y.add(1f).mul(1f);
        y.sum().backward();
        assertEquals(1f, x.grad().item());
        assertEquals(10_001f, y.item());
    }

    @Test
    void onlyLeavesCanBeMarked() {
        Tensor y = leaf(1f).mul(2f);
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertFalse(y.isLeaf());
    }

    @Test
    void inPlaceUpdatesOfParametersNeedANoGradScope() {
        Tensor w = leaf(1f, 2f);
        assertThrows(IllegalStateException.class, () -> w.mulInPlace(2f));
        try (var g = Grad.disabled()) {
            w.axpyInPlace(-0.5f, Tensor.of(2f, 2f));
        }
        assertArrayEquals(new float[] {0f, 1f}, w.data());
    }

    @Test
    void reshapeSharesDataAndRoutesGradients() {
        Tensor x = leaf(1f, 2f, 3f, 4f, 5f, 6f);
        Tensor r = x.reshape(2, -1);
        assertSame(x.data(), r.data());
        assertEquals(Shape.of(2, 3), r.shape());
        r.mul(Tensor.of(1f, 2f, 3f)).sum().backward();
        assertArrayEquals(new float[] {1f, 2f, 3f, 1f, 2f, 3f}, x.grad().data());
    }
}
