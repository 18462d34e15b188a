package dev.slt.pruning.plan;

import dev.slt.engine.Tensor;
import dev.slt.kernels.SyntheticSparsity;
import dev.slt.nn.Module;
import dev.slt.pruning.PrunableSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded masks shaped like the tickets the post-processors make, over a model's prunable convs, for tests and
 * benchmarks of {@link InferencePlan} without a lottery run.
 */
public final class SyntheticTickets {

    /** The patterns; {@code MIXED} cycles through the other three layer by layer. */
    public enum Pattern { REFILL, REGROUP, UNSTRUCTURED, MIXED }

    private SyntheticTickets() {}

    /**
     * Refill-like: per prunable conv, {@code ceil(density · outC)} random whole output channels.
     * Regroup-like: the output channels shuffled and cut into {@code max(1, min(8, outC/16))} parts, each one
     * block with its own random {@code round(density · patch)} columns. Unstructured: random weights at the density.
     */
    public static Map<String, float[]> of(Pattern pattern, Module model, double density, long seed) {
        if (!(density > 0 && density <= 1)) throw new IllegalArgumentException("synthetic ticket: density " + density + " must be in (0, 1]");
        var r = new SplittableRandom(seed);
        var out = new LinkedHashMap<String, float[]>();
        int i = 0;
        for (var e : PrunableSet.DEFAULT.weights(model).entrySet()) {
            Pattern p = pattern == Pattern.MIXED ? Pattern.values()[i++ % 3] : pattern;
            out.put(e.getKey(), layer(p, e.getValue(), density, r));
        }
        return out;
    }

    private static float[] layer(Pattern p, Tensor w, double density, SplittableRandom r) {
        int outC = w.shape().dim(0), patch = w.size() / outC;
        float[] m = new float[w.size()];
        switch (p) {
            case REFILL -> {
                int keep = Math.max(1, (int) Math.ceil(density * outC - 1e-9));
                for (int o : Arrays.copyOf(SyntheticSparsity.permutation(r, outC), keep)) Arrays.fill(m, o * patch, (o + 1) * patch, 1f);
            }
            case REGROUP -> {
                int parts = Math.max(1, Math.min(8, outC / 16)), width = Math.max(1, (int) Math.round(density * patch));
                int[] rows = SyntheticSparsity.permutation(r, outC);
                for (int k = 0; k < parts; k++) {
                    int[] cols = Arrays.copyOf(SyntheticSparsity.permutation(r, patch), width);
                    for (int i = outC * k / parts; i < outC * (k + 1) / parts; i++)
                        for (int c : cols) m[rows[i] * patch + c] = 1f;
                }
            }
            default -> {
                int keep = Math.max(1, (int) Math.round(density * m.length));
                for (int j : Arrays.copyOf(SyntheticSparsity.permutation(r, m.length), keep)) m[j] = 1f;
            }
        }
        return m;
    }
}
