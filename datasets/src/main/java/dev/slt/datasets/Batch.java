package dev.slt.datasets;

/** One mini-batch: {@code images} (size, channels, height, width) normalised floats, one label each. */
public record Batch(float[] images, int[] labels, int channels, int height, int width) {

    public int size() {
        return labels.length;
    }
}
