package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The NaN/Inf switch names the op whose output or gradient went non-finite. */
@Isolated("switches a process-wide flag")
class DebugTest {

    @AfterEach
    void off() {
        Debug.checkNaN(false);
    }

    @Test
    void offByDefaultLetsNaNThrough() {
        assertDoesNotThrow(() -> Tensor.of(0f).div(Tensor.of(0f)));
    }

    @Test
    void namesTheOpWhoseOutputIsNaN() {
        Debug.checkNaN(true);
        Tensor x = Tensor.of(1f, 0f).requiresGrad(true);
        Tensor y = x.relu();
        var e = assertThrows(NonFiniteException.class, () -> y.div(Tensor.of(1f, 0f)));
        assertEquals("div", e.op());
        assertTrue(e.getMessage().startsWith("div: NaN in output [2]"), e.getMessage());
    }

    @Test
    void namesTheOpWhoseGradientOverflows() {
        Debug.checkNaN(true);
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor y = x.mul(1e10f).relu();  // finite forward
        var e = assertThrows(NonFiniteException.class, () -> y.backward(Tensor.of(1e30f)));
        assertEquals("scale", e.op());
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
    }
}
