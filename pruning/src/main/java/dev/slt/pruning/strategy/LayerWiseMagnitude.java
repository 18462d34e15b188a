package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Options;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning layer by layer: in each layer remove {@code round(rate * remaining in that layer)}
 * of its kept entries with the smallest {@code |w|} (ties: lower flat index first), so every layer
 * loses the same fraction.
 */
public final class LayerWiseMagnitude implements Strategy {

    public static final String NAME = "layer-wise-magnitude";

    /** @param rate fraction of each layer's remaining weights removed per round (default 0.2) */
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

    public LayerWiseMagnitude(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        var score = GlobalMagnitude.magnitudes(current, trained, NAME);
        var changed = new HashMap<String, float[]>();
        for (String n : current.names())
            changed.putAll(LowestScores.pruned(current, List.of(n), score, Rates.count(params.rate, current.nnz(n))));
        return current.withAll(changed);
    }
}
