package dev.slt.pruning.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.pruning.Mask;
import dev.slt.pruning.PrunableSet;
import dev.slt.pruning.strategy.RandomPruning;
import dev.slt.pruning.strategy.RateParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pruned weights stay exactly zero through SGD with momentum and weight decay. */
class MaskEnforcerTest {

    private static Mask halfMask(Module model) {
        var w = PrunableSet.DEFAULT.weights(model);
        return new RandomPruning(new RateParams(0.5)).prune(Mask.ones(w), w, 5);
    }

    @Test
    void prunedWeightsAndMomentumStayZeroWhileKeptWeightsTrain() {
        Module model = Models.create("convnet", 1, TinyTraining.SIDE, 10, 3);
        Mask mask = halfMask(model);
        var before = new LinkedHashMap<String, float[]>();
        mask.names().forEach(n -> before.put(n, model.stateDict().get(n).data().clone()));
        var sgd = TinyTraining.sgd(model);
        TinyTraining.fit(model, sgd, 2, 1, List.of(new MaskEnforcer(model, sgd, mask)));

        assertEquals(List.of("0.weight", "4.weight"), mask.names());
        for (String n : mask.names()) {
            float[] m = mask.get(n), w = model.stateDict().get(n).data(), v = sgd.state().get(n).data(), old = before.get(n);
            int movingMomentum = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0f) {
                    assertEquals(0.0f, w[i], n + "[" + i + "] pruned weight");
                    assertEquals(0.0f, v[i], n + "[" + i + "] pruned momentum");
                } else {
                    assertNotEquals(old[i], w[i], n + "[" + i + "] kept weight did not train");
                    if (v[i] != 0f) movingMomentum++;
                }
            }
            assertTrue(movingMomentum > 0, n);
        }
    }

    @Test
    void withoutTheEnforcerPrunedWeightsComeBack() {
        // the control: the property above is not true by accident
        Module model = Models.create("convnet", 1, TinyTraining.SIDE, 10, 3);
        Mask mask = halfMask(model);
        mask.apply(model.stateDict());
        var sgd = TinyTraining.sgd(model);
        TinyTraining.fit(model, sgd, 1, 1, List.of());
        float[] m = mask.get("4.weight"), w = model.stateDict().get("4.weight").data();
        int revived = 0;
        for (int i = 0; i < m.length; i++) if (m[i] == 0f && w[i] != 0f) revived++;
        assertTrue(revived > 0);
    }

    @Test
    void refusesAMaskThatDoesNotFitTheModel() {
        Module model = Models.create("convnet", 1, TinyTraining.SIDE, 10, 3);
        var other = Mask.ones(Map.of("0.weight", Tensor.zeros(4, 1, 5, 5)));
        var e = assertThrows(IllegalArgumentException.class, () -> new MaskEnforcer(model, TinyTraining.sgd(model), other));
        assertTrue(e.getMessage().contains("'0.weight'"), e.getMessage());
    }
}
