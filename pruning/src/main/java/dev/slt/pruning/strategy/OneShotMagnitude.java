package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Options;
import java.util.Map;

/**
 * One-shot magnitude pruning (OMP, METHOD.md "Baselines"): in one step, keep the
 * {@code round(density * size)} entries with the largest {@code |w|} of the trained weights, globally
 * across the mask's layers (ties as in {@link GlobalMagnitude}). Entries the current mask has pruned
 * stay pruned; a mask already at or below the target is returned unchanged.
 */
public final class OneShotMagnitude implements Strategy {

    public static final String NAME = "omp";

    /** @param density fraction of the mask's entries to keep (default 0.2 (SLT), i.e. 80% sparsity) */
    public record Params(double density) {
        public static final Params DEFAULT = new Params(0.2);

        public Params {
            if (!(density >= 0 && density <= 1)) throw new IllegalArgumentException(NAME + ": density must be in [0, 1], got " + density);
        }

        public static Params from(Options o) {
            return new Params(o.getDouble("density", DEFAULT.density));
        }
    }

    private final Params params;

    public OneShotMagnitude(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        long keep = Math.round(params.density * current.size());
        long remove = Math.max(0, current.nnz() - keep);
        return LowestScores.prune(current, current.names(), GlobalMagnitude.magnitudes(current, trained, NAME), remove);
    }
}
