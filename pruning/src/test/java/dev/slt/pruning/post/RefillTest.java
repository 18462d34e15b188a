package dev.slt.pruning.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Fixtures;
import dev.slt.pruning.Mask;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Refill and refill+ (METHOD.md, Algorithm 2) on seeded random layers and IMP-like masks. */
class RefillTest {

    private static double score(Refill.Criterion c, float[] m, float[] w, int r, int cols) {
        double s = 0;
        for (int j = r * cols; j < (r + 1) * cols; j++) {
            double v = m[j] * w[j];
            s += switch (c) {
                case L1 -> Math.abs(v);
                case COUNT -> m[j];
                case L2 -> v * v;
            };
        }
        return s;
    }

    @Property(tries = 100, seed = "41")
    void keepsExactlyKWholeChannelsAndTheyAreTheTopKByTheCriterion(
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double keep, @ForAll Refill.Criterion criterion, @ForAll boolean ties) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, ties);
        Mask imp = Fixtures.randomMask(w, keep, rng);
        Structured s = new Refill(new Refill.Params(criterion, 0)).apply(imp, w, seed);
        for (int l = 0; l < imp.names().size(); l++) {
            String n = imp.names().get(l);
            int rows = imp.rows(n), cols = imp.cols(n);
            float[] out = s.mask().get(n), m = imp.get(n), v = w.get(n).data();
            int k = Math.clamp((long) Math.ceil(imp.density(n) * rows - 1e-12), 1, rows);
            int kept = 0;
            double minKept = Double.POSITIVE_INFINITY, maxDropped = Double.NEGATIVE_INFINITY;
            int lastKeptOfMin = -1, firstDroppedOfMax = Integer.MAX_VALUE;
            for (int r = 0; r < rows; r++) {
                float first = out[r * cols];
                for (int j = r * cols; j < (r + 1) * cols; j++) assertEquals(first, out[j], "channel " + r + " of " + n + " is not whole");
                double sc = score(criterion, m, v, r, cols);
                if (first == 1f) {
                    kept++;
                    if (sc < minKept || sc == minKept) { minKept = sc; lastKeptOfMin = r; }
                } else if (sc > maxDropped) {
                    maxDropped = sc;
                    firstDroppedOfMax = r;
                }
            }
            assertEquals(k, kept, n);
            assertTrue(minKept >= maxDropped - 1e-9 * Math.abs(maxDropped), n + ": a dropped channel outscores a kept one");
            if (Math.abs(minKept - maxDropped) <= 1e-9 * Math.abs(maxDropped)) assertTrue(lastKeptOfMin < firstDroppedOfMax, "ties: lower index first");
            var rep = s.layers().get(l);
            assertEquals(n, rep.layer());
            assertEquals(imp.density(n), rep.densityBefore());
            assertEquals((double) k / rows, rep.densityAfter(), 1e-12);
            assertEquals(k, rep.keptChannels());
            assertEquals(imp.liveChannels(n), rep.channelsBefore());
            assertFalse(rep.keptUnstructured());
        }
    }

    @Property(tries = 100, seed = "42")
    void refillPlusKeepsAtLeastRefillsChannelsAndItsOwnFormula(
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double keep, @ForAll @DoubleRange(min = 0, max = 1) double r) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        Mask imp = Fixtures.randomMask(w, keep, rng);
        Mask refill = new Refill(Refill.Params.REFILL).apply(imp, w, 0).mask();
        Mask plus = new Refill(new Refill.Params(Refill.Criterion.L1, r)).apply(imp, w, 0).mask();
        for (String n : imp.names()) {
            float[] a = refill.get(n), b = plus.get(n);
            for (int i = 0; i < a.length; i++) assertTrue(b[i] >= a[i], n + ": refill+ dropped a channel refill keeps");
            double dc = imp.density(n) * imp.rows(n);
            long k = Math.clamp((long) Math.ceil(dc + r * (imp.rows(n) - dc) - 1e-9), 1, imp.rows(n));
            assertEquals(k, plus.liveChannels(n), n);
        }
    }

    @Property(tries = 200, seed = "43")
    void keptChannelsIsClampedCeilOfDensityTimesChannels(
            @ForAll @IntRange(min = 1, max = 64) int rows, @ForAll @IntRange(min = 1, max = 300) int cols, @ForAll @DoubleRange(min = 0, max = 1) double d) {
        long nnz = Math.round(d * rows * cols);
        int k = Refill.keptChannels(nnz, rows, cols, 0);
        assertEquals(Math.clamp((long) Math.ceil((double) nnz / cols - 1e-12), 1, rows), k);
        assertTrue(k >= 1 && k <= rows && (long) k * cols >= Math.min(nnz, (long) rows * cols) && (k == 1 || (long) (k - 1) * cols < nnz));
    }

    @Test
    void paperExampleAndRegistry() {
        // 4 channels x 2, IMP density 3/8: k = ceil(3/8 * 4) = 2
        var w = Map.of("a.weight", Tensor.of(0.9f, 5f, 0.2f, 0.3f, 0.4f, 0.5f, 7f, 7f).reshape(4, 2));
        Mask imp = Mask.of(List.of(new Mask.Layer("a.weight", new int[] {4, 2}, new float[] {1, 0, 1, 1, 1, 0, 0, 0})));
        // l1 of the masked rows: r0 0.9, r1 0.2+0.3 = 0.5, r2 0.4, r3 0 -> keep r0 and r1
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, PostProcessors.create("refill").apply(imp, w, 0).mask().get("a.weight"));
        // count: r1 has 2 -> keep r1, then r0 and r2 tie at 1 -> r0
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0},
                PostProcessors.create("refill", Map.of("criterion", "count")).apply(imp, w, 0).mask().get("a.weight"));
        // refill+ r = 0.5: ceil(1.5 + 0.5 * 2.5) = 3
        assertEquals(3, PostProcessors.create("refill+", Map.of("rate", "0.5")).apply(imp, w, 0).mask().liveChannels("a.weight"));
        assertEquals(List.of("none", "refill", "refill+", "regroup"), PostProcessors.names());
        var none = PostProcessors.create("none").apply(imp, w, 0);
        assertEquals(imp, none.mask());
        assertTrue(none.layers().getFirst().keptUnstructured());
        var e = assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("regrup"));
        assertTrue(e.getMessage().contains("valid names: none, refill, refill+"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("refill", Map.of("rate", "0.2")));
        assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("refill", Map.of("criterion", "l3")));
    }
}
