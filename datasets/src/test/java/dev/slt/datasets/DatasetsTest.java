package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void readsIdxFilesFromTheGivenFolder() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(6, 28, 28, 1)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(6, 10, 1)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 28, 28, 2));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(2, 10, 2));
        TrainTest tt = Datasets.load("fashion-mnist", dir);
        assertEquals(6, tt.train().size());
        assertEquals(2, tt.test().size());
        assertEquals(dir, tt.location());
    }

    @Test
    void missingDataListsWhereItLookedAndHowToGetIt() {
        var e = assertThrows(DatasetNotFoundException.class, () -> Datasets.load("cifar10", dir.resolve("none")));
        assertTrue(e.getMessage().contains(dir.resolve("none").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("slt data fetch cifar10"), e.getMessage());
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
    }

    @Test
    void searchOrderIsDataFlagThenSltDataThenLocalThenDebian() {
        List<Path> c = Datasets.candidates("fashion-mnist", Path.of("/x"), "/env", Path.of("data"));
        assertEquals(List.of(Path.of("/x"), Path.of("/env/fashion-mnist"), Path.of("data/fashion-mnist"),
                Datasets.DEBIAN_FASHION_MNIST), c);
        assertEquals(List.of(Path.of("data/cifar10")), Datasets.candidates("cifar10", null, null, Path.of("data")));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("imagenet", null));
        assertTrue(e.getMessage().contains("fashion-mnist-mini"), e.getMessage());
    }

    @Test
    void cifar100CoarseUsesTheSameFiles() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cifar-100-binary"));
        Files.write(sub.resolve("train.bin"), CifarReaderTest.records(3, new int[] {1, 2}, 1));
        Files.write(sub.resolve("test.bin"), CifarReaderTest.records(2, new int[] {3, 4}, 2));
        assertEquals(20, Datasets.load("cifar100-coarse", dir).train().classes());
        assertEquals(100, Datasets.load("cifar100", dir).test().classes());
    }
}
