package dev.slt.cli;

import static dev.slt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.cli.CliTest.Result;
import dev.slt.nn.checkpoint.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's CIFAR-10 recipe (README "CIFAR-10 recipe"; METHOD.md "Training recipe (CIFAR)") run
 * end to end for one short epoch on a tiny set generated in the real CIFAR-10 binary layout.
 */
class CifarRecipeTest {

    @TempDir
    Path dir;

    /** {@code n} CIFAR-10 records: a label byte, then the R, G and B 32×32 planes. */
    private static byte[] records(int n, long seed) {
        int rec = 1 + 3 * 32 * 32;
        byte[] b = new byte[n * rec];
        var rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i * rec] = (byte) rnd.nextInt(10);
            for (int p = 1; p < rec; p++) b[i * rec + p] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @Test
    void recipeRunsOneEpochOnGeneratedCifar10Files() throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar10/cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) Files.write(data.resolve("data_batch_" + i + ".bin"), records(10, i));
        Files.write(data.resolve("test_batch.bin"), records(12, 99));
        Path out = dir.resolve("run");

        // the README recipe with --epochs 160 shortened to 1, a smaller batch for 45 training images, one thread
        Result r = run("train", "--dataset", "cifar10", "--data", dir.resolve("cifar10").toString(), "--model", "resnet20",
                "--epochs", "1", "--batch", "16", "--lr", "0.1", "--momentum", "0.9", "--weight-decay", "1e-4",
                "--schedule", "multistep", "--seed", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resnet20 on cifar10 (45 train, 5 validation, 12 test images)"), r.err());

        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String f : new String[] {"test_accuracy", "best_val_accuracy"}) {
            double a = m.get(f).asDouble();
            assertTrue(a >= 0 && a <= 1, f + " = " + a);
        }
        assertEquals(1, m.get("per_epoch").size());
        JsonNode epoch = m.get("per_epoch").get(0);
        double train = epoch.get("train_accuracy").asDouble();
        assertTrue(train >= 0 && train <= 1 && Double.isFinite(epoch.get("train_loss").asDouble()), epoch.toString());
        assertEquals(0.001, epoch.get("lr").asDouble(), 1e-9, "1 epoch: both milestones (50%, 75% of the epochs) fall on epoch 0, so 0.1 x 0.1 x 0.1");
        JsonNode config = m.get("config");
        assertEquals("multistep", config.get("schedule").asText());
        assertEquals(1e-4, config.get("weightDecay").asDouble(), 1e-12);
        assertEquals(0.9, config.get("momentum").asDouble(), 1e-12);
        assertEquals(16, config.get("batch").asInt());

        var model = Safetensors.read(out.resolve("model.safetensors")).tensors();
        assertTrue(model.containsKey("conv1.weight") && model.containsKey("layer3.2.conv2.weight") && model.containsKey("fc.weight"), model.keySet().toString());
        assertTrue(Files.size(out.resolve("checkpoint.safetensors")) > 0);
    }
}
