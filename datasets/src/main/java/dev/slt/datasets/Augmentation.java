package dev.slt.datasets;

/**
 * Training-time augmentation: a random crop of the image padded by {@code cropPadding} zero pixels
 * on each side, and a horizontal flip with probability 1/2.
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {

    /** No augmentation (the default for 28×28 data). */
    public static final Augmentation NONE = new Augmentation(0, false);

    /** The CIFAR recipe: pad 4, random 32×32 crop, random horizontal flip. */
    public static final Augmentation CIFAR = new Augmentation(4, true);

    public Augmentation {
        if (cropPadding < 0) throw new IllegalArgumentException("crop padding must be >= 0, got " + cropPadding);
    }

    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip;
    }
}
