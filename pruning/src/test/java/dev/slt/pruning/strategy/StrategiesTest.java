package dev.slt.pruning.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.Test;

/** The other strategies and the registry. */
class StrategiesTest {

    @Test
    void registryKnowsEveryStrategyAndNamesTheValidOnes() {
        assertEquals(List.of("global-magnitude", "layer-wise-magnitude", "random", "structured-imp", "omp"), Strategies.names());
        for (String n : Strategies.names()) assertEquals(n, Strategies.create(n).name());
        var e = assertThrows(IllegalArgumentException.class, () -> Strategies.create("magnitude"));
        assertTrue(e.getMessage().contains("'magnitude'") && e.getMessage().contains("global-magnitude, layer-wise-magnitude"), e.getMessage());
        var opt = assertThrows(IllegalArgumentException.class, () -> Strategies.create("random", Map.of("rte", "0.3")));
        assertTrue(opt.getMessage().contains("rte"), opt.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> Strategies.create("global-magnitude", Map.of("rate", "1.5")));
        assertTrue(bad.getMessage().contains("rate"), bad.getMessage());
        assertEquals(0.3, ((GlobalMagnitude) Strategies.create("global-magnitude", Map.of("rate", "0.3"))).params().rate());
    }

    @Property(tries = 60, seed = "31")
    void layerWiseRemovesRoundPRemainingInEachLayerWithTheSmallestMagnitudes(
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double p) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, true);
        Mask before = Fixtures.randomMask(w, 0.7, rng);
        Mask after = new LayerWiseMagnitude(new RateParams(p)).prune(before, w, 0);
        for (String n : before.names()) {
            assertEquals(before.nnz(n) - Math.round(p * before.nnz(n)), after.nnz(n), n);
            float[] b = before.get(n), a = after.get(n), v = w.get(n).data();
            float minKept = Float.POSITIVE_INFINITY, maxPruned = 0;
            for (int i = 0; i < b.length; i++) {
                assertTrue(a[i] <= b[i]);
                if (a[i] == 1f) minKept = Math.min(minKept, Math.abs(v[i]));
                else if (b[i] == 1f) maxPruned = Math.max(maxPruned, Math.abs(v[i]));
            }
            assertTrue(minKept >= maxPruned, n);
        }
    }

    @Property(tries = 40, seed = "32")
    void randomIsExactSeededAndShrinking(@ForAll long seed, @ForAll @DoubleRange(min = 0.1, max = 0.9) double p) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        Mask before = Mask.ones(w);
        var s = new RandomPruning(new RateParams(p));
        Mask a = s.prune(before, w, seed), b = s.prune(before, w, seed);
        assertEquals(a, b);
        assertEquals(before.nnz() - Math.round(p * before.nnz()), a.nnz());
        Mask again = s.prune(a, w, seed + 1);
        for (String n : a.names()) {
            float[] x = a.get(n), y = again.get(n);
            for (int i = 0; i < x.length; i++) assertTrue(y[i] <= x[i]);
        }
    }

    @Test
    void randomDependsOnTheSeed() {
        var w = Map.of("a.weight", Tensor.ones(16, 16));
        var s = new RandomPruning(RateParams.DEFAULT);
        assertNotEquals(s.prune(Mask.ones(w), w, 1), s.prune(Mask.ones(w), w, 2));
    }

    @Property(tries = 60, seed = "33")
    void structuredImpDropsWholeLowL1ChannelsPerLayerKeepingOne(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double p) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        var s = new StructuredImp(new RateParams(p));
        Mask m = Mask.ones(w);
        for (int round = 0; round < 3; round++) {
            Mask next = s.prune(m, w, 0);
            for (String n : m.names()) {
                int live = m.liveChannels(n);
                long expectedRemoved = Math.min(Math.round(p * live), live - 1);
                assertEquals(live - expectedRemoved, next.liveChannels(n), n);
                int rows = m.rows(n), cols = m.cols(n);
                float[] nv = next.get(n), v = w.get(n).data();
                double minKept = Double.POSITIVE_INFINITY, maxDropped = 0;
                float[] mv = m.get(n);
                for (int r = 0; r < rows; r++) {
                    double l1 = 0;
                    int kept = 0;
                    for (int j = r * cols; j < (r + 1) * cols; j++) {
                        l1 += Math.abs(v[j]) * mv[j];
                        kept += (int) nv[j];
                    }
                    assertTrue(kept == 0 || kept == cols, "channel " + r + " of " + n + " is partly kept");
                    if (kept > 0) minKept = Math.min(minKept, l1);
                    else if (mv[r * cols] == 1f) maxDropped = Math.max(maxDropped, l1);
                }
                assertTrue(minKept >= maxDropped, n);
            }
            m = next;
        }
    }

    @Property(tries = 40, seed = "34")
    void ompKeepsTheLargestToTheTargetDensity(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double d) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        Mask m = new OneShotMagnitude(new OneShotMagnitude.Params(d)).prune(Mask.ones(w), w, 0);
        assertEquals(Math.round(d * m.size()), m.nnz());
        Mask global = new GlobalMagnitude(new RateParams(1 - d)).prune(Mask.ones(w), w, 0);
        if (Math.round((1 - d) * m.size()) == m.size() - Math.round(d * m.size())) assertEquals(global, m);
    }

    @Test
    void strategiesRefuseMissingOrNonFiniteWeights() {
        Mask m = Mask.ones(Map.of("a.weight", Tensor.ones(2, 2)));
        for (String n : List.of("global-magnitude", "layer-wise-magnitude", "structured-imp", "omp")) {
            var missing = assertThrows(IllegalArgumentException.class, () -> Strategies.create(n).prune(m, Map.of(), 0));
            assertTrue(missing.getMessage().contains("'a.weight'"), missing.getMessage());
            var nan = assertThrows(IllegalArgumentException.class,
                    () -> Strategies.create(n).prune(m, Map.of("a.weight", Tensor.of(1, Float.NaN, 1, 1).reshape(2, 2)), 0));
            assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        }
    }
}
