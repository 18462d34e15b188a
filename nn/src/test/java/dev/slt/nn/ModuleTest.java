package dev.slt.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.models.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Naming, state dicts, modes and the prunable-weight listing of {@link Module}. */
class ModuleTest {

    @Test
    void namesAndOrderFollowPyTorch() {
        List<String> names = new ArrayList<>(Models.create("resnet20", 3, 10, 1).stateDict().keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean",
                "layer1.0.bn1.running_var", "layer1.0.conv2.weight"), names.subList(0, 11));
        assertEquals(List.of("fc.weight", "fc.bias"), names.subList(names.size() - 2, names.size()));
        // option A shortcuts have no state; option B ones are a conv + BN Sequential
        assertFalse(names.stream().anyMatch(n -> n.contains("shortcut")));
        var resnet18 = Models.create("resnet18", 3, 10, 1).stateDict();
        assertEquals(Shape.of(128, 64, 1, 1), resnet18.get("layer2.0.shortcut.0.weight").shape());
        assertTrue(resnet18.containsKey("layer2.0.shortcut.1.running_var"));
        var vgg = Models.create("vgg16-bn", 3, 10, 1).stateDict().keySet();
        assertTrue(vgg.containsAll(List.of("features.0.weight", "features.1.running_mean", "features.3.weight", "classifier.bias")));
    }

    @Test
    void parametersExcludeBuffersAndCountScalars() {
        Module m = Models.create("convnet", 1, 10, 1);
        assertEquals(10, m.namedParameters().size()); // 2 convs, 2 BN x (weight, bias), 2 linear x (weight, bias)
        assertEquals(List.of("1.running_mean", "1.running_var", "5.running_mean", "5.running_var"),
                List.copyOf(m.namedBuffers().keySet()));
        assertEquals(m.stateDict().size(), m.namedParameters().size() + m.namedBuffers().size());
        long scalars = m.parameters().stream().mapToLong(Tensor::size).sum();
        assertEquals(scalars, m.parameterCount());
        assertTrue(m.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Property(tries = 5, seed = "20261121")
    void theSameSeedGivesBitIdenticalWeights(@ForAll long seed) {
        var a = Models.create("lenet5", 1, 10, seed).stateDict();
        var b = Models.create("lenet5", 1, 10, seed).stateDict();
        a.forEach((n, t) -> assertArrayEquals(t.data(), b.get(n).data(), n));
        var c = Models.create("lenet5", 1, 10, seed + 1).stateDict();
        assertFalse(java.util.Arrays.equals(a.get("0.weight").data(), c.get("0.weight").data()));
    }

    @Test
    void aStateDictRoundTripGivesIdenticalOutputs() {
        Module source = Models.create("resnet20", 3, 10, 1);
        Tensor x = Init.normal(Shape.of(2, 3, 8, 8), 0, 1, new SplittableRandom(9));
        F.crossEntropy(source.forward(x), new int[] {0, 1}).backward(); // a training pass moves the BN statistics
        Map<String, Tensor> saved = new LinkedHashMap<>();
        source.stateDict().forEach((n, t) -> saved.put(n, t.copy()));

        Module target = Models.create("resnet20", 3, 10, 2);
        target.loadStateDict(saved);
        source.eval();
        target.eval();
        try (var g = Grad.disabled()) {
            assertArrayEquals(source.forward(x).data(), target.forward(x).data());
        }
        target.stateDict().forEach((n, t) -> assertArrayEquals(saved.get(n).data(), t.data(), n));
    }

    @Test
    void loadStateDictNamesWhatIsWrong() {
        Module m = Models.create("lenet5", 1, 10, 1);
        Map<String, Tensor> state = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> state.put(n, t.copy()));
        float[] before = m.stateDict().get("0.weight").data().clone();

        var missing = new LinkedHashMap<>(state);
        missing.remove("3.bias");
        missing.put("3.bais", Tensor.zeros(16));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(missing));
        assertTrue(e.getMessage().contains("missing [3.bias]") && e.getMessage().contains("unexpected [3.bais]"), e.getMessage());

        var badShape = new LinkedHashMap<>(state);
        badShape.put("0.weight", Tensor.full(1f, 6, 1, 3, 3));
        badShape.put("3.weight", Tensor.full(1f, 16, 6, 5, 5));
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(badShape));
        assertTrue(e.getMessage().contains("'0.weight'") && e.getMessage().contains("[6, 1, 3, 3]")
                && e.getMessage().contains("[6, 1, 5, 5]"), e.getMessage());
        assertArrayEquals(before, m.stateDict().get("0.weight").data(), "a failed load must change nothing");
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Module m = Models.create("resnet18", 3, 10, 1);
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
        m.eval();
        assertTrue(m.namedModules().values().stream().noneMatch(Module::isTraining));
        m.train();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Module m = Models.create("lenet5", 1, 10, 1);
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() == null));
        F.crossEntropy(m.forward(Tensor.ones(2, 1, 28, 28)), new int[] {3, 5}).backward();
        m.zeroGrad();
        for (Tensor p : m.parameters()) for (float g : p.grad().data()) assertEquals(0f, g);
    }

    @Test
    void prunableConvWeightsLeaveOutTheStem() {
        Module resnet20 = Models.create("resnet20", 3, 10, 1);
        assertEquals(19, resnet20.namedConvs().size()); // stem + 9 blocks x 2; option A adds no conv
        var prunable = resnet20.prunableConvWeights(false);
        assertEquals(18, prunable.size());
        assertFalse(prunable.containsKey("conv1.weight"));
        assertEquals("layer1.0.conv1.weight", prunable.firstEntry().getKey());
        assertEquals(19, resnet20.prunableConvWeights(true).size());
        prunable.forEach((n, t) -> assertTrue(t == resnet20.stateDict().get(n), n + " must be the live weight"));

        assertEquals(19, Models.create("resnet18", 3, 10, 1).prunableConvWeights(false).size()); // 17 + 3 projections - stem
        assertEquals(26, Models.create("mobilenet-v1", 3, 10, 1).prunableConvWeights(false).size());
        assertEquals(13, Models.create("vgg16-bn", 3, 10, 1).prunableConvWeights(false).size()); // no stem marked
    }

    @Test
    void registrationRefusesDuplicateAndDottedNames() {
        class Twice extends Module {
            Twice(String second) {
                param("w", Tensor.zeros(1));
                buffer(second, Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Twice("w"));
        assertThrows(IllegalArgumentException.class, () -> new Twice("a.b"));
        assertNull(new Twice("v").namedParameters().get("v"));
    }
}
