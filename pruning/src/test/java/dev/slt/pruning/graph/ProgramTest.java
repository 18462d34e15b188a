package dev.slt.pruning.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProgramTest {

    static java.util.List<String> models() {
        return Models.names();
    }

    static Tensor image(int channels, int size, long seed) {
        var rng = new SplittableRandom(seed);
        float[] x = new float[2 * channels * size * size];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return Tensor.fromArray(x, 2, channels, size, size);
    }

    @ParameterizedTest
    @MethodSource("models")
    void unmaskedStepsReproduceTheModelsOwnForward(String name) {
        Module model = Models.create(name, 3, 10, 7).eval();
        Tensor x = image(3, Models.defaultImageSize(name), 11);
        Tensor expected;
        try (var g = Grad.disabled()) {
            expected = model.forward(x);
        }
        Tensor got = Program.of(model).forward(x, Map.of());
        assertEquals(expected.shape(), got.shape());
        assertArrayEquals(expected.data(), got.data(), 0f, name);
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyConvOfTheModelIsAStep(String name) {
        Module model = Models.create(name, 3, 10, 7);
        var names = Program.of(model).convs().stream().map(Step.Conv::name).sorted().toList();
        assertEquals(model.namedConvs().keySet().stream().sorted().toList(), names);
    }

    @Test
    void unknownModuleIsNamed() {
        Module odd = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> Program.of(odd));
        assertEquals(true, e.getMessage().contains("no recipe"));
    }
}
