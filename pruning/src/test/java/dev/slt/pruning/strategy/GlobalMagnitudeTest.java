package dev.slt.pruning.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Fixtures;
import dev.slt.pruning.Mask;
import dev.slt.pruning.PrunableSet;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The IMP step's contract (METHOD.md, Algorithm 1 step 3) on seeded random layers. */
class GlobalMagnitudeTest {

    @Property(tries = 100, seed = "21")
    void removesExactlyRoundPRemainingAndNeverAKeptWeightSmallerThanAPrunedOne(
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll boolean ties) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, ties);
        Mask before = Fixtures.randomMask(w, 0.8, rng);
        Mask after = new GlobalMagnitude(new RateParams(p)).prune(before, w, 0);
        assertEquals(before.nnz() - Math.round(p * before.nnz()), after.nnz());

        float minKept = Float.POSITIVE_INFINITY, maxPruned = 0;
        for (String n : before.names()) {
            float[] b = before.get(n), a = after.get(n), v = w.get(n).data();
            for (int i = 0; i < b.length; i++) {
                assertTrue(a[i] <= b[i], "an entry came back in " + n);  // masks only shrink
                if (a[i] == 1f) minKept = Math.min(minKept, Math.abs(v[i]));
                else if (b[i] == 1f) maxPruned = Math.max(maxPruned, Math.abs(v[i]));
            }
        }
        assertTrue(minKept >= maxPruned, "kept |w| " + minKept + " < newly pruned |w| " + maxPruned);
    }

    @Property(tries = 50, seed = "22")
    void tiesAreBrokenByLayerOrderThenIndex(@ForAll @IntRange(min = 1, max = 11) int k) {
        // all magnitudes equal: the first k entries in mask order go
        var w = new LinkedHashMap<String, Tensor>();
        w.put("a.weight", Tensor.full(-0.5f, 2, 3));
        w.put("b.weight", Tensor.full(0.5f, 3, 2));
        Mask m = Mask.ones(w);
        double p = (k - 0.25) / 12;  // round(p * 12) = k
        Mask after = new GlobalMagnitude(new RateParams(p)).prune(m, w, 0);
        float[] all = new float[12];
        System.arraycopy(after.get("a.weight"), 0, all, 0, 6);
        System.arraycopy(after.get("b.weight"), 0, all, 6, 6);
        for (int i = 0; i < 12; i++) assertEquals(i < k ? 0f : 1f, all[i], "entry " + i);
    }

    @Property(tries = 30, seed = "23")
    void densityAfterKRoundsFollowsTheRoundedGeometricSeries(
            @ForAll long seed, @ForAll @DoubleRange(min = 0.05, max = 0.5) double p, @ForAll @IntRange(min = 1, max = 8) int rounds) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        var strategy = new GlobalMagnitude(new RateParams(p));
        Mask m = Mask.ones(w);
        long expected = m.size();
        double bound = 0;
        for (int r = 0; r < rounds; r++) {
            Mask next = strategy.prune(m, w, 0);
            long prev = expected;
            expected = prev - Math.round(p * prev);
            assertEquals(expected, next.nnz(), "round " + (r + 1));
            assertTrue(Math.abs(next.nnz() - (1 - p) * prev) <= 0.5 + 1e-9, "one round is off by more than half a weight");
            bound = bound * (1 - p) + 0.5;
            m = next;
            for (String n : m.names()) w.get(n).data()[rng.nextInt(w.get(n).size())] *= 1.5f;  // weights move between rounds
        }
        // every round rounds to the nearest weight, so after k rounds the error is at most 0.5 * Σ_j (1-p)^j
        assertTrue(Math.abs(m.nnz() - m.size() * Math.pow(1 - p, rounds)) <= bound + 1e-9,
                m.nnz() + " vs " + m.size() * Math.pow(1 - p, rounds));
    }

    @Property(tries = 5, seed = "24")
    void layersOutsideThePrunableSetAreUntouched(@ForAll long seed) {
        Module model = Models.create("resnet20", 3, 10, seed);
        var prunable = PrunableSet.DEFAULT.weights(model);
        var state = model.stateDict();
        float[] stem = state.get("conv1.weight").data().clone(), fc = state.get("fc.weight").data().clone();
        var strategy = new GlobalMagnitude(RateParams.DEFAULT);
        Mask m = Mask.ones(prunable);
        for (int r = 0; r < 3; r++) {
            m = strategy.prune(m, state, 0);
            m.apply(state);
        }
        assertTrue(!m.contains("conv1.weight") && !m.contains("fc.weight"));
        assertArrayEquals(stem, state.get("conv1.weight").data());
        assertArrayEquals(fc, state.get("fc.weight").data());
        assertEquals(Math.pow(0.8, 3), m.density(), 1e-4);
    }
}
