package dev.slt.kernels;

/**
 * What a network does right after a conv, applied by the conv to each chunk of images while it is in cache: add a
 * constant image ({@code perImage}, one y image of {@code C*H*W} floats, the same for every image; null: none),
 * normalise each channel with fixed statistics ({@code norm}: an eval-mode batch norm; null: none), add channels of a
 * residual tensor, then ReLU. Channel c of y gets residual channel {@code residualOf[c]} (none where it is negative;
 * {@code residualOf} null: channel c, the residual shaped like y); the residual has {@code residualChannels} channels
 * of the same H*W. The steps run in that order with the arithmetic of the separate passes, so the result is the
 * same to the bit.
 */
public record ConvEpilogue(float[] perImage, float[] residual, int residualChannels, int[] residualOf, boolean relu,
                           ChannelNorm norm) {

    /**
     * An eval-mode batch norm per output channel, {@code (v - mean) * invStd * gamma + beta} in that order, as the
     * batch-norm kernels compute it.
     */
    public record ChannelNorm(float[] mean, float[] invStd, float[] gamma, float[] beta) {
        public ChannelNorm {
            int c = mean.length;
            if (invStd.length != c || gamma.length != c || beta.length != c)
                throw new IllegalArgumentException("conv epilogue: batch-norm statistics of " + c + ", " + invStd.length + ", "
                        + gamma.length + " and " + beta.length + " channels");
        }
    }

    /** Nothing after the conv. */
    public static final ConvEpilogue NONE = new ConvEpilogue(null, null, 0, null, false);

    public ConvEpilogue {
        if (residual != null && residualOf == null && residualChannels < 1)
            throw new IllegalArgumentException("conv epilogue: a residual needs its channel count");
    }

    /** Without a channel norm. */
    public ConvEpilogue(float[] perImage, float[] residual, int residualChannels, int[] residualOf, boolean relu) {
        this(perImage, residual, residualChannels, residualOf, relu, null);
    }

    /** An eval-mode batch norm, then a residual shaped like y (or null), then ReLU if asked. */
    public static ConvEpilogue batchNorm(ChannelNorm norm, float[] residual, int channels, boolean relu) {
        return new ConvEpilogue(null, residual, channels, null, relu, norm);
    }

    /** ReLU only. */
    public static final ConvEpilogue RELU = new ConvEpilogue(null, null, 0, null, true);

    public boolean isNone() {
        return perImage == null && residual == null && !relu && norm == null;
    }

    /** On y images {@code [n0, n0 + images)} of {@code channels} channels of {@code hw} floats, on this thread. */
    void applyRange(float[] y, int n0, int images, int channels, int hw) {
        if (isNone()) return;
        int image = channels * hw;
        if (norm != null && norm.mean().length != channels)
            throw new IllegalArgumentException("conv epilogue: batch norm of " + norm.mean().length + " channels on " + channels);
        int rc = residualOf == null ? channels : residualChannels;
        for (int n = n0; n < n0 + images; n++) {
            if (norm != null) {
                for (int c = 0; c < channels; c++) {
                    int r = residualOf == null ? c : c < residualOf.length ? residualOf[c] : -1;
                    VectorElementwise.normEpilogueRange(y, n * image + c * hw, hw, perImage, c * hw, norm.mean()[c], norm.invStd()[c],
                            norm.gamma()[c], norm.beta()[c], r < 0 ? null : residual, (n * rc + r) * hw, relu);
                }
                continue;
            }
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
