package dev.slt.pruning.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.models.Models;
import dev.slt.pruning.graph.Program;
import dev.slt.pruning.plan.SyntheticTickets.Pattern;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plan (each pattern, compact or not, autotuned, dense) equals the masked model within 1e-4 relative, for every model. */
class InferencePlanTest {

    static java.util.List<String> models() {
        return Models.names();
    }

    /** A model whose batch norms are far from identity, so folding them is exercised. */
    static Module model(String name, int inChannels, int size, long seed) {
        Module model = Models.create(name, inChannels, size, 10, seed);
        var rng = new SplittableRandom(seed ^ 0xB17);
        for (Module m : model.namedModules().values()) {
            if (!(m instanceof BatchNorm2d bn)) continue;
            float[] gamma = bn.weight().data(), beta = bn.bias().data(), mean = bn.runningMean().data(), var = bn.runningVar().data();
            for (int c = 0; c < gamma.length; c++) {
                gamma[c] = (float) rng.nextDouble(0.5, 1.5);
                beta[c] = (float) rng.nextGaussian() * 0.5f;
                mean[c] = (float) rng.nextGaussian() * 0.3f;
                var[c] = (float) rng.nextDouble(0.5, 2.0);
            }
        }
        return model.eval();
    }

    static Tensor image(int batch, int channels, int size, long seed) {
        var r = new SplittableRandom(seed);
        float[] d = new float[batch * channels * size * size];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.fromArray(d, batch, channels, size, size);
    }

