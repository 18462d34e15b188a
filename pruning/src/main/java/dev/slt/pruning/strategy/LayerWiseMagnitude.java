package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning layer by layer: in each layer remove {@code round(rate * remaining in that layer)}
 * of its kept entries with the smallest {@code |w|} (ties: lower flat index first), so every layer
 * loses the same fraction.
 */
public final class LayerWiseMagnitude extends RateStrategy {

    public static final String NAME = "layer-wise-magnitude";

    public LayerWiseMagnitude(RateParams params) {
        super(NAME, params);
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        var score = GlobalMagnitude.magnitudes(current, trained, NAME);
        var changed = new HashMap<String, float[]>();
        for (String n : current.names())
            changed.putAll(LowestScores.pruned(current, List.of(n), score, params.count(current.nnz(n))));
        return current.withAll(changed);
    }
}
