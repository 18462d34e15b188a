package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import java.util.Map;

/**
 * One pruning step: from the current mask and the trained weights, the next (smaller or equal) mask.
 * Implementations hold their parameters (a record per strategy) and are registered in {@link Strategies}.
 * A strategy never adds back an entry the current mask has pruned, and touches only the mask's layers.
 */
public interface Strategy {

    /** The registry name, e.g. {@code global-magnitude}. */
    String name();

    /**
     * The next mask. {@code trained} holds at least every mask layer (same shape, finite values), e.g.
     * a model's state dict after training; {@code seed} drives any random choice (ignored by
     * deterministic strategies).
     */
    Mask prune(Mask current, Map<String, Tensor> trained, long seed);
}
