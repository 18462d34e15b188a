package dev.slt.pruning.post;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import java.util.Map;

/**
 * Structured post-processing (METHOD.md: refill, refill+, regroup): turns an unstructured IMP mask into
 * a structured one, a separate {@code Mask -> Mask} step so IMP itself never changes. Registered by
 * name in {@link PostProcessors}; most implementations extend {@link LayerWisePostProcessor}.
 */
public interface PostProcessor {

    /** The registry name, e.g. {@code refill}. */
    String name();

    /**
     * The structured mask (same layers and shapes as {@code imp}) and a report per layer.
     * {@code trained} are the weights {@code imp} was pruned from (θ_t), holding every mask layer;
     * {@code seed} drives any random choice.
     */
    Structured apply(Mask imp, Map<String, Tensor> trained, long seed);
}
