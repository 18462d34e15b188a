package dev.slt.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.datasets.Embedded;
import dev.slt.datasets.ImageSet;
import dev.slt.datasets.TrainTest;
import dev.slt.engine.Tensor;
import dev.slt.nn.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on a few hundred embedded images: resume is bit-exact, training learns, divergence is named. */
class TrainingRunTest {

    @TempDir
    Path dir;

    private static final TrainTest DATA = smallData();

    private static TrainTest smallData() {
        ImageSet test = Embedded.test();
        int[] first = new int[200];
        for (int i = 0; i < first.length; i++) first[i] = i * 10;  // every 10th: all classes
        return new TrainTest("mini", Embedded.train(), test.subset("mini-test", first), null);
    }

    private static TrainConfig config(String model, int epochs, int limit, double lr) {
        return new TrainConfig("fashion-mnist-mini", model, epochs, 32, lr, 0.9, 5e-4, false, "cosine", 0, 7, limit, 0, 0.1);
    }

    /** Stands in for a crash right after the end-of-epoch checkpoint. */
    private static final class Interrupt extends RuntimeException {}

    @Test
    void resumedRunEndsBitIdenticalToAnUninterruptedOne() {
        TrainConfig c = config("convnet", 2, 160, 0.05);
        var whole = new TrainingRun(c, DATA, dir.resolve("whole.safetensors"));
        whole.run(List.of());

        Path ck = dir.resolve("cut.safetensors");
        var first = new TrainingRun(c, DATA, ck);
        assertThrows(Interrupt.class, () -> first.run(List.of(new Callback() {
            @Override
            public void onEpochEnd(EpochLog log) {
                throw new Interrupt();
            }
        })));
        var resumed = new TrainingRun(c, DATA, ck);
        assertEquals(1, resumed.resume());
        resumed.run(List.of());

        Map<String, Tensor> a = whole.model().stateDict(), b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((n, t) -> assertArrayEquals(t.data(), b.get(n).data(), n));  // exact float equality, buffers included
        assertEquals(2, resumed.history().epochs().size());
        for (int e = 0; e < 2; e++) {
            for (String m : List.of("train_loss", "val_accuracy", "test_loss", "test_accuracy"))
                assertEquals(whole.history().epochs().get(e).get(m), resumed.history().epochs().get(e).get(m), m + " of epoch " + e);
        }
    }

    @Test
    void sameSeedSameWeightsAfterOneEpoch() {
        TrainConfig c = config("lenet5", 1, 96, 0.05);
        var a = new TrainingRun(c, DATA, dir.resolve("a.safetensors"));
        var b = new TrainingRun(c, DATA, dir.resolve("b.safetensors"));
        a.run(List.of());
        b.run(List.of());
        a.model().stateDict().forEach((n, t) -> assertArrayEquals(t.data(), b.model().stateDict().get(n).data(), n));
    }

    @Test
    void resumeRefusesACheckpointOfAnotherConfig() {
        Path ck = dir.resolve("ck.safetensors");
        new TrainingRun(config("lenet5", 1, 64, 0.05), DATA, ck).run(List.of());
        var other = new TrainingRun(config("lenet5", 1, 64, 0.01), DATA, ck);
        var e = assertThrows(TrainingRun.ConfigMismatchException.class, other::resume);
        assertTrue(e.getMessage().contains("\"lr\":0.01"), e.getMessage());
    }

    @Test
    void shortRunLearnsWellAboveChanceAndReportsTheBestEpoch() {
        var run = new TrainingRun(config("convnet", 3, 300, 0.05), DATA, dir.resolve("ck.safetensors"));
        History h = run.run(List.of());
        assertEquals(3, h.epochs().size());
        EpochLog best = h.best().orElseThrow();
        assertTrue(best.has("test_accuracy") && best.has("val_accuracy"));
        double acc = h.last().orElseThrow().get("test_accuracy");
        assertTrue(acc > 0.5, "test accuracy " + acc + " (chance is 0.1)");
        for (EpochLog e : h.epochs()) assertTrue(e.get("val_accuracy") <= best.get("val_accuracy"));
    }

    @Test
    void divergenceNamesEpochAndStep() {
        var run = new TrainingRun(config("lenet5", 2, 64, 1e30), DATA, dir.resolve("ck.safetensors"));
        var e = assertThrows(NonFiniteLossException.class, () -> run.run(List.of()));
        assertTrue(e.getMessage().matches("training diverged: loss is (NaN|-?Infinity) at epoch \\d+, step \\d+ of 2 .*"), e.getMessage());
    }

    @Test
    void checkpointMetadataHoldsConfigEpochSeedAndHistory() {
        Path ck = dir.resolve("ck.safetensors");
        TrainConfig c = config("lenet5", 1, 64, 0.05);
        var run = new TrainingRun(c, DATA, ck);
        run.run(List.of());
        var meta = dev.slt.nn.checkpoint.Safetensors.read(ck).metadata();
        assertEquals(Checkpoint.FORMAT, meta.get(Checkpoint.FORMAT_KEY));
        assertEquals(c, TrainConfig.fromJson(meta.get(CheckpointCallback.CONFIG)));
        assertEquals("1", meta.get(CheckpointCallback.EPOCH));
        assertEquals("7", meta.get(CheckpointCallback.SEED));
        assertEquals(run.history().toJson(), meta.get(CheckpointCallback.HISTORY));
    }
}
