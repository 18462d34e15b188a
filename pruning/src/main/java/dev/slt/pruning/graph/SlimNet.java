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

    /** The steps in forward order (nested in residuals). */
    public List<SlimStep> steps() {
        return steps;
    }

    /** The image side this net was built for; other sizes are refused when {@link #sizeBound()}. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether some folded constant is a plane of the built size rather than a per-channel bias. */
    public boolean sizeBound() {
        return sizeBound;
    }

    /**
     * The same net with every batch norm that directly follows a conv folded into that conv's weights and
     * bias (and its offset plane): one pass less over the activations per conv, equal up to float rounding.
     */
    public SlimNet withFoldedNorms() {
        return new SlimNet(fold(steps), imageSize, sizeBound);
    }

    private static List<SlimStep> fold(List<SlimStep> steps) {
        var out = new java.util.ArrayList<SlimStep>();
        for (int i = 0; i < steps.size(); i++) {
            SlimStep s = steps.get(i);
            if (s instanceof SlimStep.Residual r) {
                out.add(new SlimStep.Residual(fold(r.main()), fold(r.shortcut()), r.mainPos(), r.shortcutPos(), r.offset(), r.width()));
            } else if (s instanceof SlimStep.Conv c && c.conv() != null && i + 1 < steps.size()
                    && steps.get(i + 1) instanceof SlimStep.Norm n && n.bn() != null) {
                out.add(foldedConv(c, n.bn()));
                i++;
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static SlimStep.Conv foldedConv(SlimStep.Conv c, dev.slt.nn.layers.BatchNorm2d bn) {
        dev.slt.nn.layers.Conv2d old = c.conv();
        var ws = old.weight().shape();
        int outC = ws.dim(0), k = ws.dim(2);
        var conv = new dev.slt.nn.layers.Conv2d(ws.dim(1) * old.groups(), outC, k, old.stride(), old.padding(), old.groups(), true,
                new java.util.SplittableRandom(0)); // initial values are overwritten
        float[] w = conv.weight().data();
        System.arraycopy(old.weight().data(), 0, w, 0, w.length);
        float[] b = NormFold.foldInto(w, old.bias() == null ? null : old.bias().data(), bn);
        System.arraycopy(b, 0, conv.bias().data(), 0, outC);
        conv.eval();
        Tensor offset = null;
        if (c.offset() != null) {
            float[] s = NormFold.scale(bn), o = c.offset().data().clone();
            int plane = o.length / outC;
            for (int ch = 0; ch < outC; ch++)
                for (int p = ch * plane; p < (ch + 1) * plane; p++) o[p] *= s[ch];
            offset = Tensor.fromArray(o, c.offset().shape());
        }
        return new SlimStep.Conv(c.name(), conv, c.gather(), offset);
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
