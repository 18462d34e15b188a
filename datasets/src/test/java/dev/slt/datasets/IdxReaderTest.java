package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        byte[] img = IdxFiles.images(7, 5, 3, 1), lbl = IdxFiles.labels(7, 10, 2);
        ImageSet raw = IdxReader.read("t", write("i", img), write("l", lbl), 10);
        ImageSet gz = IdxReader.read("t", write("i.gz", IdxFiles.gzip(img)), write("l.gz", IdxFiles.gzip(lbl)), 10);
        assertEquals(raw, gz);
        assertEquals(7, raw.size());
        assertEquals(5, raw.height());
        assertEquals(3, raw.width());
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), raw.pixels());
        assertEquals(lbl[8] & 0xff, raw.labels()[0]);
    }

    @Test
    void refusesWrongMagicNamingTheFile() throws IOException {
        Path i = write("images", IdxFiles.labels(3, 10, 1)), l = write("labels", IdxFiles.labels(3, 10, 1));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read("t", i, l, 10));
        assertTrue(e.getMessage().contains("images") && e.getMessage().contains("wrong magic"), e.getMessage());
    }

    @Test
    void refusesTruncatedFiles() throws IOException {
        byte[] img = IdxFiles.images(4, 6, 6, 1);
        Path i = write("img", Arrays.copyOf(img, img.length - 5)), l = write("lbl", IdxFiles.labels(4, 10, 1));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read("t", i, l, 10));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] gz = IdxFiles.gzip(img);
        Path g = write("img.gz", Arrays.copyOf(gz, gz.length / 2));
        var eg = assertThrows(DataFormatException.class, () -> IdxReader.read("t", g, l, 10));
        assertTrue(eg.getMessage().contains("img.gz") && eg.getMessage().contains("truncated"), eg.getMessage());
    }

    @Test
    void refusesCountMismatchAndBadLabels() throws IOException {
        Path i = write("img", IdxFiles.images(4, 2, 2, 1)), l = write("lbl", IdxFiles.labels(5, 10, 1));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read("t", i, l, 10));
        assertTrue(e.getMessage().contains("5 labels") && e.getMessage().contains("4 images"), e.getMessage());
        Path l4 = write("lbl4", IdxFiles.labels(4, 10, 1));
        var e2 = assertThrows(DataFormatException.class, () -> IdxReader.read("t", i, l4, 3));
        assertTrue(e2.getMessage().contains("outside 0..2"), e2.getMessage());
    }

    @Test
    void neverAllocatesFromAnAbsurdHeaderClaim() throws IOException {
        byte[] img = IdxFiles.images(2, 2, 2, 1);
        java.nio.ByteBuffer.wrap(img).putInt(4, Integer.MAX_VALUE);  // claims 2^31-1 images
        byte[] lbl = IdxFiles.labels(2, 10, 1);
        java.nio.ByteBuffer.wrap(lbl).putInt(4, Integer.MAX_VALUE);
        Path i = write("img", img), l = write("lbl", lbl);
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read("t", i, l, 10));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read("t", dir.resolve("nope"), dir.resolve("nope2"), 10));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("no such file"), e.getMessage());
    }

    /** Any corruption of a valid pair either still reads consistently or is refused with DataFormatException. */
    @Property(tries = 300, seed = "20261121")
    void mutatedFilesAreReadConsistentlyOrRefused(@ForAll @IntRange(min = 0, max = 200) int position,
                                                  @ForAll @IntRange(min = 0, max = 255) int value,
                                                  @ForAll @IntRange(min = 0, max = 3) int mutation,
                                                  @ForAll boolean gzip) throws IOException {
        byte[] img = IdxFiles.images(5, 4, 4, 3), lbl = IdxFiles.labels(5, 10, 4);
        byte[] target = position % 2 == 0 ? img : lbl;
        int at = position % target.length;
        byte[] mutated = switch (mutation) {
            case 0 -> { byte[] m = target.clone(); m[at] = (byte) value; yield m; }
            case 1 -> Arrays.copyOf(target, at);
            case 2 -> Arrays.copyOf(target, target.length + 1 + value % 7);
            default -> { byte[] m = target.clone(); m[at] ^= (byte) 0x80; yield m; }
        };
        if (target == img) img = mutated; else lbl = mutated;
        Path dirp = Files.createTempDirectory("slt-idx");  // jqwik does not inject @TempDir
        Path i = Files.write(dirp.resolve("i"), gzip ? IdxFiles.gzip(img) : img);
        Path l = Files.write(dirp.resolve("l"), gzip ? IdxFiles.gzip(lbl) : lbl);
        try {
            ImageSet s = IdxReader.read("m", i, l, 10);
            assertEquals(s.size() * s.height() * s.width(), s.pixels().length);
            for (int x : s.labels()) assertTrue(x >= 0 && x < 10);
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(i.toString()) || e.getMessage().startsWith(l.toString()), e.getMessage());
        } finally {
            Files.delete(i);
            Files.delete(l);
            Files.delete(dirp);
        }
    }

    @Test
    void readsTheRealFashionMnistTestSplitWhenPresent() {
        Path root = Path.of("..", "..", "shared", "data", "fashion-mnist");
        assumeTrue(Files.isDirectory(root), "the shared Fashion-MNIST copy is not beside this checkout");
        ImageSet s = IdxReader.read("fashion-mnist-test", root.resolve("t10k-images-idx3-ubyte.gz"),
                root.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        assertEquals(10_000, s.size());
        assertEquals(28, s.height());
        for (int c : s.classCounts()) assertEquals(1000, c);
    }
}
