package dev.slt.pruning.plan;

import static dev.slt.pruning.plan.InferencePlanTest.assertClose;
import static dev.slt.pruning.plan.InferencePlanTest.image;
import static dev.slt.pruning.plan.InferencePlanTest.masked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.pruning.graph.SlimNet;
import dev.slt.pruning.graph.Slimmer;
import dev.slt.pruning.graph.TestMasks;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compact net on prepared kernels equals the slimmed net it was compiled from (batch norms folded) and the
 * masked model, on channel masks that drop whole channels (constants folded into biases, offset planes and
 * residual offsets), at odd batch sizes, with the batch growing and shrinking between calls of one net.
 */
class CompactNetTest {

    /** Checks one net at batches 3, 1, 5, 2 in that order (one set of buffers grown once, reused when smaller). */
    private static void check(Module model, Map<String, float[]> mask, int channels, int size, String what) {
        SlimNet slim = Slimmer.slim(model, mask, size).model().withFoldedNorms();
        CompactNet net = CompactNet.of(slim, channels, size);
        int seed = 0;
        for (int batch : new int[] {3, 1, 5, 2}) {
            Tensor x = image(batch, channels, size, 40 + seed++);
            Tensor got = net.forward(x);
            assertClose(slim.forward(x), got, what + " batch " + batch + " vs slim net");
            assertClose(masked(model, mask, x), got, what + " batch " + batch + " vs masked model");
        }
    }

    @ParameterizedTest
    @CsvSource({"resnet20,3,8,1", "resnet18,3,8,2", "wrn-32-2,3,8,3", "mobilenet-v1,3,8,4", "vgg16-bn,3,32,5", "convnet,1,28,6",
            "lenet5,1,28,7"})
    void equalsTheSlimNetAndTheMaskedModel(String name, int channels, int size, long seed) {
        Module model = InferencePlanTest.model(name, channels, size, seed);
        check(model, TestMasks.channels(model, false, seed * 31 + 7, false), channels, size, name + " channels");
        check(model, TestMasks.channels(model, true, seed * 31 + 8, true), channels, size, name + " stem, unstructured rows");
        check(model, TestMasks.ones(model), channels, size, name + " unpruned");
    }

    @Property(tries = 10)
    void resnet20OnRandomChannelTickets(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                        @ForAll @IntRange(min = 1, max = 7) int batch) {
        Module model = InferencePlanTest.model("resnet20", 3, 8, seed % 5);
        var mask = TestMasks.channels(model, seed % 2 == 0, seed, seed % 3 == 0);
        CompactNet net = CompactNet.of(Slimmer.slim(model, mask, 8).model().withFoldedNorms(), 3, 8);
        Tensor x = image(batch, 3, 8, seed);
        assertClose(masked(model, mask, x), net.forward(x), "resnet20 seed " + seed + " batch " + batch);
    }

    @Test
    void aConvReadingConstantChannelsThroughPaddingAddsItsOffsetPlaneInsideTheSum() {
        Module model = InferencePlanTest.model("resnet20", 3, 16, 9);
        var mask = new HashMap<>(TestMasks.ones(model));
        // conv1 keeps 4 of 16 outputs: conv2 (the main side's last conv, written straight into the sum) reads 12
        // constant channels through its zero padding, an offset that varies near the border
        mask.put("layer1.0.conv1.weight", TestMasks.firstRows(model, "layer1.0.conv1.weight", 4));
        // conv2 of the next block keeps 3 rows: its rows go to 3 of the sum's 16 channels, the rest from the shortcut
        mask.put("layer1.1.conv2.weight", TestMasks.firstRows(model, "layer1.1.conv2.weight", 3));
        var slimmed = Slimmer.slim(model, mask, 16);
        assertTrue(slimmed.model().sizeBound(), "the offset plane is there to test");
        check(model, mask, 3, 16, "resnet20 offsets");
    }

    @Test
    void resultsOfEarlierCallsAreNotOverwrittenByLaterOnes() {
        Module model = InferencePlanTest.model("resnet20", 3, 8, 2);
        var mask = TestMasks.channels(model, false, 5, false);
        CompactNet net = CompactNet.of(Slimmer.slim(model, mask, 8).model().withFoldedNorms(), 3, 8);
        Tensor x1 = image(4, 3, 8, 1), x2 = image(4, 3, 8, 2);
        Tensor y1 = net.forward(x1), copy = Tensor.fromArray(y1.data().clone(), y1.shape());
        net.forward(x2);
        assertClose(copy, y1, "first result after a second call");
        assertEquals(java.util.List.of(4, 10), java.util.Arrays.stream(y1.shape().dims()).boxed().toList());
    }

    @Test
    void buffersAreFewerThanTheStepsThatWriteThem() {
        Module model = InferencePlanTest.model("resnet20", 3, 8, 1);
        CompactNet net = CompactNet.of(Slimmer.slim(model, TestMasks.ones(model), 8).model().withFoldedNorms(), 3, 8);
        // 19 convs of at most 16*8*8 floats per image: slots reused, not one per activation
        assertTrue(net.floatsPerImage() <= 4L * 16 * 8 * 8, "floats per image " + net.floatsPerImage());
    }

    @Test
    void concurrentForwardsEachGetTheirOwnBuffers() throws Exception {
        Module model = InferencePlanTest.model("resnet20", 3, 8, 3);
        var mask = TestMasks.channels(model, false, 11, false);
        CompactNet net = CompactNet.of(Slimmer.slim(model, mask, 8).model().withFoldedNorms(), 3, 8);
        Tensor x = image(3, 3, 8, 4), expected = masked(model, mask, x);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Tensor>>();
            for (int i = 0; i < 8; i++) futures.add(pool.submit(() -> net.forward(x)));
            for (var f : futures) assertClose(expected, f.get(), "concurrent forward");
        } finally {
            pool.shutdown();
        }
    }
}
