package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path dir;

    /** Records in the real layout: label byte(s), then the R, G and B 32×32 planes. */
    static byte[] records(int n, int[] labelBytes, long seed) {
        int rec = labelBytes.length + CifarReader.PIXELS;
        byte[] b = new byte[n * rec];
        var rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < labelBytes.length; j++) b[i * rec + j] = (byte) ((labelBytes[j] + i) % (j == 0 && labelBytes.length == 2 ? 20 : labelBytes.length == 2 ? 100 : 10));
            for (int p = 0; p < CifarReader.PIXELS; p++) b[i * rec + labelBytes.length + p] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @Test
    void cifar10ConcatenatesBatchFiles() throws IOException {
        byte[] a = records(3, new int[] {1}, 1), b = records(2, new int[] {5}, 2);
        Path pa = Files.write(dir.resolve("data_batch_1.bin"), a), pb = Files.write(dir.resolve("data_batch_2.bin"), b);
        ImageSet s = CifarReader.cifar10("c10", List.of(pa, pb));
        assertEquals(5, s.size());
        assertEquals(3, s.channels());
        assertEquals(10, s.classes());
        assertEquals(1, s.labels()[0]);
        assertEquals(5, s.labels()[3]);
        // the red plane of image 3 starts right after the label byte of record 0 of file b
        assertEquals(b[1], s.pixels()[3 * CifarReader.PIXELS]);
        assertEquals(b[1 + 1024], s.pixels()[3 * CifarReader.PIXELS + 1024]);  // green plane
    }

    @Test
    void cifar100HasFineAndCoarseLabels() throws IOException {
        Path p = Files.write(dir.resolve("train.bin"), records(4, new int[] {7, 42}, 3));
        ImageSet fine = CifarReader.cifar100("f", List.of(p), CifarReader.Labels.FINE);
        ImageSet coarse = CifarReader.cifar100("c", List.of(p), CifarReader.Labels.COARSE);
        assertEquals(100, fine.classes());
        assertEquals(20, coarse.classes());
        assertEquals(42, fine.labels()[0]);
        assertEquals(7, coarse.labels()[0]);
        assertEquals(Arrays.hashCode(fine.pixels()), Arrays.hashCode(coarse.pixels()));
    }

    @Test
    void refusesTruncatedFilesAndBadLabels() throws IOException {
        byte[] a = records(2, new int[] {1}, 1);
        Path t = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(a, a.length - 100));
        var e = assertThrows(DataFormatException.class, () -> CifarReader.cifar10("c", List.of(t)));
        assertTrue(e.getMessage().contains("cut.bin") && e.getMessage().contains("not a whole number"), e.getMessage());
        a[0] = 12;
        Path bad = Files.write(dir.resolve("bad.bin"), a);
        var e2 = assertThrows(DataFormatException.class, () -> CifarReader.cifar10("c", List.of(bad)));
        assertTrue(e2.getMessage().contains("label 12"), e2.getMessage());
    }
}
