package dev.slt.pruning.plan;

import dev.slt.engine.Tensor;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.PoolGeometry;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.nn.Module;
import dev.slt.nn.layers.AvgPool2d;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.MaxPool2d;
import dev.slt.pruning.graph.NormFold;
import dev.slt.pruning.graph.SlimNet;
import dev.slt.pruning.graph.SlimStep;
import dev.slt.pruning.plan.CompactOp.Slots;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * A {@link SlimNet} (batch norms folded) compiled onto prepared kernels for one input size: every slim conv is a
 * {@link DenseConv} (or, where it reads a subset of its input's channels or writes into a residual sum, a
 * {@link SlimConv} that takes the subset through its input-channel list and writes its rows straight into the
 * sum's channels), laid out once; the other steps are {@link CompactOp}s on float[] slots. A slot is reused as
 * soon as nothing reads it any more, ReLU and lone batch norms run in place, and a residual sum adds the shortcut,
 * the constant offset and the ReLU after it in one pass over the output. The slots of the last batch size are kept
 * for the next call (a larger batch gets new ones), so a forward allocates only its result. Equal to the slim net
 * up to float rounding (the kernels sum in another order).
 */
final class CompactNet {

    private final List<CompactOp> ops;
    private final int[] slotFloats;
    private final int argmaxInts;
    /** The result's slot and per-image dims ({@code (C)} flat or {@code (C, H, W)}); slot null: no live channel. */
    private final Integer outSlot;
    private final int[] outDims;
    /** The buffers of the last forward, handed back when it ends; a concurrent forward makes its own. */
    private final AtomicReference<Slots> spare = new AtomicReference<>();

    private CompactNet(List<CompactOp> ops, int[] slotFloats, int argmaxInts, Integer outSlot, int[] outDims) {
        this.ops = List.copyOf(ops);
        this.slotFloats = slotFloats;
        this.argmaxInts = argmaxInts;
        this.outSlot = outSlot;
        this.outDims = outDims;
    }

    /** {@code net} for inputs {@code (N, inChannels, imageSize, imageSize)}. */
    static CompactNet of(SlimNet net, int inChannels, int imageSize) {
        var c = new Compiler();
        Act out = c.walk(net.steps(), new Act(Slots.INPUT, inChannels, imageSize, imageSize, false), null);
        int[] sizes = c.sizes.stream().mapToInt(Integer::intValue).toArray();
        if (out == null) return new CompactNet(c.ops, sizes, c.argmax, null, null);
        return new CompactNet(c.ops, sizes, c.argmax, out.slot, out.flat ? new int[] {out.c} : new int[] {out.c, out.h, out.w});
    }

    /** Buffer floats per image over all slots (the working set of one forward). */
    long floatsPerImage() {
        long n = 0;
        for (int s : slotFloats) n += s;
        return n;
    }

    /** The net's output for {@code x}, shape checked by the caller. */
    Tensor forward(Tensor x) {
        if (outSlot == null) throw new IllegalStateException("slim net: the ticket keeps no channel that depends on the input");
        int batch = x.shape().dim(0);
        Slots s = spare.getAndSet(null);
        if (s == null || s.batch < batch) s = new Slots(batch, slotFloats, argmaxInts);
        s.input = x.data();
        for (CompactOp op : ops) op.run(batch, s);
        int size = 1;
        for (int d : outDims) size *= d;
        float[] y = Arrays.copyOf(s.get(outSlot), batch * size);
        s.input = null;
        spare.set(s);
        int[] dims = new int[outDims.length + 1];
        dims[0] = batch;
        System.arraycopy(outDims, 0, dims, 1, outDims.length);
        return Tensor.fromArray(y, dims);
    }

    /** An activation: its slot and per-image shape; {@code flat}: a (C) feature vector. */
    private record Act(int slot, int c, int h, int w, boolean flat) {
        int size() {
            return c * h * w;
        }

        int hw() {
            return h * w;
        }
    }

    /**
     * Where the last conv of a residual's main side writes: channels {@code pos} of a {@code width}-channel sum. Its
     * bias then covers every channel of the sum, so the sum's per-channel constant {@code offset} (or null) joins it.
     */
    private static final class Target {
        final int[] pos;
        final int width;
        final float[] offset;
        int slot = Integer.MIN_VALUE;

        Target(int[] pos, int width, float[] offset) {
            this.pos = pos;
            this.width = width;
            this.offset = offset;
        }

        boolean hit() {
            return slot != Integer.MIN_VALUE;
        }
    }

    /** Turns steps into ops, giving each result a free slot; a slot is free when its last reader has been emitted. */
    private static final class Compiler {
        final List<CompactOp> ops = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>(), refs = new ArrayList<>();
        final ArrayDeque<Integer> free = new ArrayDeque<>();
        int argmax;

        int acquire(int floats) {
            Integer s = free.poll();
            if (s == null) {
                s = sizes.size();
                sizes.add(0);
                refs.add(0);
            }
            sizes.set(s, Math.max(sizes.get(s), floats));
            refs.set(s, 1);
            return s;
        }

        void hold(int slot) {
            if (slot >= 0) refs.set(slot, refs.get(slot) + 1);
        }

        void release(int slot) {
            if (slot < 0) return;
            refs.set(slot, refs.get(slot) - 1);
            if (refs.get(slot) == 0) free.push(slot);
        }

        /** The slot an elementwise op on {@code x} writes: x's own when nothing else reads it, else a new one. */
        int elementwiseOut(Act x) {
            if (x.slot >= 0 && refs.get(x.slot) == 1) return x.slot;
            return acquire(x.size());
        }

        /**
         * The ops of {@code steps} on {@code x} (which they own: its slot is released once read); the result, or null
         * when no live channel is left. {@code target}: where a last conv writes (null: a slot of its own).
         */
        Act walk(List<SlimStep> steps, Act x, Target target) {
            for (int i = 0; i < steps.size(); i++) {
                SlimStep step = steps.get(i);
                if (x == null && !(step instanceof SlimStep.Residual || step instanceof SlimStep.ConstantHead)) continue;
                Target t = i == steps.size() - 1 ? target : null;
                switch (step) {
                    case SlimStep.Conv c -> {
                        if (c.conv() == null) {
                            release(x.slot);
                            x = null;
                        } else {
                            x = conv(c, x, t);
                        }
                    }
                    case SlimStep.Norm n -> x = affine(n.bn(), x);
                    case SlimStep.Relu r -> {
                        if (x.slot >= 0 && refs.get(x.slot) == 1 && fuseIntoLastConv(x.slot, CompactOp.Sum.NONE, 0, null, true)) continue;
                        int out = elementwiseOut(x);
                        ops.add(new CompactOp.Relu(x.slot, out, x.size()));
                        if (out != x.slot) release(x.slot);
                        x = new Act(out, x.c, x.h, x.w, x.flat);
                    }
                    case SlimStep.PerChannel p -> x = perChannel(p.op(), x);
                    case SlimStep.Flatten f -> x = new Act(x.slot, x.size(), 1, 1, true);
                    case SlimStep.Dense d -> x = linear(d, x);
                    case SlimStep.Subsample p -> {
                        int stride = ((dev.slt.nn.layers.PadShortcut) p.op()).stride(), h = (x.h - 1) / stride + 1, w = (x.w - 1) / stride + 1;
                        int out = acquire(x.c * h * w);
                        ops.add(new CompactOp.Subsample(x.slot, out, x.c, x.h, x.w, stride));
                        release(x.slot);
                        x = new Act(out, x.c, h, w, false);
                    }
                    case SlimStep.Residual r -> {
                        boolean relu = i + 1 < steps.size() && steps.get(i + 1) instanceof SlimStep.Relu;
                        if (x != null && relu) i++;   // the ReLU after the sum runs inside it
                        x = x == null ? null : residual(r, x, relu);
                    }
                    case SlimStep.ConstantHead c -> {
                        if (x != null) release(x.slot);
                        float[] v = c.value().data();
                        int out = acquire(v.length);
                        ops.add(new CompactOp.Constant(out, v.clone()));
                        x = new Act(out, v.length, 1, 1, true);
                    }
                }
            }
            return x;
        }

        private Act conv(SlimStep.Conv c, Act x, Target t) {
            var m = c.conv();
            var ws = m.weight().shape();
            int co = ws.dim(0), kh = ws.dim(2), kw = ws.dim(3), groups = m.groups();
            int[] gather = c.gather();
            float[] w = m.weight().data(), bias = m.bias() == null ? null : m.bias().data();
            if (groups != 1) {
                // depthwise: the grouped conv takes no channel list, so its channels are gathered first
                if (gather != null) {
                    int tmp = acquire(gather.length * x.hw());
                    ops.add(new CompactOp.Gather(x.slot, tmp, gather.clone(), x.c, x.hw()));
                    release(x.slot);
                    x = new Act(tmp, gather.length, x.h, x.w, false);
                }
                var g = geometry(x.c, x.h, x.w, co, kh, kw, m.stride(), m.padding(), groups);
                return emitConv(new GroupedConv(g, w, bias), null, c, x, g, co, identity(co), null);
            }
            if (gather == null && t == null) {
                var g = geometry(x.c, x.h, x.w, co, kh, kw, m.stride(), m.padding(), 1);
                return emitConv(new DenseConv(g, w, bias), null, c, x, g, co, identity(co), null);
            }
            // reads channels keptIn of x and writes rows into channels keptOut of its output, through one SlimConv
            int[] keptIn = gather == null ? identity(x.c) : gather, keptOut = t == null ? identity(co) : t.pos;
            int outC = t == null ? co : t.width, cin = keptIn.length, kk = kh * kw;
            var g = geometry(x.c, x.h, x.w, outC, kh, kw, m.stride(), m.padding(), 1);
            boolean anyBias = bias != null || (t != null && t.offset != null);
            float[] full = new float[outC * x.c * kk], fullBias = anyBias ? t != null && t.offset != null ? t.offset.clone() : new float[outC] : null;
            for (int o = 0; o < co; o++) {
                for (int j = 0; j < cin; j++)
                    System.arraycopy(w, (o * cin + j) * kk, full, (keptOut[o] * x.c + keptIn[j]) * kk, kk);
                if (bias != null) fullBias[keptOut[o]] += bias[o];
            }
            return emitConv(null, new SlimConv(g, full, fullBias, keptIn, keptOut), c, x, g, outC, keptOut, t);
        }

        private Act emitConv(PreparedConv conv, SlimConv slim, SlimStep.Conv c, Act x, ConvGeometry g, int outC, int[] rows, Target t) {
            int hw = g.outH() * g.outW(), out = acquire(outC * hw);
            if (t != null) t.slot = out;
            float[] offset = null;
            if (c.offset() != null) {
                // the constant planes (one per conv row) laid out as one output image, so the conv adds them with its epilogue
                float[] planes = c.offset().data();
                offset = new float[outC * hw];
                for (int i = 0; i < rows.length; i++) System.arraycopy(planes, i * hw, offset, rows[i] * hw, hw);
            }
            ops.add(new CompactOp.Conv(conv, slim, x.slot, out, offset, outC, hw, CompactOp.Sum.NONE, 0, null, false));
            release(x.slot);
            return new Act(out, outC, g.outH(), g.outW(), false);
        }

        private Act affine(BatchNorm2d bn, Act x) {
            float[] scale = NormFold.scale(bn), shift = NormFold.shift(bn, scale);
            int out = elementwiseOut(x);
            ops.add(new CompactOp.Affine(x.slot, out, scale, shift, x.hw()));
            if (out != x.slot) release(x.slot);
            return new Act(out, x.c, x.h, x.w, x.flat);
        }

        private Act perChannel(Module op, Act x) {
            switch (op) {
                case MaxPool2d p -> {
                    var g = PoolGeometry.of(x.c, x.h, x.w, p.kernel(), p.stride(), p.padding());
                    argmax = Math.max(argmax, g.outputSize());
                    return pool(x, g, true);
                }
                case AvgPool2d p -> {
                    return pool(x, PoolGeometry.of(x.c, x.h, x.w, p.kernel(), p.stride(), p.padding()), false);
                }
                case dev.slt.nn.layers.GlobalAvgPool p -> {
                    int out = acquire(x.c);
                    ops.add(new CompactOp.GlobalAvgPool(x.slot, out, x.c, x.hw()));
                    release(x.slot);
                    return new Act(out, x.c, 1, 1, true);
                }
                default -> {
                    int[] dims = x.flat ? new int[] {1, x.c} : new int[] {1, x.c, x.h, x.w};
                    int[] od = op.forward(Tensor.zeros(dims)).shape().dims();
                    int size = 1;
                    for (int i = 1; i < od.length; i++) size *= od[i];
                    int out = acquire(size);
                    ops.add(new CompactOp.Fallback(op, x.slot, out, dims, size));
                    release(x.slot);
                    return od.length == 4 ? new Act(out, od[1], od[2], od[3], false) : new Act(out, size, 1, 1, true);
                }
            }
        }

        private Act pool(Act x, PoolGeometry g, boolean max) {
            int out = acquire(g.outputSize());
            ops.add(new CompactOp.Pool(x.slot, out, g, max));
            release(x.slot);
            return new Act(out, x.c, g.outH(), g.outW(), false);
        }

        private Act linear(SlimStep.Dense d, Act x) {
            var l = d.linear();
            int outF = l.weight().shape().dim(0), inF = l.weight().shape().dim(1);
            if (inF != x.size())
                throw new IllegalArgumentException("compact net: '" + d.name() + "' reads " + inF + " features, gets " + x.size());
            int out = acquire(outF);
            ops.add(new CompactOp.Linear(x.slot, out, l.weight().data().clone(), l.bias() == null ? null : l.bias().data().clone(), inF, outF));
            release(x.slot);
            return new Act(out, outF, 1, 1, true);
        }

        /** Main side into the sum's own slot where it ends in a conv, the shortcut and offset (and ReLU) added after. */
        private Act residual(SlimStep.Residual r, Act x, boolean relu) {
            hold(x.slot);   // read by both sides
            // an option-A shortcut is read by the sum, every stride-th position of x, rather than copied first
            int stride = r.shortcut().size() == 1 && r.shortcut().getFirst() instanceof SlimStep.Subsample p
                    ? ((dev.slt.nn.layers.PadShortcut) p.op()).stride() : 1;
            Act b = r.shortcut().isEmpty() || stride > 1 ? x : walk(r.shortcut(), x, null);
            float[] constant = r.offset() == null || r.offset().size() != r.width() ? null : r.offset().data();
            var target = new Target(r.mainPos(), r.width(), constant);
            Act a = walk(r.main(), x, target);
            Act ref = a != null ? a : b;
            if (ref == null) return null;
            int width = r.width(), hw = a != null ? a.hw() : ((b.h - 1) / stride + 1) * ((b.w - 1) / stride + 1);
            int out = target.hit() ? target.slot : acquire(width * hw);
            int[] mainOf = a == null || target.hit() ? null : inverse(r.mainPos(), width);
            int[] shortcutOf = b == null ? null : inverse(r.shortcutPos(), width);
            float[] offset = r.offset() == null || (target.hit() && constant != null) ? null : r.offset().data().clone();
            boolean plane = offset != null && offset.length != width;
            // the common block (a stride-1 shortcut onto the conv that wrote the sum): the conv adds it, and the ReLU
            if (target.hit() && b != null && stride == 1 && offset == null
                    && fuseIntoLastConv(out, b.slot, b.c, CompactOp.Sum.inOrder(shortcutOf, b.c) ? null : shortcutOf, relu)) {
                release(b.slot);
                return new Act(out, width, a.h, a.w, false);
            }
            ops.add(new CompactOp.Sum(a == null ? CompactOp.Sum.NONE : a.slot, a == null ? 0 : a.c, mainOf,
                    b == null ? CompactOp.Sum.NONE : b.slot, b == null ? 0 : b.c, shortcutOf, out, width, hw, offset, plane, relu,
                    stride, b == null ? 0 : b.h, b == null ? 0 : b.w));
            if (a != null && a.slot != out) release(a.slot);
            if (b != null) release(b.slot);
            return new Act(out, width, a != null ? a.h : (b.h - 1) / stride + 1, a != null ? a.w : (b.w - 1) / stride + 1, false);
        }

        /**
         * Fuses a residual (slot {@code residual}, as in {@link CompactOp.Conv}; {@link CompactOp.Sum#NONE}: none) and a ReLU
         * into the last op when it is a conv writing {@code slot} with nothing fused yet; whether it did.
         */
        private boolean fuseIntoLastConv(int slot, int residual, int residualChannels, int[] residualOf, boolean relu) {
            if (ops.isEmpty() || !(ops.getLast() instanceof CompactOp.Conv c)) return false;
            if (c.out() != slot || c.relu() || c.residual() != CompactOp.Sum.NONE) return false;
            ops.set(ops.size() - 1, c.fused(residual, residualChannels, residualOf, relu));
            return true;
        }

        private static int[] inverse(int[] pos, int width) {
            int[] of = new int[width];
            Arrays.fill(of, -1);
            for (int i = 0; i < pos.length; i++) of[pos[i]] = i;
            return of;
        }

        private static int[] identity(int n) {
            return IntStream.range(0, n).toArray();
        }

        private static ConvGeometry geometry(int inC, int h, int w, int outC, int kh, int kw, int stride, int pad, int groups) {
            return new ConvGeometry(1, inC, h, w, outC, kh, kw, stride, stride, pad, pad, groups);
        }
    }
}
