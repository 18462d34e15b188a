package dev.slt.pruning.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.models.Models;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlimmerTest {

    /** A model whose batch norms are far from their identity init, so dropped channels carry constants. */
    static Module perturbed(String name, int inChannels, long seed) {
        Module model = Models.create(name, inChannels, 10, seed);
        var rng = new SplittableRandom(seed ^ 0x5EED);
        try (var g = Grad.disabled()) {
            for (Module m : model.namedModules().values()) {
                if (!(m instanceof BatchNorm2d bn)) continue;
                float[] gamma = bn.weight().data(), beta = bn.bias().data(), mean = bn.runningMean().data(),
                        var = bn.runningVar().data();
                for (int c = 0; c < gamma.length; c++) {
                    gamma[c] = (float) rng.nextDouble(0.5, 1.5);
                    beta[c] = (float) rng.nextGaussian() * 0.5f;
                    mean[c] = (float) rng.nextGaussian() * 0.3f;
                    var[c] = (float) rng.nextDouble(0.5, 2.0);
                }
            }
        }
        return model.eval();
    }

    /** The masked model's own forward: weights multiplied by the mask in place. */
    static Tensor maskedForward(Module model, Map<String, float[]> mask, Tensor x) {
        var state = model.stateDict();
        float[][] saved = new float[mask.size()][];
        int i = 0;
        try (var g = Grad.disabled()) {
            for (var e : mask.entrySet()) {
                float[] w = state.get(e.getKey()).data();
                saved[i++] = w.clone();
                for (int k = 0; k < w.length; k++) w[k] *= e.getValue()[k];
            }
            return model.forward(x);
        } finally {
            i = 0;
            for (var e : mask.entrySet()) System.arraycopy(saved[i], 0, state.get(e.getKey()).data(), 0, saved[i++].length);
        }
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

    private static void checkSlimEqualsMasked(String name, int inChannels, long seed, boolean stem, boolean unstructured) {
        Module model = perturbed(name, inChannels, seed);
        Map<String, float[]> mask = TestMasks.channels(model, stem, seed * 31 + 7, unstructured);
        int size = Models.defaultImageSize(name);
        Tensor x = ProgramTest.image(inChannels, size, seed + 1);
        Tensor expected = maskedForward(model, mask, x);
        var slimmed = Slimmer.slim(model, mask, size);
        assertClose(expected, slimmed.model().forward(x), name + " seed " + seed);
        // a conv never writes a channel its mask dropped, and any dropped channel makes the net smaller
        var graph = ChannelGraph.of(model);
        boolean anyDropped = false;
        for (var e : slimmed.convs().entrySet()) {
            boolean[] dropped = graph.droppedOutputs(e.getKey(), mask);
            for (boolean d : dropped) anyDropped |= d;
            for (int o : e.getValue().outputs()) assertTrue(!dropped[o], e.getKey() + " keeps dropped channel " + o);
            boolean[] dead = graph.deadInputs(e.getKey(), mask);
            for (int c : e.getValue().inputs()) assertTrue(!dead[c], e.getKey() + " reads dead channel " + c);
        }
        if (anyDropped) assertTrue(slimmed.model().parameterCount() < model.parameterCount(), name + " got no smaller");
    }

    @ParameterizedTest
    @CsvSource({"resnet20,3,1", "resnet18,3,2", "vgg16-bn,3,3", "mobilenet-v1,3,4", "wrn-32-2,3,5", "convnet,1,6",
            "lenet5,1,7"})
    void slimNetEqualsTheMaskedModel(String name, int inChannels, long seed) {
        checkSlimEqualsMasked(name, inChannels, seed, false, false);
        checkSlimEqualsMasked(name, inChannels, seed + 100, true, true);
    }

    @Property(tries = 12)
    void resnet20SlimEqualsMaskedOnRandomTickets(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        checkSlimEqualsMasked("resnet20", 3, seed, seed % 2 == 0, seed % 3 == 0);
    }

    @Test
    void denseMaskKeepsEveryChannelAndTheSameSize() {
        Module model = perturbed("resnet20", 3, 9);
        var slimmed = Slimmer.slim(model, TestMasks.ones(model), 32);
        assertEquals(model.parameterCount(), slimmed.model().parameterCount());
        assertTrue(!slimmed.model().sizeBound());
        int[] all = new int[16];
        for (int i = 0; i < 16; i++) all[i] = i;
        assertArrayEquals(all, slimmed.convs().get("layer1.0.conv1.weight").inputs());
        assertArrayEquals(all, slimmed.convs().get("layer1.0.conv1.weight").outputs());
        Tensor x = ProgramTest.image(3, 32, 3);
        assertClose(maskedForward(model, Map.of(), x), slimmed.model().forward(x), "dense");
    }

    @Test
    void keptListsFollowTheDroppedChannels() {
        Module model = perturbed("resnet20", 3, 9);
        var mask = new java.util.HashMap<>(TestMasks.ones(model));
        mask.put("layer1.0.conv1.weight", TestMasks.firstRows(model, "layer1.0.conv1.weight", 4));
        var slimmed = Slimmer.slim(model, mask, 32);
        assertArrayEquals(new int[] {0, 1, 2, 3}, slimmed.convs().get("layer1.0.conv1.weight").outputs());
        assertArrayEquals(new int[] {0, 1, 2, 3}, slimmed.convs().get("layer1.0.conv2.weight").inputs());
        assertEquals(16, slimmed.convs().get("layer1.0.conv2.weight").outputs().length);
        assertEquals(64, slimmed.headInputs().length);
        // the 3x3 padded conv2 reads 12 constant channels: their border-dependent sum is an offset plane
        assertTrue(slimmed.model().sizeBound());
        var e = assertThrows(IllegalArgumentException.class, () -> slimmed.model().forward(ProgramTest.image(3, 16, 1)));
        assertTrue(e.getMessage().contains("built for 32x32"));
        assertThrows(IllegalStateException.class, () -> slimmed.model().train(true));
    }

    @Test
    void residualChannelStaysWhileAnyProducerKeepsIt() {
        Module model = perturbed("resnet18", 3, 4);
        var mask = new java.util.HashMap<>(TestMasks.ones(model));
        // layer4.1.conv2 drops all but channel 0; layer4.0's sum (conv2 + shortcut) still feeds all 512
        mask.put("layer4.1.conv2.weight", TestMasks.firstRows(model, "layer4.1.conv2.weight", 1));
        var slimmed = Slimmer.slim(model, mask, 32);
        assertEquals(1, slimmed.convs().get("layer4.1.conv2.weight").outputs().length);
        assertEquals(512, slimmed.headInputs().length);
        mask.put("layer4.0.conv2.weight", TestMasks.firstRows(model, "layer4.0.conv2.weight", 2));
        mask.put("layer4.0.shortcut.0.weight", TestMasks.firstRows(model, "layer4.0.shortcut.0.weight", 3));
        slimmed = Slimmer.slim(model, mask, 32);
        assertArrayEquals(new int[] {0, 1, 2}, slimmed.headInputs());
        Tensor x = ProgramTest.image(3, 32, 5);
        assertClose(maskedForward(model, mask, x), slimmed.model().forward(x), "resnet18 residual");
    }
}
