package dev.slt.pruning.post;

import java.util.List;

/** {@code none}: the IMP mask unchanged (every layer marked as kept unstructured). */
public final class NoPostProcessing extends LayerWisePostProcessor {

    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Outcome layer(String name, float[] mask, int rows, int cols, float[] trained, long seed) {
        return new Outcome(mask, List.of(), true);
    }
}
