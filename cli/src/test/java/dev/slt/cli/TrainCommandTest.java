package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.nn.checkpoint.Safetensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt train}: exit codes, the files a run leaves, refusing to overwrite, resuming. */
class TrainCommandTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private String[] tiny(Path out, String... more) {
        var args = new java.util.ArrayList<>(List.of("train", "--model", "lenet5", "--epochs", "2", "--batch", "32",
                "--limit-train", "100", "--limit-test", "100", "--threads", "1", "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        if (!args.contains("--lr")) args.addAll(List.of("--lr", "0.05"));
        return args.toArray(String[]::new);
    }

    @Test
    void unknownModelIsAUsageErrorListingTheModels() {
        Result r = run("train", "--model", "alexnet", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown model 'alexnet'") && r.err().contains("convnet") && r.err().contains("resnet20"), r.err());
    }

    @Test
    void unknownDatasetIsAUsageErrorListingTheDatasets() {
        Result r = run("train", "--dataset", "imagenet", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown dataset 'imagenet'") && r.err().contains("cifar10") && r.err().contains("fashion-mnist-mini"), r.err());
    }

    @Test
    void unknownOptionOrBadValueIsAUsageError() {
        assertEquals(2, run("train", "--no-such-flag", "--out", dir.toString()).code());
        Result r = run("train", "--schedule", "linear", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cosine"), r.err());
        assertEquals(2, run("train", "--epochs", "0", "--out", dir.toString()).code());
    }

    @Test
    void runWritesResultsRefusesToOverwriteAndResumesAFinishedRun() throws Exception {
        Path out = dir.resolve("run");
        Result r = run(tiny(out));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy"), r.out());
        assertTrue(r.err().contains("epoch 2/2"), r.err());  // plain progress lines: the test's stderr is no terminal

        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String f : List.of("test_accuracy", "best_val_accuracy", "best_epoch", "test_accuracy_at_best_val", "images_per_second", "config", "per_epoch"))
            assertTrue(m.has(f), "metrics.json lacks " + f + ": " + m);
        assertEquals(2, m.get("per_epoch").size());
        assertEquals(1, m.get("per_epoch").get(0).get("epoch").asInt());
        for (String f : List.of("train_loss", "train_accuracy", "val_accuracy", "test_accuracy", "lr", "images_per_second"))
            assertTrue(m.get("per_epoch").get(1).has(f), "epoch entry lacks " + f);
        assertTrue(m.get("images_per_second").asDouble() > 0);
        assertEquals("lenet5", m.get("config").get("model").asText());

        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("epoch,train_loss,train_accuracy"), csv.get(0));
        byte[] png = Files.readAllBytes(out.resolve("curves.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(Safetensors.read(out.resolve("model.safetensors")).tensors().containsKey("0.weight"));

        Result again = run(tiny(out));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a finished run"), again.err());

        Result resumed = run(tiny(out, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming") && resumed.err().contains("after epoch 2 of 2"), resumed.err());
        assertEquals(m.get("test_accuracy"), new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("test_accuracy"));
    }

    @Test
    void corruptCheckpointIsRefusedNamingTheFile() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.write(out.resolve("checkpoint.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{'});
        Result r = run(tiny(out, "--resume"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("checkpoint.safetensors") && r.err().contains("header"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unfinishedRunWithoutResumeIsRefused() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.write(out.resolve("checkpoint.safetensors"), new byte[] {1});
        Result r = run(tiny(out));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
    }

    @Test
    void divergenceExitsOneNamingEpochAndStep() {
        Result r = run(tiny(dir.resolve("nan"), "--lr", "1e30"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("training diverged") && r.err().contains("at epoch 1, step"), r.err());
    }
}
