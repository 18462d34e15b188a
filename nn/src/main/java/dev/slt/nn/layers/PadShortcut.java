package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/**
 * Option-A shortcut: {@code x[:, :, ::s, ::s]} with {@code (out-in)/2} zero channels padded on each
 * side, as in the reference CIFAR ResNet. One strided copy ({@link F#subsamplePad}) with a scatter-add
 * backward; no parameters or buffers, so nothing enters the state dict.
 */
public final class PadShortcut extends Module {

    private final int in, out, stride, pad;

    public PadShortcut(int in, int out, int stride) {
        if (out < in || (out - in) % 2 != 0)
            throw new IllegalArgumentException("option-A shortcut: " + in + " -> " + out + " channels needs an even increase");
        this.in = in;
        this.out = out;
        this.stride = stride;
        this.pad = (out - in) / 2;
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
        return pad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.subsamplePad(x, stride, pad, pad);
    }
}
