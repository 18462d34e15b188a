package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random pruning, a baseline: like {@link GlobalMagnitude} (exactly {@code round(rate * remaining)}
 * removed, globally) but each kept entry's score is a uniform draw from {@code SplittableRandom(seed)},
 * drawn in mask order; the trained weights are not looked at.
 */
public final class RandomPruning extends RateStrategy {

    public static final String NAME = "random";

    public RandomPruning(RateParams params) {
        super(NAME, params);
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        var rng = new SplittableRandom(seed);
        return LowestScores.prune(current, current.names(), (layer, i) -> rng.nextFloat(), params.count(current.nnz()));
    }
}
