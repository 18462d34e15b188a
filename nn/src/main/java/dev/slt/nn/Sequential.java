package dev.slt.nn;

import dev.slt.engine.Tensor;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.ReLU;

/**
 * Children applied in order, named "0", "1", ... like PyTorch's {@code nn.Sequential}. A {@link BatchNorm2d}
 * directly followed by a {@link ReLU} runs as the fused {@link BatchNorm2d#forwardRelu}, a {@link Conv2d} directly
 * followed by both as {@link Conv2d#forwardBatchNorm} (same values).
 */
public final class Sequential extends Module {

    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends {@code m} under the next index; returns {@code this}. */
    public Sequential add(Module m) {
        child(Integer.toString(size++), m);
        return this;
    }

    public int size() {
        return size;
    }

    /**
     * Each child's output is freed once the next child has consumed it (outside autograd: see {@link Tensor#free}). A
     * {@link Conv2d} followed by a {@link BatchNorm2d} (and a {@link ReLU}) runs as {@link Conv2d#forwardBatchNorm}.
     */
    @Override
    public Tensor forward(Tensor input) {
        java.util.List<Module> ms = new java.util.ArrayList<>(children().values());
        Tensor x = input;
        for (int i = 0; i < ms.size(); i++) {
            Module m = ms.get(i);
            boolean reluNext = i + 2 < ms.size() && ms.get(i + 2) instanceof ReLU;
            if (m instanceof Conv2d conv && i + 1 < ms.size() && ms.get(i + 1) instanceof BatchNorm2d bn) {
                x = step(x, input, t -> conv.forwardBatchNorm(t, bn, null, reluNext));
                i += reluNext ? 2 : 1;
            } else if (m instanceof BatchNorm2d bn && i + 1 < ms.size() && ms.get(i + 1) instanceof ReLU) {
                x = step(x, input, bn::forwardRelu);
                i++;
            } else {
                x = step(x, input, m::forward);
            }
        }
        return x;
    }

    /** {@code f(x)}, freeing x unless it is the caller's input. */
    private static Tensor step(Tensor x, Tensor input, java.util.function.UnaryOperator<Tensor> f) {
        return x == input ? f.apply(x) : x.consumedBy(f);
    }
}
