package dev.slt.pruning.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.regroup.Regroup;
import dev.slt.pruning.regroup.RegroupParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The regroup adapter: by name, per-layer seeds, blocks in the report, options read into RegroupParams. */
class RegroupPostProcessorTest {

    /** A 64-row layer with two planted column groups (regroup finds blocks) and a 4-row one (fewer rows than b1 = 8: no block). */
    private static Mask mask(long seed) {
        var rng = new SplittableRandom(seed);
        int rows = 64, cols = 72;
        float[] big = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                big[r * cols + c] = ((r < 32) == (c < 36) && rng.nextDouble() < 0.9) || rng.nextDouble() < 0.02 ? 1f : 0f;
        float[] small = new float[4 * 18];
        for (int i = 0; i < small.length; i++) small[i] = rng.nextBoolean() ? 1f : 0f;
        small[0] = 1f;
        return Mask.of(List.of(new Mask.Layer("a.weight", new int[] {rows, 8, 3, 3}, big),
                new Mask.Layer("b.weight", new int[] {4, 2, 3, 3}, small)));
    }

    private static Map<String, Tensor> weights(Mask m) {
        var out = new LinkedHashMap<String, Tensor>();
        for (String n : m.names()) out.put(n, Tensor.fromArray(new float[(int) m.size(n)], m.shape(n)));
        return out;
    }

    @Test
    void eachLayerIsRegroupAppliedWithItsSeedAndBlocksAreReported() {
        Mask m = mask(3);
        Structured s = PostProcessors.create("regroup").apply(m, weights(m), 11);
        var seeds = new SplittableRandom(11);
        for (int i = 0; i < m.names().size(); i++) {
            String n = m.names().get(i);
            var expected = Regroup.apply(m.get(n), m.rows(n), m.cols(n), RegroupParams.defaults(), seeds.nextLong());
            assertArrayEquals(expected.mask(), s.mask().get(n), n);
            LayerReport r = s.layers().get(i);
            assertEquals(expected.blocks().size(), r.blocks().size(), n);
            assertEquals(expected.keptUnstructured(), r.keptUnstructured(), n);
            for (int b = 0; b < r.blocks().size(); b++) {
                assertArrayEquals(expected.blocks().get(b).rows(), r.blocks().get(b).rows());
                assertArrayEquals(expected.blocks().get(b).cols(), r.blocks().get(b).cols());
            }
        }
        LayerReport big = s.layers().get(0), small = s.layers().get(1);
        assertFalse(big.keptUnstructured());
        assertTrue(big.blocks().size() >= 2, "planted groups give blocks: " + big.blocks());
        assertTrue(small.keptUnstructured(), "4 rows < b1: no block: " + small);
        assertArrayEquals(m.get("b.weight"), s.mask().get("b.weight"));
        // the structured mask is exactly the union of the reported blocks
        float[] union = new float[(int) m.size("a.weight")];
        for (Block b : big.blocks()) for (int r : b.rows()) for (int c : b.cols()) union[r * m.cols("a.weight") + c] = 1f;
        assertArrayEquals(union, s.mask().get("a.weight"));
    }

    @Test
    void optionsReachTheParametersAndBadOnesAreRefused() {
        var p = (RegroupPostProcessor) PostProcessors.create("regroup", Map.of("b1", "4", "t1", "2.5", "pMax", "3"));
        assertEquals(RegroupParams.defaults().withB1(4).withT1(2.5).withPMax(3), p.params());
        assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("regroup", Map.of("b1", "x")));
        assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("regroup", Map.of("b1", "0")));
        assertThrows(IllegalArgumentException.class, () -> PostProcessors.create("regroup", Map.of("rate", "0.1")));
    }
}
