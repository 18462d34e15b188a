package dev.slt.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files in the real binary layout for tests (the fetch tests serve them too). */
public final class IdxFiles {

    private IdxFiles() {}

    public static byte[] images(int count, int rows, int cols, long seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        var rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < count * rows * cols; i++) b.put((byte) rnd.nextInt(256));
        return b.array();
    }

    public static byte[] labels(int count, int classes, long seed) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x00000801).putInt(count);
        var rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < count; i++) b.put((byte) rnd.nextInt(classes));
        return b.array();
    }

    public static byte[] gzip(byte[] raw) {
        try (var bos = new ByteArrayOutputStream(); var gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
            gz.finish();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
