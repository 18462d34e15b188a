package dev.slt.pruning.graph;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.Dropout;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.PadShortcut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exports a ticket as a {@link SlimNet}: a dense model with only the channels that depend on the
 * input, equal to the masked model in eval mode up to float rounding.
 *
 * <p>A channel is constant when no non-zero weight connects it to the input: the output channel of a
 * conv whose mask row is empty (or whose remaining weights read only constant channels), a padded
 * channel of an option-A shortcut, a residual sum whose every side is constant. Such a channel is not
 * zero: batch norm turns it into {@code beta - gamma*mean/sqrt(var+eps)}, then ReLU into its positive
 * part. Instead of keeping it, the slimmer reads its exact value off one forward of the masked model
 * on a 1-image zero input (a constant channel has the same value for every input) and folds it into
 * the next consumer: a conv's bias (or, where padding makes the contribution vary near the border, an
 * offset plane added after the conv, which binds the net to that image size), the linear head's bias,
 * or an offset on a residual sum where only one side is constant. So a channel feeding a residual sum
 * is removed only where every producer dropped it, and no dropped channel is kept just for its BN bias.
 */
public final class Slimmer {

    /** The original channel indices a slim conv reads and writes, in order. */
    public record Kept(int[] inputs, int[] outputs) {}

    /**
     * The slim model, the kept channels of every conv by weight name (forward order), and the original
     * channels the head's first linear layer still reads.
     */
    public record Slimmed(SlimNet model, Map<String, Kept> convs, int[] headInputs) {}

    private final ChannelGraph graph;
    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private final Map<Step, Tensor> in = new IdentityHashMap<>(), out = new IdentityHashMap<>();
    private final Map<String, Kept> kept = new LinkedHashMap<>();
    private final SplittableRandom unusedInit = new SplittableRandom(0); // layers are built, then overwritten
    private int[] headInputs;
    private boolean headSeen, sizeBound;

    private Slimmer(ChannelGraph graph, Map<String, float[]> mask) {
        this.graph = graph;
        for (var n : graph.nodes().values()) {
            float[] w = n.conv().weight().data().clone(), m = mask.get(n.weight());
            if (m != null) for (int i = 0; i < w.length; i++) w[i] *= m[i];
            weights.put(n.weight(), w);
        }
    }

