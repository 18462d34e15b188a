package dev.slt.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.Sequential;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Defaults, train/eval behaviour and initialisation of the layers. */
class LayersTest {

    @Test
    void batchNormDefaultsAndTrainEvalDiffer() {
        var bn = new BatchNorm2d(2);
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.namedBuffers().keySet()));
        Tensor x = Init.normal(Shape.of(4, 2, 3, 3), 5, 2, new SplittableRandom(1));
        Tensor train = bn.forward(x);
        double mean = 0;
        for (float v : train.data()) mean += v;
        assertEquals(0, mean / train.size(), 1e-5, "training normalises with the batch statistics");
        // one step of momentum 0.1 from (0, 1) towards the batch statistics (mean about 5)
        assertTrue(bn.runningMean().data()[0] > 0.3 && bn.runningMean().data()[0] < 0.7, Arrays.toString(bn.runningMean().data()));
        bn.eval();
        Tensor eval = bn.forward(x);
        assertFalse(Arrays.equals(train.data(), eval.data()));
        float[] rm = bn.runningMean().data().clone();
        bn.forward(x);
        assertArrayEquals(rm, bn.runningMean().data(), "eval leaves the running statistics alone");
        float m0 = rm[0], v0 = bn.runningVar().data()[0];
        assertEquals((x.data()[0] - m0) / Math.sqrt(v0 + 1e-5), eval.data()[0], 1e-5);
    }

    @Test
    void dropoutIsSeededAndOnlyActsInTraining() {
        Tensor x = Tensor.ones(1000);
        Tensor a = new Dropout(0.3f, 42).forward(x), b = new Dropout(0.3f, 42).forward(x);
        assertArrayEquals(a.data(), b.data(), "same seed, same mask");
        long zeros = 0;
        for (float v : a.data()) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.7f, v, 1e-6);
        }
        assertTrue(zeros > 240 && zeros < 360, zeros + " of 1000 dropped at p = 0.3");
        var d = new Dropout(0.3f, 42);
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void convInitIsKaimingNormalFanOutAndSeeded() {
        var conv = new Conv2d(16, 32, 3, 1, 1, new SplittableRandom(5));
        float[] w = conv.weight().data();
        double sq = 0;
        for (float v : w) sq += v * v;
        double expectedStd = Math.sqrt(2.0 / (32 * 9));
        assertEquals(expectedStd, Math.sqrt(sq / w.length), 0.05 * expectedStd);
        assertArrayEquals(w, new Conv2d(16, 32, 3, 1, 1, new SplittableRandom(5)).weight().data());
        assertEquals(List.of("weight"), List.copyOf(conv.namedParameters().keySet()));
        var biased = new Conv2d(4, 8, 3, 1, 1, 2, true, new SplittableRandom(5));
        assertEquals(Shape.of(8, 2, 3, 3), biased.weight().shape());
        double bound = 1 / Math.sqrt(2 * 9);
        for (float v : biased.bias().data()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void linearInitIsPyTorchsDefault() {
        var fc = new Linear(64, 10, new SplittableRandom(3));
        for (float v : fc.weight().data()) assertTrue(Math.abs(v) <= 1 / 8.0);
        for (float v : fc.bias().data()) assertTrue(Math.abs(v) <= 1 / 8.0);
    }

    @Test
    void optionAShortcutSubsamplesAndPadsChannels() {
        // x (1, 2, 4, 4) with x[c][y][x] = 100c + 10y + x
        float[] d = new float[32];
        for (int c = 0; c < 2; c++) for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) d[c * 16 + y * 4 + x] = 100 * c + 10 * y + x;
        Tensor out = new PadShortcut(2, 4, 2).forward(Tensor.fromArray(d, 1, 2, 4, 4));
        assertEquals(Shape.of(1, 4, 2, 2), out.shape());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 2, 20, 22, 100, 102, 120, 122, 0, 0, 0, 0}, out.data());
        assertTrue(new PadShortcut(2, 4, 2).stateDict().isEmpty());
    }

    @Test
    void sequentialNamesChildrenByIndex() {
        var seq = new Sequential(new Linear(3, 4, new SplittableRandom(1)), new ReLU(), new Linear(4, 2, new SplittableRandom(2)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(seq.namedParameters().keySet()));
        assertEquals(Shape.of(5, 2), seq.forward(Tensor.ones(5, 3)).shape());
        assertEquals(Shape.of(2, 12), new Flatten().forward(Tensor.ones(2, 3, 2, 2)).shape());
        assertEquals(Shape.of(2, 3), new GlobalAvgPool().forward(Tensor.ones(2, 3, 2, 2)).shape());
        assertEquals(Shape.of(2, 3, 2, 2), new MaxPool2d(2).forward(Tensor.ones(2, 3, 4, 4)).shape());
        assertEquals(Shape.of(2, 3, 2, 2), new AvgPool2d(2).forward(Tensor.ones(2, 3, 4, 4)).shape());
    }
}
