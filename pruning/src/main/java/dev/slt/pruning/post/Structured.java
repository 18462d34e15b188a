package dev.slt.pruning.post;

import dev.slt.pruning.Mask;
import java.util.List;

/** A post-processor's result: the structured mask and one report per layer, in mask order. */
public record Structured(Mask mask, List<LayerReport> layers) {

    public Structured {
        layers = List.copyOf(layers);
    }
}
