package dev.slt.pruning;

import dev.slt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.SplittableRandom;

/** Seeded random layers for the pruning properties. */
public final class Fixtures {

    private Fixtures() {}

    /**
     * 1-4 conv-shaped weights {@code (C_out, C_in, k, k)}, small; values are Gaussian, or (with
     * {@code ties}) drawn from a few levels with both signs, so equal magnitudes are common.
     */
    public static SequencedMap<String, Tensor> weights(SplittableRandom rng, boolean ties) {
        var out = new LinkedHashMap<String, Tensor>();
        int layers = rng.nextInt(1, 5);
        for (int l = 0; l < layers; l++) {
            int cout = rng.nextInt(1, 9), cin = rng.nextInt(1, 5), k = rng.nextBoolean() ? 1 : 3;
            float[] v = new float[cout * cin * k * k];
            for (int i = 0; i < v.length; i++)
                v[i] = ties ? (rng.nextInt(1, 4) * 0.25f) * (rng.nextBoolean() ? 1 : -1) : (float) rng.nextGaussian();
            out.put("layer" + l + ".conv.weight", Tensor.fromArray(v, cout, cin, k, k));
        }
        return out;
    }

    /** A mask over {@code weights} keeping each entry with probability {@code keep}. */
    public static Mask randomMask(SequencedMap<String, Tensor> weights, double keep, SplittableRandom rng) {
        Mask m = Mask.ones(weights);
        var changed = new LinkedHashMap<String, float[]>();
        for (String n : m.names()) {
            float[] v = m.get(n);
            for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble() < keep ? 1f : 0f;
            changed.put(n, v);
        }
        return m.withAll(changed);
    }
}
