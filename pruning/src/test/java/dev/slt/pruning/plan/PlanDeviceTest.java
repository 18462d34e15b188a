package dev.slt.pruning.plan;

import static dev.slt.pruning.plan.InferencePlanTest.assertClose;
import static dev.slt.pruning.plan.InferencePlanTest.image;
import static dev.slt.pruning.plan.InferencePlanTest.masked;
import static dev.slt.pruning.plan.InferencePlanTest.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.kernels.BlockSparseConv;
import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.nn.Module;
import dev.slt.pruning.plan.SyntheticTickets.Pattern;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link PlanOptions#device}: every chosen conv, and every conv of the dense baseline, is handed to the device; the
 * plan then runs layer by layer through the twins and still equals the masked model. A stand-in device twins dense,
 * slimmed and block-sparse convs as an OpenCL one does (CSR stays on the CPU).
 */
class PlanDeviceTest {

    /** Twins that delegate to the CPU conv, count their calls and say they run on "stand-in". */
    static final class StandIn implements ConvDevice {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "stand-in";
        }

        @Override
        public PreparedConv place(PreparedConv conv) {
            if (!(conv instanceof DenseConv || conv instanceof SlimConv || conv instanceof BlockSparseConv)) return conv;
            return new PreparedConv() {
                public ConvGeometry geometry() { return conv.geometry(); }
                public void forward(int batch, float[] x, float[] y) { calls.incrementAndGet(); conv.forward(batch, x, y); }
                public void forwardScalar(int batch, float[] x, float[] y) { conv.forwardScalar(batch, x, y); }
                public long macsPerImage() { return conv.macsPerImage(); }
                public String device() { return name(); }
            };
        }
    }

    @Test
    void everyStructuredAndDenseConvRunsOnTheDeviceLayerByLayer() {
        Module model = model("resnet20", 3, 8, 3);
        Tensor x = image(2, 3, 8, 5);
        for (Pattern p : new Pattern[] {Pattern.REFILL, Pattern.REGROUP}) {
            var mask = SyntheticTickets.of(p, model, 0.5, 1);
            var device = new StandIn();
            var options = PlanOptions.defaults(2).withDevice(device);
            var plan = InferencePlan.of(model, mask, 8, options);
            assertFalse(plan.compact(), p + ": the compact slimmed net is CPU code");
            for (PlanLayer l : plan.layers()) assertEquals("stand-in", l.device(), p + " " + l.weight() + " " + l.kernel());
            assertClose(masked(model, mask, x), plan.forward(x), p + " on the device");
            assertEquals(plan.layers().size(), device.calls.get(), p + ": one call per conv");
            for (PlanLayer l : InferencePlan.dense(model, mask, 8, options).layers()) assertEquals("stand-in", l.device(), l.weight());
        }
    }

    @Test
    void csrHasNoTwinAndTheCpuIsTheDefault() {
        Module model = model("resnet20", 3, 8, 3);
        var sparse = SyntheticTickets.of(Pattern.UNSTRUCTURED, model, 0.05, 1);
        var plan = InferencePlan.of(model, sparse, 8, PlanOptions.defaults(2).withDevice(new StandIn()));
        assertEquals(Kernel.CSR, plan.layers().get(1).kernel());
        assertEquals("cpu", plan.layers().get(1).device());
        assertEquals("stand-in", plan.layers().getFirst().device(), "the unpruned stem is dense");
        assertEquals(ConvDevice.CPU, PlanOptions.defaults(2).device());
        for (PlanLayer l : InferencePlan.of(model, sparse, 8, PlanOptions.defaults(2)).layers()) assertEquals("cpu", l.device());
        assertThrows(IllegalArgumentException.class, () -> PlanOptions.defaults(2).withDevice(null));
        assertTrue(PlanOptions.defaults(2).withDevice(new StandIn()).compact(), "the option stays; the plan decides");
    }
}
