package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/**
 * Option-A shortcut: {@code x[:, :, ::s, ::s]} with {@code (out-in)/2} zero channels padded on each
 * side, as in the reference CIFAR ResNet. Computed as a fixed 1x1 conv with stride s whose weight
 * {@code (out, in, 1, 1)} is the identity shifted by the padding, so the engine's conv rule gives the
 * gradient; the weight is a constant, not a parameter or buffer, and stays out of the state dict.
 */
public final class PadShortcut extends Module {

    private final Tensor selector;
    private final int in, out, stride;

    public PadShortcut(int in, int out, int stride) {
        if (out < in || (out - in) % 2 != 0)
            throw new IllegalArgumentException("option-A shortcut: " + in + " -> " + out + " channels needs an even increase");
        this.in = in;
        this.out = out;
        this.stride = stride;
        int pad = (out - in) / 2;
        float[] w = new float[out * in];
        for (int c = 0; c < in; c++) w[(c + pad) * in + c] = 1f; // W[c + pad][c] = 1
        selector = Tensor.fromArray(w, out, in, 1, 1);
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int stride() {
        return stride;
    }

    /** Zero channels added on each side: input channel c lands on output channel {@code c + pad()}. */
    public int pad() {
        return (out - in) / 2;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, selector, null, stride, 0, 1);
    }
}
