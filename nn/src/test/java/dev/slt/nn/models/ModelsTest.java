package dev.slt.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Parameter counts against the published figures, and one forward + backward pass per model. */
class ModelsTest {

    /**
     * Exact counts for 10 classes (1 input channel for the MNIST nets, 3 otherwise), and the
     * published figure each must be within 1% of.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "lenet5,       1,    61706,    61706",
            "convnet,      1,   857834,   857834",
            "resnet20,     3,   269722,   270000",
            "resnet32,     3,   464154,   460000",
            "resnet56,     3,   853018,   850000",
            "resnet18,     3, 11173962, 11170000",
            "vgg16-bn,     3, 14724042, 14720000",
            "wrn-32-2,     3,  1860522,  1860000",
            "mobilenet-v1, 3,  3217226,  3210000",
            "resnet50,     3, 23520842, 23520000"})
    void parameterCountsMatchThePublishedFigures(String name, int inChannels, long exact, long published) {
        long count = Models.create(name, inChannels, 10, 1).parameterCount();
        assertEquals(exact, count, name);
        assertTrue(Math.abs(count - published) <= 0.01 * published, name + ": " + count + " vs published " + published);
    }

    static String[] names() {
        return Models.names().toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everyModelRunsForwardAndBackward(String name) {
        int side = Models.defaultImageSize(name), channels = side == 28 ? 1 : 3;
        Module model = Models.create(name, channels, 10, 7);
        Tensor x = Init.normal(Shape.of(2, channels, side, side), 0, 1, new SplittableRandom(3));
        Tensor logits = model.forward(x);
        assertEquals(Shape.of(2, 10), logits.shape());
        F.crossEntropy(logits, new int[] {1, 4}).backward();
        model.namedParameters().forEach((n, p) -> {
            assertNotNull(p.grad(), name + ": no gradient reached " + n);
            for (float g : p.grad().data()) assertTrue(Float.isFinite(g), name + ": non-finite gradient in " + n);
        });
    }

    /**
     * Inference frees each intermediate after its last use and the next ops write into the freed arrays
     * ({@link Tensor#free}): three passes in a row, on arrays the previous pass left behind, give the outputs of an
     * eval-mode forward that autograd records (where nothing is freed), bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void inferenceThatRecyclesItsIntermediatesChangesNoOutput(String name) {
        int side = Models.defaultImageSize(name), channels = side == 28 ? 1 : 3;
        Module model = Models.create(name, channels, 10, 7);
        model.eval();
        Tensor x = Init.normal(Shape.of(2, channels, side, side), 0, 1, new SplittableRandom(3));
        float[] recorded = model.forward(x).data().clone();
        float[] input = x.data().clone();
        for (int pass = 0; pass < 3; pass++) {
            try (var g = Grad.disabled()) {
                assertArrayEquals(recorded, model.forward(x).data(), name + " pass " + pass);
            }
        }
        assertArrayEquals(input, x.data(), name + ": the input is the caller's and stays as it was");
    }

    /**
     * At inference each conv + batch norm (+ residual, + ReLU) runs as one op ({@code Conv2d.forwardBatchNorm}); with
     * batch-norm statistics and affine parameters far from their initial values, its outputs equal those of the
     * separate ops bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void fusedInferenceGivesTheOutputsOfTheSeparateOps(String name) {
        int side = Models.defaultImageSize(name), channels = side == 28 ? 1 : 3;
        Module model = Models.create(name, channels, 10, 7);
        SplittableRandom r = new SplittableRandom(5);
        for (Module m : model.namedModules().values())
            if (m instanceof dev.slt.nn.layers.BatchNorm2d bn) {
                for (Tensor t : new Tensor[] {bn.weight(), bn.bias(), bn.runningMean()})
                    for (int i = 0; i < t.size(); i++) t.data()[i] = (float) (r.nextDouble() * 2 - 1);
                for (int i = 0; i < bn.runningVar().size(); i++) bn.runningVar().data()[i] = (float) (0.25 + r.nextDouble());
            }
        model.eval();
        Tensor x = Init.normal(Shape.of(2, channels, side, side), 0, 1, new SplittableRandom(3));
        float[] fused, separate;
        boolean before = dev.slt.nn.layers.Conv2d.setFusedInference(true);
        try (var g = Grad.disabled()) {
            fused = model.forward(x).data().clone();
            dev.slt.nn.layers.Conv2d.setFusedInference(false);
            separate = model.forward(x).data().clone();
        } finally {
            dev.slt.nn.layers.Conv2d.setFusedInference(before);
        }
        assertArrayEquals(separate, fused, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void theSameSeedGivesBitIdenticalWeights(String name) {
        var a = Models.create(name, 3, 10, 3).stateDict();
        var b = Models.create(name, 3, 10, 3).stateDict();
        var c = Models.create(name, 3, 10, 4).stateDict();
        a.forEach((n, t) -> assertArrayEquals(t.data(), b.get(n).data(), name + " " + n));
        String first = a.firstEntry().getKey();
        assertFalse(Arrays.equals(a.get(first).data(), c.get(first).data()), name + ": another seed, other weights");
    }

    @Test
    void inputChannelsAndClassesAreFree() {
        Module model = Models.create("resnet20", 1, 7, 5);
        Tensor logits = model.forward(Init.normal(Shape.of(2, 1, 16, 16), 0, 1, new SplittableRandom(1)));
        assertEquals(Shape.of(2, 7), logits.shape());
        Module lenet = Models.create("lenet5", 3, 32, 100, 5);
        assertEquals(Shape.of(2, 100), lenet.forward(Tensor.zeros(2, 3, 32, 32)).shape());
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.create("resnet19", 3, 10, 1));
        assertTrue(e.getMessage().contains("resnet19"), e.getMessage());
        for (String n : Models.names()) assertTrue(e.getMessage().contains(n), e.getMessage());
    }
}