    /** The slim net of {@code mask} on {@code model} for square inputs of side {@code imageSize}. */
    public static Slimmed slim(Module model, Map<String, float[]> mask, int imageSize) {
        ChannelGraph graph = ChannelGraph.of(model);
        MaskCheck.check(graph, mask);
        if (imageSize < 1) throw new IllegalArgumentException("slimming: image size " + imageSize + " must be positive");
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            var s = new Slimmer(graph, mask);
            int channels = graph.nodes().firstEntry().getValue().inputs().size();
            graph.program().forward(Tensor.zeros(1, channels, imageSize, imageSize), mask, (step, a, b) -> {
                s.in.put(step, a);
                s.out.put(step, b);
            });
            List<SlimStep> steps;
            try (var g = Grad.disabled()) {
                steps = s.walk(graph.program().steps(), new boolean[channels]).steps;
            }
            return new Slimmed(new SlimNet(steps, imageSize, s.sizeBound), Collections.unmodifiableMap(s.kept), s.headInputs);
        } finally {
            model.train(wasTraining);
        }
    }

    private record Walked(List<SlimStep> steps, boolean[] fixed) {}

    /** Rewrites {@code steps} for an input stream whose channel c is constant when {@code fixed[c]}. */
    private Walked walk(List<Step> steps, boolean[] fixed) {
        var outSteps = new ArrayList<SlimStep>();
        for (Step s : steps) {
            if (headSeen) {
                SlimStep after = afterHead(s);
                if (after != null) outSteps.add(after);
                continue;
            }
            switch (s) {
                case Step.Conv c -> {
                    var r = conv(c, fixed);
                    outSteps.add(r.step);
                    fixed = r.fixed;
                }
                case Step.Norm n -> outSteps.add(norm(n, live(fixed)));
                case Step.Relu r -> outSteps.add(new SlimStep.Relu());
                case Step.PerChannel p -> { if (!(p.op() instanceof Dropout)) outSteps.add(new SlimStep.PerChannel(p.op())); }
                case Step.Flatten f -> outSteps.add(new SlimStep.Flatten());
                case Step.Dense d -> outSteps.add(head(d, fixed));
                case Step.Pad p -> {
                    var sc = p.shortcut();
                    int live = live(fixed).length;
                    if (live > 0) outSteps.add(new SlimStep.Subsample(new PadShortcut(live, live, sc.stride())));
                    boolean[] shifted = new boolean[sc.outChannels()];
                    for (int c = 0; c < shifted.length; c++) {
                        int src = c - sc.pad();
                        shifted[c] = src < 0 || src >= fixed.length || fixed[src];
                    }
                    fixed = shifted;
                }
                case Step.Residual r -> {
                    var res = residual(r, fixed);
                    outSteps.add(res.step);
                    fixed = res.fixed;
                }
            }
        }
        return new Walked(outSteps, fixed);
    }

    private record Rewritten(SlimStep step, boolean[] fixed) {}

    private Rewritten conv(Step.Conv c, boolean[] fixedIn) {
        String name = c.name(), wname = name + ".weight";
        Conv2d conv = c.conv();
        var shape = conv.weight().shape();
        int cout = shape.dim(0), cinG = shape.dim(1), k = shape.dim(2), taps = k * shape.dim(3), groups = conv.groups();
        int outPerGroup = cout / groups;
        float[] w = weights.get(wname);
        boolean[] fixedOut = new boolean[cout];
        for (int o = 0; o < cout; o++) {
            boolean live = false;
            int first = (o / outPerGroup) * cinG;
            for (int j = 0; j < cinG && !live; j++)
                if (!fixedIn[first + j]) for (int t = 0; t < taps && !live; t++) live = w[(o * cinG + j) * taps + t] != 0f;
            fixedOut[o] = !live;
        }
        int[] lin = live(fixedIn), lout = live(fixedOut);
        if (lout.length == 0) {
            kept.put(wname, new Kept(new int[0], new int[0]));
            return new Rewritten(new SlimStep.Conv(name, null, null, null), fixedOut);
        }
        float[] bias = conv.bias() == null ? null : conv.bias().data();
        if (groups == 1) return new Rewritten(denseConv(c, fixedIn, lin, lout, w, bias), fixedOut);
        if (cinG != 1 || cout != groups)
            throw new IllegalArgumentException("slimming: conv '" + name + "' has " + groups + " groups; only depthwise "
                    + "(one input channel per output channel) and ungrouped convs are supported");
        // depthwise: a live output reads only its own, live, input channel
        Conv2d slim = new Conv2d(lout.length, lout.length, k, conv.stride(), conv.padding(), lout.length, bias != null, unusedInit);
        set(slim.weight(), rows(w, lout, taps));
        if (bias != null) set(slim.bias(), Channels.pick(bias, lout));
        kept.put(wname, new Kept(lout, lout));
        return new Rewritten(new SlimStep.Conv(name, slim, positionsOrNull(lout, lin), null), fixedOut);
    }

    private SlimStep denseConv(Step.Conv c, boolean[] fixedIn, int[] lin, int[] lout, float[] w, float[] bias) {
        Conv2d conv = c.conv();
        var shape = conv.weight().shape();
        int cin = shape.dim(1), k = shape.dim(2), taps = k * shape.dim(3);
        var read = new ArrayList<Integer>();
        var folded = new ArrayList<Integer>();
        for (int j = 0; j < cin; j++) {
            boolean used = false;
            for (int o : lout) for (int t = 0; t < taps && !used; t++) used = w[(o * cin + j) * taps + t] != 0f;
            if (used) (fixedIn[j] ? folded : read).add(j);
        }
        int[] kin = read.stream().mapToInt(Integer::intValue).toArray(), fin = folded.stream().mapToInt(Integer::intValue).toArray();
        // the constant part of each kept output: bias + conv of the constant input channels it reads
        float[] uniform = null;
        Tensor plane = null;
        if (fin.length > 0) {
            Tensor constIn = Channels.gather(in.get(c), fin);
            Tensor wf = Tensor.fromArray(block(w, lout, fin, cin, taps), lout.length, fin.length, k, shape.dim(3));
            Tensor off = F.conv2d(constIn, wf, bias == null ? null : Tensor.fromArray(Channels.pick(bias, lout), lout.length),
                    conv.stride(), conv.padding(), 1);
            uniform = perChannelConstant(off);
            if (uniform == null) plane = off;
        } else if (bias != null) {
            uniform = Channels.pick(bias, lout);
        }
        Conv2d slim = new Conv2d(kin.length, lout.length, k, conv.stride(), conv.padding(), 1, uniform != null, unusedInit);
        set(slim.weight(), block(w, lout, kin, cin, taps));
        if (uniform != null) set(slim.bias(), uniform);
        if (plane != null) sizeBound = true;
        kept.put(c.name() + ".weight", new Kept(kin, lout));
        return new SlimStep.Conv(c.name(), slim, positionsOrNull(kin, lin), plane);
    }

    private SlimStep norm(Step.Norm n, int[] live) {
        if (live.length == 0) return new SlimStep.Norm(n.name(), null);
        BatchNorm2d src = n.bn(), bn = new BatchNorm2d(live.length);
        set(bn.weight(), Channels.pick(src.weight().data(), live));
        set(bn.bias(), Channels.pick(src.bias().data(), live));
        set(bn.runningMean(), Channels.pick(src.runningMean().data(), live));
        set(bn.runningVar(), Channels.pick(src.runningVar().data(), live));
        return new SlimStep.Norm(n.name(), bn);
    }

    /** The first linear layer: only live channels' columns; constant columns folded into the bias. */
    private SlimStep head(Step.Dense d, boolean[] fixed) {
        headSeen = true;
        Linear src = d.linear();
        int outF = src.weight().shape().dim(0), inF = src.weight().shape().dim(1);
        if (inF % fixed.length != 0)
            throw new IllegalArgumentException("slimming: '" + d.name() + "' reads " + inF + " features from " + fixed.length + " channels");
        int per = inF / fixed.length;
        headInputs = live(fixed);
        int[] cols = new int[headInputs.length * per];
        for (int i = 0; i < headInputs.length; i++) for (int p = 0; p < per; p++) cols[i * per + p] = headInputs[i] * per + p;
        float[] w = src.weight().data(), x = in.get(d).data();
        float[] bias = src.bias() == null ? new float[outF] : src.bias().data().clone();
        float[] slimW = new float[outF * cols.length];
        for (int o = 0; o < outF; o++) {
            for (int i = 0; i < cols.length; i++) slimW[o * cols.length + i] = w[o * inF + cols[i]];
            for (int col = 0; col < inF; col++) if (fixed[col / per]) bias[o] += w[o * inF + col] * x[col];
        }
        if (cols.length == 0) return new SlimStep.ConstantHead(d.name(), Tensor.fromArray(bias, 1, outF));
        Linear slim = new Linear(cols.length, outF, true, unusedInit);
        set(slim.weight(), slimW);
        set(slim.bias(), bias);
        return new SlimStep.Dense(d.name(), slim);
    }

    /** Layers after the first linear one are copied as they are; null for a step eval mode skips. */
    private SlimStep afterHead(Step s) {
        return switch (s) {
            case Step.Dense d -> {
                Linear src = d.linear(), copy = new Linear(src.weight().shape().dim(1), src.weight().shape().dim(0),
                        src.bias() != null, unusedInit);
                set(copy.weight(), src.weight().data());
                if (src.bias() != null) set(copy.bias(), src.bias().data());
                yield new SlimStep.Dense(d.name(), copy);
            }
            case Step.Relu r -> new SlimStep.Relu();
            case Step.PerChannel p when p.op() instanceof Dropout -> null; // the identity in eval
            default -> throw new IllegalArgumentException("slimming: unexpected step after the head: " + s);
        };
    }

    private Rewritten residual(Step.Residual r, boolean[] fixedIn) {
        Walked main = walk(r.main(), fixedIn);
        Walked sc = r.shortcut().isEmpty() ? new Walked(List.of(), fixedIn) : walk(r.shortcut(), fixedIn);
        Tensor mainVal = out.get(r.main().getLast()), scVal = r.shortcut().isEmpty() ? in.get(r) : out.get(r.shortcut().getLast());
        int width = main.fixed.length;
        boolean[] fixed = new boolean[width];
        for (int c = 0; c < width; c++) fixed[c] = main.fixed[c] && sc.fixed[c];
        int[] live = live(fixed);
        int plane = mainVal.shape().sizeBetween(2, 4);
        float[] off = new float[live.length * plane];
        boolean any = addConstants(main.fixed, mainVal, live, plane, off) | addConstants(sc.fixed, scVal, live, plane, off);
        Tensor offset = null;
        if (any) {
            offset = Tensor.fromArray(off, 1, live.length, mainVal.shape().dim(2), mainVal.shape().dim(3));
            float[] u = perChannelConstant(offset);
            if (u != null) offset = Tensor.fromArray(u, 1, live.length, 1, 1);
            else sizeBound = true;
        }
        var step = new SlimStep.Residual(main.steps, sc.steps, positions(live(main.fixed), live), positions(live(sc.fixed), live),
                offset, live.length);
        return new Rewritten(step, fixed);
    }

    /** {@code off[i] += value[live[i]]} for each sum channel this side leaves constant; whether any was non-zero. */
    private static boolean addConstants(boolean[] sideFixed, Tensor value, int[] live, int plane, float[] off) {
        float[] v = value.data();
        boolean any = false;
        for (int i = 0; i < live.length; i++) {
            if (!sideFixed[live[i]]) continue;
            for (int p = 0; p < plane; p++) {
                off[i * plane + p] += v[live[i] * plane + p];
                any |= v[live[i] * plane + p] != 0f;
            }
        }
        return any;
    }

    // ---------------------------------------------------------------- helpers

    /** Indices c with {@code !fixed[c]}, increasing. */
    private static int[] live(boolean[] fixed) {
        int n = 0;
        for (boolean f : fixed) if (!f) n++;
        int[] out = new int[n];
        n = 0;
        for (int c = 0; c < fixed.length; c++) if (!fixed[c]) out[n++] = c;
        return out;
    }

    /** Where each of {@code sub} sits in the increasing list {@code all}. */
    private static int[] positions(int[] sub, int[] all) {
        int[] out = new int[sub.length];
        for (int i = 0, j = 0; i < sub.length; i++) {
            while (all[j] != sub[i]) j++;
            out[i] = j;
        }
        return out;
    }

    private static int[] positionsOrNull(int[] sub, int[] all) {
        return sub.length == all.length ? null : positions(sub, all);
    }

    /** Rows {@code rows} of a {@code (C_out, taps)} weight. */
    private static float[] rows(float[] w, int[] rows, int taps) {
        float[] out = new float[rows.length * taps];
        for (int i = 0; i < rows.length; i++) System.arraycopy(w, rows[i] * taps, out, i * taps, taps);
        return out;
    }

    /** {@code W[rows][cols]} of a {@code (C_out, C_in, taps)} weight. */
    private static float[] block(float[] w, int[] rows, int[] cols, int cin, int taps) {
        float[] out = new float[rows.length * cols.length * taps];
        for (int i = 0; i < rows.length; i++)
            for (int j = 0; j < cols.length; j++)
                System.arraycopy(w, (rows[i] * cin + cols[j]) * taps, out, (i * cols.length + j) * taps, taps);
        return out;
    }

    /** The value of each channel of a {@code (1, C, H, W)} tensor when every channel is one constant; else null. */
    private static float[] perChannelConstant(Tensor t) {
        int c = t.shape().dim(1), plane = t.shape().sizeBetween(2, 4);
        float[] d = t.data(), out = new float[c];
        for (int i = 0; i < c; i++) {
            out[i] = d[i * plane];
            for (int p = 1; p < plane; p++) if (d[i * plane + p] != out[i]) return null;
        }
        return out;
    }

    private static void set(Tensor target, float[] values) {
        target.copyInPlace(Tensor.fromArray(values, target.shape()));
    }
}
