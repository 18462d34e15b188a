package dev.slt.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

/** Validation, statistics, storage and application of {@link Mask}. */
class MaskTest {

    private static Mask.Layer layer(String name, float[] v, int... shape) {
        return new Mask.Layer(name, shape, v);
    }

    @Property(tries = 200, seed = "11")
    void rejectsAnyValueOtherThanZeroOrOneNamingTheLayer(@ForAll @FloatRange(min = -3, max = 3) float bad) {
        if (bad == 0f || bad == 1f) return;
        var e = assertThrows(IllegalArgumentException.class,
                () -> Mask.of(List.of(layer("a.weight", new float[] {1, 0}, 2), layer("b.weight", new float[] {1, bad, 0}, 3, 1))));
        assertTrue(e.getMessage().contains("'b.weight'") && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void rejectsNaNWrongLengthDuplicatesAndEmptyNames() {
        var nan = assertThrows(IllegalArgumentException.class, () -> Mask.of(List.of(layer("x.weight", new float[] {Float.NaN}, 1))));
        assertTrue(nan.getMessage().contains("'x.weight'"), nan.getMessage());
        var len = assertThrows(IllegalArgumentException.class, () -> Mask.of(List.of(layer("y.weight", new float[] {1, 1, 1}, 2, 2))));
        assertTrue(len.getMessage().contains("'y.weight'") && len.getMessage().contains("needs 4"), len.getMessage());
        var dup = assertThrows(IllegalArgumentException.class,
                () -> Mask.of(List.of(layer("z.weight", new float[] {1}, 1), layer("z.weight", new float[] {0}, 1))));
        assertTrue(dup.getMessage().contains("'z.weight' appears twice"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mask.of(List.of(layer("", new float[] {1}, 1))));
        var dim = assertThrows(IllegalArgumentException.class, () -> Mask.of(List.of(layer("w.weight", new float[0], 0, 3))));
        assertTrue(dim.getMessage().contains("'w.weight'"), dim.getMessage());
        var with = assertThrows(IllegalArgumentException.class, () -> Mask.ones(Map.of("v.weight", Tensor.zeros(2))).with("v.weight", new float[] {1, 2}));
        assertTrue(with.getMessage().contains("'v.weight'"), with.getMessage());
    }

    @Test
    void statisticsPerLayerAndOverall() {
        // layer a: 3 channels x 2; row 0 full, row 1 half, row 2 empty
        Mask m = Mask.of(List.of(layer("a.weight", new float[] {1, 1, 0, 1, 0, 0}, 3, 2), layer("b.weight", new float[] {1, 1}, 2, 1)));
        assertEquals(3, m.nnz("a.weight"));
        assertEquals(0.5, m.density("a.weight"), 1e-12);
        assertEquals(0.5, m.sparsity("a.weight"), 1e-12);
        assertEquals(2, m.liveChannels("a.weight"));
        assertEquals(2.0 / 3, m.channelDensity("a.weight"), 1e-12);
        assertEquals(3, m.rows("a.weight"));
        assertEquals(2, m.cols("a.weight"));
        assertEquals(5, m.nnz());
        assertEquals(8, m.size());
        assertEquals(5.0 / 8, m.density(), 1e-12);
        assertEquals(4.0 / 5, m.channelDensity(), 1e-12);
    }

    @Test
    void getReturnsACopyAndWithLeavesTheOriginal() {
        Mask m = Mask.ones(Map.of("a.weight", Tensor.zeros(2, 2)));
        m.get("a.weight")[0] = 0f;
        assertEquals(4, m.nnz());
        Mask n = m.with("a.weight", new float[] {0, 1, 1, 1});
        assertEquals(4, m.nnz());
        assertEquals(3, n.nnz());
        assertNotEquals(m, n);
        assertEquals(n, m.with("a.weight", new float[] {0, 1, 1, 1}));
        assertEquals(n.hashCode(), m.with("a.weight", new float[] {0, 1, 1, 1}).hashCode());
        var e = assertThrows(IllegalArgumentException.class, () -> m.get("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Property(tries = 30, seed = "12")
    void tensorsRoundTripKeepsOrderAndContent(@ForAll long seed) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        Mask m = Fixtures.randomMask(w, 0.5, rng);
        var stored = new LinkedHashMap<String, Tensor>();
        stored.put("other.tensor", Tensor.zeros(3));
        stored.putAll(m.toTensors("imp_mask."));
        stored.putAll(m.with(m.names().getFirst(), new float[m.get(m.names().getFirst()).length]).toTensors("mask."));
        Mask back = Mask.fromTensors(stored, "imp_mask.");
        assertEquals(m, back);
        assertEquals(m.names(), back.names());
        stored.forEach((n, t) -> {
            if (n.startsWith("imp_mask.")) assertArrayEquals(m.shape(n.substring(9)), t.shape().dims());
        });
    }

    @Property(tries = 30, seed = "13")
    void applyZeroesExactlyThePrunedEntriesAndLeavesOthers(@ForAll long seed) {
        var rng = new SplittableRandom(seed);
        var w = Fixtures.weights(rng, false);
        Mask m = Fixtures.randomMask(w, 0.5, rng);
        var before = new LinkedHashMap<String, float[]>();
        w.forEach((n, t) -> before.put(n, t.data().clone()));
        var extra = Tensor.of(1, 2, 3);
        var all = new LinkedHashMap<>(w);
        all.put("fc.weight", extra);
        m.apply(all);
        for (String n : m.names()) {
            float[] v = m.get(n), now = w.get(n).data(), old = before.get(n);
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 0f) assertEquals(0.0f, now[i], n + "[" + i + "]");  // +0.0f exactly
                else assertEquals(old[i], now[i]);
            }
        }
        assertArrayEquals(new float[] {1, 2, 3}, extra.data());
    }

    @Test
    void applyRefusesMissingLayersAndWrongShapes() {
        Mask m = Mask.ones(Map.of("a.weight", Tensor.zeros(2, 2)));
        var missing = assertThrows(IllegalArgumentException.class, () -> m.apply(Map.of("b.weight", Tensor.zeros(2, 2))));
        assertTrue(missing.getMessage().contains("'a.weight'"), missing.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> m.apply(Map.of("a.weight", Tensor.zeros(4))));
        assertTrue(shape.getMessage().contains("'a.weight'"), shape.getMessage());
    }
}
