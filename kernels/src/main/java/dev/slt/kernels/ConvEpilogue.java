package dev.slt.kernels;

/**
 * What a network does right after a conv, applied by the conv to each chunk of images while it is in cache: add a
 * constant image ({@code perImage}, one y image of {@code C*H*W} floats, the same for every image; null: none), add
 * channels of a residual tensor, then ReLU. Channel c of y gets residual channel {@code residualOf[c]} (none where
 * it is negative; {@code residualOf} null: channel c, the residual shaped like y); the residual has
 * {@code residualChannels} channels of the same H*W. The sums run in that order, as separate passes would.
 */
public record ConvEpilogue(float[] perImage, float[] residual, int residualChannels, int[] residualOf, boolean relu) {

    /** Nothing after the conv. */
    public static final ConvEpilogue NONE = new ConvEpilogue(null, null, 0, null, false);

    public ConvEpilogue {
        if (residual != null && residualOf == null && residualChannels < 1)
            throw new IllegalArgumentException("conv epilogue: a residual needs its channel count");
    }

    /** ReLU only. */
    public static final ConvEpilogue RELU = new ConvEpilogue(null, null, 0, null, true);

    public boolean isNone() {
        return perImage == null && residual == null && !relu;
    }

    /** On y images {@code [n0, n0 + images)} of {@code channels} channels of {@code hw} floats, on this thread. */
    void applyRange(float[] y, int n0, int images, int channels, int hw) {
        if (isNone()) return;
        int image = channels * hw;
        for (int n = n0; n < n0 + images; n++) {
            if (residualOf == null) {
                VectorElementwise.epilogueRange(y, n * image, image, perImage, 0, residual, n * image, relu);
                continue;
            }
            for (int c = 0; c < channels; c++) {
                int r = c < residualOf.length ? residualOf[c] : -1;
                VectorElementwise.epilogueRange(y, n * image + c * hw, hw, perImage, c * hw,
                        r < 0 ? null : residual, (n * residualChannels + r) * hw, relu);
            }
        }
    }

    /** {@link #applyRange} over {@code images} images from 0, split over {@link KernelPool} threads. */
    void apply(float[] y, int images, int channels, int hw) {
        if (isNone()) return;
        KernelPool.parallelFor(images, (s, e) -> applyRange(y, s, e - s, channels, hw));
    }
}
