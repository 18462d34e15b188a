package dev.slt.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.F;
import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.models.Models;
import dev.slt.nn.optim.LrSchedule;
import dev.slt.nn.optim.Sgd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Module, layers, SGD and a schedule together: a small net memorises a tiny random batch. */
class TrainingTest {

    @Test
    void convnetOverfitsATinyBatch() {
        var rng = new SplittableRandom(2026);
        Tensor x = Init.normal(Shape.of(8, 1, 16, 16), 0, 1, rng);
        int[] labels = rng.ints(8, 0, 10).toArray();
        Module model = Models.create("convnet", 1, 16, 10, 11); // 16x16 keeps the test cheap
        var sgd = new Sgd(model.namedParameters(), 0.9f, 5e-4f, true);
        var schedule = LrSchedule.constant(0.05).withWarmup(1);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            Tensor loss = F.crossEntropy(model.forward(x), labels);
            if (step == 0) first = loss.item();
            last = loss.item();
            sgd.zeroGrad();
            loss.backward();
            sgd.step((float) schedule.lr(0, step, 5));
        }
        assertTrue(last < 0.2f * first, "loss " + first + " -> " + last);
    }
}
