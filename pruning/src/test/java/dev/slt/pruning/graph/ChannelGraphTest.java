package dev.slt.pruning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import java.util.HashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelGraphTest {

    static java.util.List<String> models() {
        return Models.names();
    }

    private static Set<ChannelGraph.Source> src(String conv, int c) {
        return Set.of(new ChannelGraph.Source(conv, c));
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelHasANodePerConvAndAHeadFedByConvs(String name) {
        Module model = Models.create(name, 3, 10, 1);
        ChannelGraph g = ChannelGraph.of(model);
        assertEquals(model.prunableConvWeights(true).keySet(), g.nodes().keySet());
        assertNotNull(g.head());
        for (var n : g.nodes().values()) {
            assertFalse(n.producers().isEmpty(), n.weight());
            for (String p : n.producers()) assertTrue(p.equals(ChannelGraph.INPUT) || g.nodes().containsKey(p), p);
        }
        assertFalse(g.head().producers().contains(ChannelGraph.INPUT));
        // nothing empties a prunable conv's input channels when the mask is all ones
        var ones = TestMasks.ones(model);
        for (String w : g.nodes().keySet()) for (boolean d : g.deadInputs(w, ones)) assertFalse(d, w);
    }

    @Test
    void resnet20ChainsIdentityAndPadShortcuts() {
        ChannelGraph g = ChannelGraph.of(Models.create("resnet20", 3, 10, 1));
        assertEquals(Set.of(ChannelGraph.INPUT), g.node("conv1.weight").producers());
        assertEquals(Set.of("conv1.weight"), g.node("layer1.0.conv1.weight").producers());
        assertEquals(Set.of("layer1.0.conv1.weight"), g.node("layer1.0.conv2.weight").producers());
        assertEquals(Set.of("conv1.weight", "layer1.0.conv2.weight"), g.node("layer1.1.conv1.weight").producers());
        // layer2.0 pads 16 -> 32 with 8 zero channels each side
        var in = g.node("layer2.1.conv1.weight").inputs();
        assertEquals(src("layer2.0.conv2.weight", 0), in.get(0));
        assertEquals(Set.of(new ChannelGraph.Source("layer2.0.conv2.weight", 8), new ChannelGraph.Source("conv1.weight", 0),
                new ChannelGraph.Source("layer1.0.conv2.weight", 0), new ChannelGraph.Source("layer1.1.conv2.weight", 0),
                new ChannelGraph.Source("layer1.2.conv2.weight", 0)), in.get(8));
        assertEquals("fc.weight", g.head().weight());
        assertEquals(1, g.residualGroups().size()); // option A carries stage 1 channels to the end
        assertTrue(g.residualGroups().getFirst().containsAll(Set.of("conv1.weight", "layer3.2.conv2.weight")));
        assertFalse(g.residualGroups().getFirst().contains("layer3.2.conv1.weight"));
    }

    @Test
    void resnet18ProjectionShortcutsSplitTheGroupsByStage() {
        ChannelGraph g = ChannelGraph.of(Models.create("resnet18", 3, 10, 1));
        assertEquals(Set.of("layer2.0.shortcut.0.weight", "layer2.0.conv2.weight"), g.node("layer2.1.conv1.weight").producers());
        assertEquals(Set.of("layer1.1.conv2.weight", "layer1.0.conv2.weight", "conv1.weight"),
                g.node("layer2.0.shortcut.0.weight").producers());
        assertEquals(4, g.residualGroups().size());
        assertEquals(Set.of("layer4.0.shortcut.0.weight", "layer4.0.conv2.weight", "layer4.1.conv2.weight"),
                g.residualGroups().get(3));
    }

    @Test
    void mobilenetDepthwiseIsItsOwnChannelsProducer() {
        ChannelGraph g = ChannelGraph.of(Models.create("mobilenet-v1", 3, 10, 1));
        assertEquals(Set.of("layers.0.conv1.weight"), g.node("layers.0.conv2.weight").producers());
        assertEquals(Set.of("layers.0.conv2.weight"), g.node("layers.1.conv1.weight").producers());
        assertEquals(src("layers.0.conv2.weight", 5), g.node("layers.1.conv1.weight").inputs().get(5));
        assertTrue(g.residualGroups().isEmpty());
    }

    @Test
    void aDeadChannelPassesThroughADepthwiseConv() {
        Module model = Models.create("mobilenet-v1", 3, 10, 1);
        ChannelGraph g = ChannelGraph.of(model);
        var mask = new HashMap<String, float[]>();
        mask.put("layers.0.conv2.weight", TestMasks.allBut(model, "layers.0.conv2.weight", 5));
        assertTrue(g.deadInputs("layers.1.conv1.weight", mask)[5]);
        assertTrue(g.deadInputs("layers.1.conv2.weight", mask)[5]); // through the depthwise conv
        assertFalse(g.deadInputs("layers.1.conv2.weight", mask)[4]);
        assertFalse(g.deadInputs("layers.2.conv1.weight", mask)[5]); // layers.1.conv2 mixes channels again
        mask.clear();
        mask.put("layers.1.conv1.weight", TestMasks.allBut(model, "layers.1.conv1.weight", 7));
        assertFalse(g.deadInputs("layers.1.conv1.weight", mask)[7]);
        assertTrue(g.deadInputs("layers.1.conv2.weight", mask)[7]);
    }

    @Test
    void aChannelIsDeadOnlyWhenEveryProducerDroppedIt() {
        Module model = Models.create("resnet20", 3, 10, 1);
        ChannelGraph g = ChannelGraph.of(model);
        var mask = new HashMap<String, float[]>();
        mask.put("layer1.0.conv2.weight", TestMasks.allBut(model, "layer1.0.conv2.weight", 3));
        assertFalse(g.deadInputs("layer1.1.conv1.weight", mask)[3]); // the stem still feeds channel 3
        mask.put("conv1.weight", TestMasks.allBut(model, "conv1.weight", 3));
        assertTrue(g.deadInputs("layer1.1.conv1.weight", mask)[3]);
        assertFalse(g.deadInputs("layer1.2.conv1.weight", mask)[3]); // layer1.1.conv2 adds to it again
        mask.put("layer1.0.conv1.weight", TestMasks.firstRows(model, "layer1.0.conv1.weight", 4));
        boolean[] d = g.deadInputs("layer1.0.conv2.weight", mask);
        for (int c = 0; c < 16; c++) assertEquals(c >= 4, d[c]);
        // option-A padding: channel 0 of stage 2 comes from layer2.0.conv2 only
        mask.put("layer2.0.conv2.weight", TestMasks.allBut(model, "layer2.0.conv2.weight", 0));
        assertTrue(g.deadInputs("layer2.1.conv1.weight", mask)[0]);
        assertFalse(g.deadInputs("layer2.1.conv1.weight", mask)[8]);
    }

    @Test
    void unknownWeightIsNamed() {
        ChannelGraph g = ChannelGraph.of(Models.create("convnet", 1, 10, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> g.node("fc.weight"));
        assertTrue(e.getMessage().contains("fc.weight"));
        assertEquals("9.weight", g.head().weight());
    }
}
