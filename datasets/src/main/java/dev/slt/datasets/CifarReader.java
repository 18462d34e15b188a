package dev.slt.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * The CIFAR binary layouts: CIFAR-10 records are {@code label, 3072 pixels} (1 + 3·32·32 bytes),
 * CIFAR-100 records {@code coarse label, fine label, 3072 pixels}; pixels are the red, green and blue
 * planes of a 32×32 image in row-major order (CHW).
 */
public final class CifarReader {

    /** Which labels a CIFAR-100 set carries: 100 fine classes or 20 coarse superclasses. */
    public enum Labels { FINE, COARSE }

    static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {}

    /** Reads and concatenates CIFAR-10 batch files (data_batch_1.bin ... or test_batch.bin). */
    public static ImageSet cifar10(String name, List<Path> files) {
        return read(name, files, 1, 0, 10);
    }

    /** Reads CIFAR-100 files (train.bin or test.bin) with fine or coarse labels. */
    public static ImageSet cifar100(String name, List<Path> files, Labels labels) {
        return labels == Labels.FINE ? read(name, files, 2, 1, 100) : read(name, files, 2, 0, 20);
    }

    private static ImageSet read(String name, List<Path> files, int labelBytes, int labelAt, int classes) {
        int record = labelBytes + PIXELS;
        byte[][] contents = new byte[files.size()][];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] b = FileBytes.read(file);
            if (b.length == 0) throw new DataFormatException(file, "empty file");
            if (b.length % record != 0)
                throw new DataFormatException(file, b.length + " bytes is not a whole number of " + record + "-byte CIFAR"
                        + (labelBytes == 1 ? "-10" : "-100") + " records (truncated, or the other CIFAR layout?)");
            contents[f] = b;
            total += b.length / record;
        }
        if (total > Integer.MAX_VALUE / PIXELS) throw new DataFormatException(files.get(0), "too many images: " + total);
        int n = (int) total;
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        int i = 0;
        for (int f = 0; f < contents.length; f++) {
            byte[] b = contents[f];
            for (int r = 0; r < b.length / record; r++, i++) {
                int l = b[r * record + labelAt] & 0xff;
                if (l >= classes)
                    throw new DataFormatException(files.get(f), "label " + l + " of record " + r + " is outside 0.." + (classes - 1));
                labels[i] = l;
                System.arraycopy(b, r * record + labelBytes, pixels, i * PIXELS, PIXELS);
            }
        }
        return new ImageSet(name, pixels, labels, 3, 32, 32, classes);
    }
}
