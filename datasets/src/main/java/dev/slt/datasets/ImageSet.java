package dev.slt.datasets;

import java.util.Arrays;

/**
 * Labelled images stored compactly: {@code pixels} holds {@code size} images of
 * {@code channels × height × width} unsigned bytes (CHW order), {@code labels} one class per image.
 */
public record ImageSet(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {

    public ImageSet {
        if (channels < 1 || height < 1 || width < 1 || classes < 1)
            throw new IllegalArgumentException(name + ": bad geometry " + channels + "x" + height + "x" + width + ", " + classes + " classes");
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected)
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width + " (expected " + expected + ")");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside 0.." + (classes - 1));
        }
    }

    public int size() {
        return labels.length;
    }

    /** Bytes per image: channels × height × width. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** The images at the given indices, in that order (a copy). */
    public ImageSet subset(String subsetName, int[] indices) {
        int per = imageBytes();
        byte[] px = new byte[indices.length * per];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, px, i * per, per);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(subsetName, px, lb, channels, height, width, classes);
    }

    /** Images per class, for balance checks and reports. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int l : labels) counts[l]++;
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet s && name.equals(s.name) && channels == s.channels && height == s.height
                && width == s.width && classes == s.classes && Arrays.equals(pixels, s.pixels) && Arrays.equals(labels, s.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images " + channels + "x" + height + "x" + width + ", " + classes + " classes)";
    }
}
