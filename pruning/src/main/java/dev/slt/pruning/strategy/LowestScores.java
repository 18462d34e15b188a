package dev.slt.pruning.strategy;

import dev.slt.pruning.Mask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the {@code k} kept entries with the lowest scores across a list of layers. Ties are broken by
 * position: the entry of the earlier layer (in the given order), then the lower flat index, is removed
 * first. Each entry is keyed by {@code (float bits of its score) << 32 | its global flat position}; the
 * bits of a non-negative float order like the float, so one sort of longs ranks by score then position.
 */
final class LowestScores {

    /** A score of kept entry {@code index} of {@code layer}: finite and >= 0. */
    interface Score {
        float of(String layer, int index);
    }

    private LowestScores() {}

    /**
     * {@code mask} with the {@code k} lowest-scoring kept entries of {@code layers} set to 0. The score is
     * asked once per kept entry, layer by layer in order, index ascending (so a seeded random score is
     * reproducible).
     */
    static Mask prune(Mask mask, List<String> layers, Score score, long k) {
        return mask.withAll(pruned(mask, layers, score, k));
    }

    /** As {@link #prune}, but only the new values of {@code layers}, by name. */
    static Map<String, float[]> pruned(Mask mask, List<String> layers, Score score, long k) {
        long[] offsets = new long[layers.size() + 1];
        for (int l = 0; l < layers.size(); l++) offsets[l + 1] = offsets[l] + mask.size(layers.get(l));
        if (offsets[layers.size()] > Integer.MAX_VALUE) throw new IllegalArgumentException("pruning: more than 2^31 weights in one ranking");
        long kept = 0;
        for (String n : layers) kept += mask.nnz(n);
        if (k < 0 || k > kept) throw new IllegalArgumentException("pruning: cannot remove " + k + " of " + kept + " kept weights");
        if (k == 0) return Map.of();

        long[] keys = new long[(int) kept];
        int at = 0;
        for (int l = 0; l < layers.size(); l++) {
            String n = layers.get(l);
            float[] m = mask.get(n);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0f) continue;
                float s = score.of(n, i);
                if (!(s >= 0) || s == Float.POSITIVE_INFINITY)
                    throw new IllegalStateException("pruning: score " + s + " of '" + n + "'[" + i + "] is not finite and >= 0");
                keys[at++] = ((long) Float.floatToIntBits(s + 0f) << 32) | (offsets[l] + i);  // s + 0f turns -0 into +0
            }
        }
        Arrays.sort(keys);

        List<float[]> next = new ArrayList<>();
        for (String n : layers) next.add(mask.get(n));
        for (int j = 0; j < k; j++) {
            long pos = keys[j] & 0xFFFF_FFFFL;
            int l = Arrays.binarySearch(offsets, pos);
            l = l >= 0 ? l : -l - 2;  // the layer whose range [offsets[l], offsets[l+1]) holds pos
            next.get(l)[(int) (pos - offsets[l])] = 0f;
        }
        var changed = new LinkedHashMap<String, float[]>();
        for (int l = 0; l < layers.size(); l++) changed.put(layers.get(l), next.get(l));
        return changed;
    }
}
