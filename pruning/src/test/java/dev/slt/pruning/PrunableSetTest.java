package dev.slt.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import org.junit.jupiter.api.Test;

/** The stem and Linear switches of {@link PrunableSet}. */
class PrunableSetTest {

    private final Module resnet = Models.create("resnet20", 3, 10, 1);

    @Test
    void defaultLeavesOutStemAndClassifier() {
        var w = PrunableSet.DEFAULT.weights(resnet);
        assertFalse(w.containsKey("conv1.weight"));
        assertFalse(w.containsKey("fc.weight"));
        assertTrue(w.containsKey("layer1.0.conv1.weight"));
        assertEquals(18, w.size());  // resnet20: 19 convs, minus the stem
        w.forEach((n, t) -> assertEquals(4, t.shape().rank(), n));
        assertEquals(resnet.stateDict().get("layer1.0.conv1.weight"), w.get("layer1.0.conv1.weight"));  // the live tensor
    }

    @Test
    void switchesAddStemAndLinearWeights() {
        var w = new PrunableSet(true, true).weights(resnet);
        assertEquals(20, w.size());
        assertTrue(w.containsKey("conv1.weight"));
        assertTrue(w.containsKey("fc.weight"));
        assertEquals(PrunableSet.DEFAULT.weights(resnet).size(), PrunableSet.DEFAULT.initialMask(resnet).names().size());
        assertEquals(1.0, PrunableSet.DEFAULT.initialMask(resnet).density());
    }
}
