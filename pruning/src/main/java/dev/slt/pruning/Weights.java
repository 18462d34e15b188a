package dev.slt.pruning;

import dev.slt.engine.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Looks up and checks the trained weights a pruning step scores. */
public final class Weights {

    private Weights() {}

    /**
     * The values of {@code trained.get(layer)} (the live array, not a copy), which must exist, have the
     * mask's shape and be finite; {@code who} names the caller in errors.
     */
    public static float[] of(Mask mask, Map<String, Tensor> trained, String layer, String who) {
        Tensor t = trained.get(layer);
        if (t == null) throw new IllegalArgumentException(who + ": no trained weight for layer '" + layer + "'");
        if (!Arrays.equals(t.shape().dims(), mask.shape(layer)))
            throw new IllegalArgumentException(who + ": trained weight '" + layer + "' has shape " + t.shape()
                    + " but its mask has " + Arrays.toString(mask.shape(layer)));
        float[] w = t.data();
        for (int i = 0; i < w.length; i++)
            if (!Float.isFinite(w[i])) throw new IllegalArgumentException(who + ": trained weight '" + layer + "' holds " + w[i] + " at index " + i);
        return w;
    }
}
