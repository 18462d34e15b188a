package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInventoryTest {

    @TempDir
    Path dir;

    private static Map<String, DataInventory.Entry> byName(List<DataInventory.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(DataInventory.Entry::name, Function.identity()));
    }

    @Test
    void reportsPlaceRuleCompletenessAndCountsForEveryName() throws IOException {
        Path flag = Files.createDirectories(dir.resolve("flag"));
        Files.write(flag.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(6, 28, 28, 1)));
        Files.write(flag.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(6, 10, 1)));
        Files.write(flag.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 28, 28, 2));
        Files.write(flag.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(2, 10, 2));
        Path env = Files.createDirectories(dir.resolve("env/cifar10/cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) Files.write(env.resolve("data_batch_" + i + ".bin"), CifarReaderTest.records(i, new int[] {1}, i));
        Files.write(env.resolve("test_batch.bin"), CifarReaderTest.records(3, new int[] {2}, 9));
        Path local = Files.createDirectories(dir.resolve("local/cifar100/cifar-100-binary"));
        Files.write(local.resolve("train.bin"), CifarReaderTest.records(2, new int[] {1, 2}, 1));

        var all = DataInventory.scan(flag, dir.resolve("env").toString(), dir.resolve("local"));
        assertEquals(Datasets.NAMES, all.stream().map(DataInventory.Entry::name).toList());
        var m = byName(all);

        var fm = m.get("fashion-mnist");
        assertEquals("--data", fm.rule());
        assertEquals(flag, fm.dir());
        assertTrue(fm.complete());
        assertEquals(6, fm.trainImages());
        assertEquals(2, fm.testImages());
        assertEquals("--data", m.get("mnist").rule(), "--data is searched for every name");

        var c10 = m.get("cifar10");
        assertEquals("$SLT_DATA", c10.rule());
        assertTrue(c10.complete());
        assertEquals(1 + 2 + 3 + 4 + 5, c10.trainImages());
        assertEquals(3, c10.testImages());

        var c100 = m.get("cifar100-coarse");
        assertEquals("./data", c100.rule());
        assertFalse(c100.complete());
        assertEquals(List.of("test.bin"), c100.missing());
        assertTrue(c100.howToGet().contains("slt data fetch cifar100"));

        var mini = m.get(Embedded.NAME);
        assertEquals("embedded", mini.rule());
        assertEquals(8000, mini.trainImages());
        assertEquals(2000, mini.testImages());
    }

    @Test
    void missingDatasetSaysHowToGetIt() {
        var c10 = byName(DataInventory.scan(null, null, dir)).get("cifar10");
        assertFalse(c10.found());
        assertNull(c10.dir());
        assertEquals(6, c10.missing().size());
        assertTrue(c10.howToGet().contains("slt data fetch cifar10"), c10.howToGet());
    }

    @Test
    void malformedHeaderIsReportedNotThrown() throws IOException {
        Path d = Files.createDirectories(dir.resolve("mnist"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))
            Files.write(d.resolve(f), new byte[] {0, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        var mnist = byName(DataInventory.scan(null, null, dir)).get("mnist");
        assertFalse(mnist.complete());
        assertTrue(mnist.problem().contains("train-images-idx3-ubyte") && mnist.problem().contains("magic"), mnist.problem());
    }
}
