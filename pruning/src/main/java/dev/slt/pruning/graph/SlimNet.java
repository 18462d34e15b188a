package dev.slt.pruning.graph;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.List;

/**
 * A channel-slimmed ticket as a dense model with fewer channels, made by {@link Slimmer}. Its layers
 * are ordinary {@code Conv2d}, {@code BatchNorm2d} and {@code Linear} modules named after the original
 * ones with dots turned into underscores ({@code layer1_0_conv1}). Inference only: batch norm uses the
 * running statistics the constants were folded with, so {@code train(true)} is refused. Where some
 * folded constant varies over the image (a padded conv reading a constant channel) the net is bound to
 * the input size it was built for, {@link #imageSize()}.
 */
public final class SlimNet extends Module {

    private final List<SlimStep> steps;
    private final int imageSize;
    private final boolean sizeBound;

    SlimNet(List<SlimStep> steps, int imageSize, boolean sizeBound) {
        this.steps = List.copyOf(steps);
        this.imageSize = imageSize;
        this.sizeBound = sizeBound;
        register(this.steps);
        eval();
    }

    private void register(List<SlimStep> steps) {
        for (SlimStep s : steps) {
            switch (s) {
                case SlimStep.Conv c -> { if (c.conv() != null) child(c.name().replace('.', '_'), c.conv()); }
                case SlimStep.Norm n -> { if (n.bn() != null) child(n.name().replace('.', '_'), n.bn()); }
                case SlimStep.Dense d -> child(d.name().replace('.', '_'), d.linear());
                case SlimStep.Residual r -> {
                    register(r.main());
                    register(r.shortcut());
                }
                default -> {}
            }
        }
    }

    /** The image side this net was built for; other sizes are refused when {@link #sizeBound()}. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether some folded constant is a plane of the built size rather than a per-channel bias. */
    public boolean sizeBound() {
        return sizeBound;
    }

    @Override
    public Module train(boolean on) {
        if (on) throw new IllegalStateException("slim net: inference only (batch norm statistics are folded in)");
        return super.train(false);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (sizeBound && (x.rank() != 4 || x.shape().dim(2) != imageSize || x.shape().dim(3) != imageSize))
            throw new IllegalArgumentException("slim net: built for " + imageSize + "x" + imageSize + " inputs, got " + x.shape());
        try (var g = Grad.disabled()) {
            Tensor y = run(steps, x, x.shape().dim(0));
            if (y == null) throw new IllegalStateException("slim net: the ticket keeps no channel that depends on the input");
            return y;
        }
    }

    /** {@code x == null} stands for a stream with no live channel. */
    private static Tensor run(List<SlimStep> steps, Tensor x, int batch) {
        for (SlimStep s : steps) {
            if (x == null && !(s instanceof SlimStep.Residual || s instanceof SlimStep.ConstantHead)) continue; // nothing live to carry; the constants are folded
            x = switch (s) {
                case SlimStep.Conv c -> {
                    if (c.conv() == null) yield null;
                    Tensor in = c.gather() == null ? x : Channels.gather(x, c.gather());
                    Tensor y = c.conv().forward(in);
                    yield c.offset() == null ? y : y.add(c.offset());
                }
                case SlimStep.Norm n -> n.bn().forward(x);
                case SlimStep.Relu r -> x.relu();
                case SlimStep.PerChannel p -> p.op().forward(x);
                case SlimStep.Flatten f -> x.flatten();
                case SlimStep.Dense d -> d.linear().forward(x);
                case SlimStep.Subsample p -> p.op().forward(x);
                case SlimStep.Residual r -> residual(r, x, batch);
                case SlimStep.ConstantHead c -> Tensor.zeros(batch, c.value().size()).add(c.value());
            };
        }
        return x;
    }

    private static Tensor residual(SlimStep.Residual r, Tensor x, int batch) {
        Tensor a = x == null ? null : run(r.main(), x, batch);
        Tensor b = x == null ? null : r.shortcut().isEmpty() ? x : run(r.shortcut(), x, batch);
        Tensor ref = a != null ? a : b;
        if (ref == null) return null;
        int n = ref.shape().dim(0), h = ref.shape().dim(2), w = ref.shape().dim(3);
        float[] out = new float[n * r.width() * h * w];
        if (a != null) Channels.scatterAdd(a, r.mainPos(), out, r.width());
        if (b != null) Channels.scatterAdd(b, r.shortcutPos(), out, r.width());
        Tensor sum = Tensor.fromArray(out, n, r.width(), h, w);
        return r.offset() == null ? sum : sum.add(r.offset());
    }
}
