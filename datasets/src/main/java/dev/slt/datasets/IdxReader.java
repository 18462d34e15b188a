package dev.slt.datasets;

import java.nio.file.Path;

/**
 * The IDX format of MNIST and Fashion-MNIST, gzipped or raw: a big-endian header
 * {@code 0x00 0x00 type rank} and {@code rank} 32-bit sizes, then unsigned bytes. Images have
 * magic 0x00000803 (count, rows, cols), labels 0x00000801 (count). Every size claimed by a header
 * is checked against the bytes really present before anything is allocated from it.
 */
public final class IdxReader {

    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /** Reads a pair of image and label files into one set with {@code classes} classes. */
    public static ImageSet read(String name, Path images, Path labels, int classes) {
        return parse(name, images, FileBytes.read(images), labels, FileBytes.read(labels), classes);
    }

    /** Parses file contents already in memory (decompressed); the paths only name them in errors. */
    static ImageSet parse(String name, Path images, byte[] imgBytes, Path labels, byte[] lblBytes, int classes) {
        int[] dims = header(images, imgBytes, 3, "images");
        int[] ldims = header(labels, lblBytes, 1, "labels");
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (ldims[0] != count)
            throw new DataFormatException(labels, "holds " + ldims[0] + " labels but " + images.getFileName() + " holds " + count + " images");
        if (rows < 1 || cols < 1 || rows > 4096 || cols > 4096)
            throw new DataFormatException(images, "absurd image size " + rows + "x" + cols);
        int offset = 4 + 4 * 3;
        long need = (long) count * rows * cols;
        checkLength(images, imgBytes.length - offset, need, "pixel");
        checkLength(labels, lblBytes.length - 8, count, "label");
        byte[] pixels = java.util.Arrays.copyOfRange(imgBytes, offset, offset + (int) need);
        int[] lbl = new int[count];
        for (int i = 0; i < count; i++) {
            int l = lblBytes[8 + i] & 0xff;
            if (l >= classes) throw new DataFormatException(labels, "label " + l + " of item " + i + " is outside 0.." + (classes - 1));
            lbl[i] = l;
        }
        return new ImageSet(name, pixels, lbl, 1, rows, cols, classes);
    }

    /** Parses and validates the header; returns the sizes. */
    static int[] header(Path file, byte[] b, int rank, String what) {
        if (b.length < 4) throw new DataFormatException(file, "too short for an IDX header (" + b.length + " bytes)");
        int magic = int32(b, 0);
        int expected = (UBYTE << 8) | rank;
        if (magic != expected)
            throw new DataFormatException(file, String.format("wrong magic number 0x%08x for IDX %s (expected 0x%08x)", magic, what, expected));
        if (b.length < 4 + 4 * rank) throw new DataFormatException(file, "truncated IDX header");
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = int32(b, 4 + 4 * i);
            if (dims[i] < 0) throw new DataFormatException(file, "negative size " + dims[i] + " in the IDX header");
        }
        return dims;
    }

    private static void checkLength(Path file, long have, long need, String unit) {
        if (have < need)
            throw new DataFormatException(file, "truncated: the header claims " + need + " " + unit + " bytes but only " + have + " follow it");
        if (have > need)
            throw new DataFormatException(file, have - need + " unexpected bytes after the " + need + " " + unit + " bytes the header announces");
    }

    static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
