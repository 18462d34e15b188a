package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.random.RandomGenerator;

/**
 * Square-kernel 2-D convolution, weight {@code (C_out, C_in/groups, k, k)}. Init: Kaiming normal
 * with fan-out and ReLU gain, std = √2/√(C_out·k·k) (torchvision's ResNet init, which the CIFAR
 * ResNets of the paper use); the optional bias is uniform on ±1/√fan_in (PyTorch's default).
 * A conv can be marked as the network's stem, the one METHOD.md leaves out of pruning.
 */
public final class Conv2d extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int stride, padding, groups;
    private boolean stem;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int groups, boolean bias, RandomGenerator rng) {
        if (in % groups != 0 || out % groups != 0)
            throw new IllegalArgumentException("conv2d: channels " + in + " -> " + out + " are not divisible by groups=" + groups);
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        Shape ws = Shape.of(out, in / groups, kernel, kernel);
        this.weight = param("weight", Init.kaimingNormal(ws, Init.Fan.OUT, rng));
        double bound = 1.0 / Math.sqrt(Init.fan(ws, Init.Fan.IN));
        this.bias = bias ? param("bias", Init.uniform(Shape.of(out), -bound, bound, rng)) : null;
    }

    /** A bias-free conv with one group, the usual case before batch norm. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
        this(in, out, kernel, stride, padding, 1, false, rng);
    }

    /** Marks this conv as the stem (first conv of the network); returns {@code this}. */
    public Conv2d markStem() {
        stem = true;
        return this;
    }

    public boolean isStem() {
        return stem;
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null. */
    public Tensor bias() {
        return bias;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int groups() {
        return groups;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, weight, bias, stride, padding, groups);
    }

    /** Whether {@link #forwardBatchNorm} runs as one fused op (default on; {@code -Dslt.fuseInference=false} turns it off). */
    private static volatile boolean fuseInference = !"false".equals(System.getProperty("slt.fuseInference"));

    /** Turns the fused inference path of {@link #forwardBatchNorm} on or off (benchmarks, tests); returns the old setting. */
    public static boolean setFusedInference(boolean on) {
        boolean before = fuseInference;
        fuseInference = on;
        return before;
    }

    /**
     * {@code bn(this(x))}, {@code + residual} if not null, then ReLU if asked: what a conv block does after its conv.
     * At inference (bn in eval mode, no autograd recording) it is one op, {@link F#conv2dBatchNorm}, whose kernels
     * apply the norm, the sum and the ReLU while each chunk of images is in cache; the values are the same to the bit
     * as the separate ops, which run otherwise (training). x is not freed; the conv's output is.
     */
    public Tensor forwardBatchNorm(Tensor x, BatchNorm2d bn, Tensor residual, boolean relu) {
        if (fuseInference && !bn.isTraining() && !Grad.isEnabled())
            return F.conv2dBatchNorm(x, weight, bias, stride, padding, groups, bn.weight(), bn.bias(), bn.runningMean(),
                    bn.runningVar(), BatchNorm2d.EPS, residual, relu);
        Tensor h = forward(x);
        if (residual == null) return h.consumedBy(relu ? bn::forwardRelu : bn::forward);
        return h.consumedBy(bn::forward).consumedBy(t -> relu ? t.addRelu(residual) : t.add(residual));
    }

    @Override
    public String toString() {
        return "Conv2d" + weight.shape() + "(stride " + stride + ", padding " + padding + ", groups " + groups
                + (bias != null ? ", bias" : "") + (stem ? ", stem" : "") + ")";
    }
}
