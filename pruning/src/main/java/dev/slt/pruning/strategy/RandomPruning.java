package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Options;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random pruning, a baseline: like {@link GlobalMagnitude} (exactly {@code round(rate * remaining)}
 * removed, globally) but each kept entry's score is a uniform draw from {@code SplittableRandom(seed)},
 * drawn in mask order; the trained weights are not looked at.
 */
public final class RandomPruning implements Strategy {

    public static final String NAME = "random";

    /** @param rate fraction of the remaining weights removed per round (default 0.2) */
    public record Params(double rate) {
        public static final Params DEFAULT = new Params(0.2);

        public Params {
            Rates.check(NAME, rate);
        }

        public static Params from(Options o) {
            return new Params(o.getDouble("rate", DEFAULT.rate));
        }
    }

    private final Params params;

    public RandomPruning(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        var rng = new SplittableRandom(seed);
        return LowestScores.prune(current, current.names(), (layer, i) -> rng.nextFloat(), Rates.count(params.rate, current.nnz()));
    }
}
