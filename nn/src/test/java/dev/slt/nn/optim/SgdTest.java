package dev.slt.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two steps of {@link Sgd} against values worked out by hand with PyTorch's rule (w = [1, -2],
 * constant gradient [0.5, 0.25], lr 0.1, momentum 0.9, weight decay 0.01).
 */
class SgdTest {

    private static final float[] GRAD = {0.5f, 0.25f};

    /** Sets w's gradient to GRAD through a backward of sum(w * GRAD). */
    private static void backward(Tensor w) {
        w.zeroGrad();
        w.mul(Tensor.of(GRAD)).sum().backward();
    }

    private static float[] twoSteps(boolean nesterov, Sgd[] holder) {
        Tensor w = Tensor.of(1f, -2f).requiresGrad(true);
        var sgd = new Sgd(Map.of("w", w), 0.9f, 0.01f, nesterov);
        if (holder != null) holder[0] = sgd;
        for (int i = 0; i < 2; i++) {
            backward(w);
            sgd.step(0.1f);
        }
        return w.data();
    }

    @Test
    void momentumWithWeightDecayMatchesPyTorch() {
        // step 1: g = [0.51, 0.23], v = g, w = [0.949, -2.023]
        // step 2: g = [0.50949, 0.22977], v = 0.9*v + g = [0.96849, 0.43677], w = [0.852151, -2.066677]
        Sgd[] sgd = new Sgd[1];
        assertArrayEquals(new float[] {0.852151f, -2.066677f}, twoSteps(false, sgd), 1e-6f);
        assertArrayEquals(new float[] {0.96849f, 0.43677f}, sgd[0].state().get("w").data(), 1e-6f);
    }

    @Test
    void nesterovMatchesPyTorch() {
        // step 1: g = [0.51, 0.23], v = g, w -= 0.1*(g + 0.9v) -> [0.9031, -2.0437]
        // step 2: g = [0.509031, 0.229563], v = [0.968031, 0.436563], w -= 0.1*(g + 0.9v) -> [0.76507411, -2.10594697]
        assertArrayEquals(new float[] {0.76507411f, -2.10594697f}, twoSteps(true, null), 1e-6f);
    }

    @Test
    void plainSgdAndSkippedParameters() {
        Tensor w = Tensor.of(1f, -2f).requiresGrad(true), untouched = Tensor.of(3f).requiresGrad(true);
        var params = new LinkedHashMap<String, Tensor>();
        params.put("w", w);
        params.put("u", untouched);
        var sgd = new Sgd(params, 0f, 0f, false);
        backward(w);
        sgd.step(0.1f);
        assertArrayEquals(new float[] {0.95f, -2.025f}, w.data(), 1e-7f);
        assertArrayEquals(new float[] {3f}, untouched.data(), "a parameter without gradient is skipped");
        assertTrue(!sgd.state().containsKey("u"));
    }

    @Test
    void momentumStateSavesAndRestores() {
        Sgd[] first = new Sgd[1];
        twoSteps(false, first);
        Map<String, Tensor> saved = Map.of("w", first[0].state().get("w").copy());

        // restart after one step from the saved state: continuing must equal the uninterrupted run
        Tensor w = Tensor.of(0.852151f, -2.066677f).requiresGrad(true);
        var resumed = new Sgd(Map.of("w", w), 0.9f, 0.01f, false);
        resumed.loadState(saved);
        backward(w);
        resumed.step(0.1f);
        Tensor ref = Tensor.of(1f, -2f).requiresGrad(true);
        var straight = new Sgd(Map.of("w", ref), 0.9f, 0.01f, false);
        for (int i = 0; i < 3; i++) {
            backward(ref);
            straight.step(0.1f);
        }
        assertArrayEquals(ref.data(), w.data(), 1e-6f);

        var e = assertThrows(IllegalArgumentException.class, () -> resumed.loadState(Map.of("w", Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resumed.loadState(Map.of("v", Tensor.zeros(2))));
        resumed.reset();
        assertEquals(0, resumed.state().size());
    }
}
