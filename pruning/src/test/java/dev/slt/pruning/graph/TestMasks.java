package dev.slt.pruning.graph;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded masks for the graph tests (and the plan's, which run slimmed nets). */
public final class TestMasks {

    private TestMasks() {}

    /** All ones over the prunable convs (stem left out). */
    public static Map<String, float[]> ones(Module model) {
        var out = new LinkedHashMap<String, float[]>();
        model.prunableConvWeights(false).forEach((n, w) -> out.put(n, filled(w.size(), 1f)));
        return out;
    }

    /**
     * A channel mask: each prunable conv keeps a random number of whole output channels, often 1,
     * sometimes all, always channel 0 (so that chains of single channels, depthwise ones included,
     * still reach the input); kept rows may also lose random weights when {@code unstructured}.
     */
    public static Map<String, float[]> channels(Module model, boolean includeStem, long seed, boolean unstructured) {
        var rng = new SplittableRandom(seed);
        var out = new LinkedHashMap<String, float[]>();
        for (var e : model.prunableConvWeights(includeStem).entrySet()) {
            Tensor w = e.getValue();
            int cout = w.shape().dim(0), row = w.size() / cout;
            int keep = switch (rng.nextInt(4)) {
                case 0 -> 1;
                case 1 -> cout;
                default -> 1 + rng.nextInt(cout);
            };
            boolean[] kept = choose(cout, keep, rng);
            if (!kept[0]) {
                for (int o = 1; o < cout; o++) if (kept[o]) { kept[o] = false; break; }
                kept[0] = true;
            }
            float[] m = new float[w.size()];
            for (int o = 0; o < cout; o++)
                if (kept[o]) for (int i = o * row; i < (o + 1) * row; i++) m[i] = unstructured && rng.nextInt(3) == 0 ? 0f : 1f;
            out.put(e.getKey(), m);
        }
        return out;
    }

    static boolean[] choose(int n, int k, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < k; i++) out[idx[i]] = true;
        return out;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A mask for one conv that keeps only output channels {@code [0, keep)}. */
    public static float[] firstRows(Module model, String weight, int keep) {
        Tensor w = model.stateDict().get(weight);
        int cout = w.shape().dim(0), row = w.size() / cout;
        float[] m = new float[w.size()];
        for (int i = 0; i < keep * row; i++) m[i] = 1f;
        return m;
    }

    /** A mask for one conv that drops only output channel {@code drop}. */
    static float[] allBut(Module model, String weight, int drop) {
        Tensor w = model.stateDict().get(weight);
        int row = w.size() / w.shape().dim(0);
        float[] m = filled(w.size(), 1f);
        for (int i = drop * row; i < (drop + 1) * row; i++) m[i] = 0f;
        return m;
    }
}
