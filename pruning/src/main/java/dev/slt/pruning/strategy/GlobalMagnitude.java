package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Weights;
import java.util.HashMap;
import java.util.Map;

/**
 * The IMP step (METHOD.md, Algorithm 1 step 3): over every layer of the mask, among the entries still
 * kept, remove exactly {@code round(rate * remaining)} with the smallest {@code |w|} of the trained
 * weights, globally across layers. Ties: earlier layer in mask order, then lower flat index, first.
 */
public final class GlobalMagnitude extends RateStrategy {

    public static final String NAME = "global-magnitude";

    public GlobalMagnitude(RateParams params) {
        super(NAME, params);
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        return LowestScores.prune(current, current.names(), magnitudes(current, trained, NAME), params.count(current.nnz()));
    }

    /** {@code |w|} of the checked trained weights, as a score. */
    static LowestScores.Score magnitudes(Mask mask, Map<String, Tensor> trained, String who) {
        var w = new HashMap<String, float[]>();
        for (String n : mask.names()) w.put(n, Weights.of(mask, trained, n, who));
        return (layer, i) -> Math.abs(w.get(layer)[i]);
    }
}