    static void assertClose(Tensor expected, Tensor got, String what) {
        assertEquals(expected.shape(), got.shape(), what);
        float scale = 0f, err = 0f;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.data()[i]));
            err = Math.max(err, Math.abs(expected.data()[i] - got.data()[i]));
        }
        assertTrue(err <= 1e-4f * Math.max(scale, 1e-3f), what + ": max error " + err + " at output scale " + scale);
    }

    static Tensor masked(Module model, Map<String, float[]> mask, Tensor x) {
        try (var g = Grad.disabled()) {
            return Program.of(model).forward(x, mask);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyPlanEqualsTheMaskedModel(String name) {
        // small images keep the big models quick: 8x8 still leaves every stage a map, VGG's five pools need 32
        int size = name.startsWith("vgg") || Models.defaultImageSize(name) < 32 ? Models.defaultImageSize(name) : 8;
        int channels = Models.defaultImageSize(name) < 32 ? 1 : 3;
        Module model = model(name, channels, size, 11);
        Tensor x = image(2, channels, size, 5);
        PlanOptions o = PlanOptions.defaults(2);
        for (Pattern p : Pattern.values()) {
            for (double d : new double[] {p == Pattern.UNSTRUCTURED ? 0.2 : 0.5}) {
                Map<String, float[]> mask = SyntheticTickets.of(p, model, d, 17 + p.ordinal());
                Tensor expected = masked(model, mask, x);
                String what = name + " " + p + " " + d;
                assertClose(expected, InferencePlan.of(model, mask, size, o).forward(x), what);
                assertClose(expected, InferencePlan.of(model, mask, size, o.withCompact(false)).forward(x), what + " not compact");
                assertClose(expected, InferencePlan.dense(model, mask, size, o).forward(x), what + " dense");
                if (p == Pattern.UNSTRUCTURED)   // every layer through CSR
                    assertClose(expected, InferencePlan.of(model, mask, size, new PlanOptions(2, false, 1, true)).forward(x), what + " csr");
                if (p == Pattern.MIXED && d == 0.5)
                    assertClose(expected, InferencePlan.of(model, mask, size, o.withAutotune(true)).forward(x), what + " autotune");
            }
        }
    }

    @Test
    void autotuneOfARefillTicketKeepsOnePlanWithOneLayerPerConv() {
        Module model = model("resnet20", 3, 16, 3);
        var mask = SyntheticTickets.of(Pattern.REFILL, model, 0.5, 1);
        var plain = InferencePlan.of(model, mask, 16, PlanOptions.defaults(4));
        var tuned = InferencePlan.of(model, mask, 16, PlanOptions.defaults(4).withAutotune(true));
        assertEquals(plain.layers().size(), tuned.layers().size(), "compact and layered candidates must not mix their layers");
        assertEquals(plain.idealSpeedup(), tuned.idealSpeedup(), 1e-12);
    }

    @Test
    void kernelsFollowTheMaskStructure() {
        Module model = model("resnet20", 3, 16, 3);
        var refill = InferencePlan.of(model, SyntheticTickets.of(Pattern.REFILL, model, 0.5, 1), 16, PlanOptions.defaults(4));
        assertTrue(refill.compact());
        assertEquals(Kernel.DENSE, refill.layers().getFirst().kernel(), "the stem is not pruned");
        for (PlanLayer l : refill.layers().subList(1, refill.layers().size())) assertEquals(Kernel.SLIMMED, l.kernel(), l.weight());
        assertTrue(refill.idealSpeedup() > 2, "refill at 0.5 keeps about a third of the conv work: " + refill.idealSpeedup());

        var spread = InferencePlan.of(model, SyntheticTickets.of(Pattern.REFILL, model, 0.5, 1), 16, PlanOptions.defaults(4).withCompact(false));
        assertFalse(spread.compact());
        assertEquals(Kernel.SLIMMED, spread.layers().get(1).kernel());

        var regroup = InferencePlan.of(model, SyntheticTickets.of(Pattern.REGROUP, model, 0.3, 1), 16, PlanOptions.defaults(4));
        assertFalse(regroup.compact());
        for (PlanLayer l : regroup.layers().subList(1, regroup.layers().size())) assertEquals(Kernel.BLOCK_SPARSE, l.kernel(), l.weight());

        var sparse = SyntheticTickets.of(Pattern.UNSTRUCTURED, model, 0.05, 1);
        assertEquals(Kernel.CSR, InferencePlan.of(model, sparse, 16, PlanOptions.defaults(4)).layers().get(1).kernel());
        var half = SyntheticTickets.of(Pattern.UNSTRUCTURED, model, 0.5, 1);
        assertEquals(Kernel.DENSE, InferencePlan.of(model, half, 16, PlanOptions.defaults(4)).layers().get(1).kernel(), "above the crossover");

        var dense = InferencePlan.dense(model, half, 16, PlanOptions.defaults(4));
        assertEquals(1.0, dense.idealSpeedup());
        for (PlanLayer l : dense.layers()) assertEquals(Kernel.DENSE, l.kernel());
    }

    @Test
    void badInputsAreRefusedByName() {
        Module model = model("resnet20", 3, 16, 3);
        var plan = InferencePlan.of(model, Map.of(), 16, PlanOptions.defaults(1));
        var e = assertThrows(IllegalArgumentException.class, () -> plan.forward(image(1, 3, 8, 1)));
        assertTrue(e.getMessage().contains("built for (N, 3, 16, 16)"), e.getMessage());
        var m = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.of(model, Map.of("fc.weight", new float[10]), 16, PlanOptions.defaults(1)));
        assertTrue(m.getMessage().contains("not a conv weight"), m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlanOptions.defaults(0));
    }

    @Test
    void timingPairsEveryLayerAndTheWholeForward() {
        Module model = model("resnet20", 3, 8, 3);
        var mask = SyntheticTickets.of(Pattern.REFILL, model, 0.5, 2);
        var r = TicketTiming.measure(InferencePlan.dense(model, mask, 8, PlanOptions.defaults(2)),
                InferencePlan.of(model, mask, 8, PlanOptions.defaults(2)), 2, 3, 1, 1);
        assertEquals(19, r.layers().size());
        assertTrue(r.denseMs() > 0 && r.ticketMs() > 0 && r.speedup() > 0);
        assertEquals(InferencePlan.of(model, mask, 8, PlanOptions.defaults(2)).idealSpeedup(), r.idealSpeedup(), 1e-12);
        assertTrue(r.compact());
    }

    @Test
    void cpuTimingRunsOnOneThreadOnly() {
        Module model = model("resnet20", 3, 8, 3);
        var mask = SyntheticTickets.of(Pattern.REGROUP, model, 0.5, 2);
        var dense = InferencePlan.dense(model, mask, 8, PlanOptions.defaults(2));
        var ticket = InferencePlan.of(model, mask, 8, PlanOptions.defaults(2));
        int before = KernelPool.threads();
        try {
            KernelPool.setThreads(2);
            var e = assertThrows(IllegalArgumentException.class, () -> TicketTiming.measure(dense, ticket, 2, 1, 0, 1, true));
            assertTrue(e.getMessage().contains("1 kernel thread"), e.getMessage());
            KernelPool.setThreads(1);
            var r = TicketTiming.measure(dense, ticket, 2, 2, 0, 1, true);
            assertTrue(r.denseMs() > 0 && r.ticketMs() > 0 && r.speedup() > 0);
        } finally {
            KernelPool.setThreads(before);
        }
    }
}
