package dev.slt.kernels;

/**
 * One convolution layer made ready for inference: its weights are laid out once, at construction, for the
 * kernel that will run it (dense, channel-slimmed, block-sparse or CSR), so each call only streams the
 * activations. Forward only; activations NCHW, full size ({@code geometry().inC()} in,
 * {@code geometry().outC()} out), groups 1.
 */
public interface PreparedConv {

    /** The layer's geometry with batch 1 (the batch is given per call). */
    ConvGeometry geometry();

    /** {@code y = conv(x)} over {@code batch} images with the fast kernel (Vector API, {@link KernelPool} threads). */
    void forward(int batch, float[] x, float[] y);

    /**
     * {@code y = conv(x)}, then what follows the conv in a network ({@link ConvEpilogue}: a constant image, a residual
     * sum, ReLU). Kernels that run a chunk of images at a time apply it while the chunk is in cache; this default
     * applies it after the conv.
     */
    default void forward(int batch, float[] x, float[] y, ConvEpilogue epilogue) {
        forward(batch, x, y);
        ConvGeometry g = geometry();
        epilogue.apply(y, batch, g.outC(), g.outH() * g.outW());
    }

    /** The same result with plain single-threaded loops: the oracle of {@link #forward}. */
    void forwardScalar(int batch, float[] x, float[] y);

    /** Multiply-adds per image that the kernel's weights call for (the padded taps counted, as in {@link ConvGeometry#macs()}). */
    long macsPerImage();

    /** Where {@link #forward} computes: {@code cpu} for this module's kernels, a device's name for a {@link ConvDevice}'s twin. */
    default String device() {
        return "cpu";
    }
}
