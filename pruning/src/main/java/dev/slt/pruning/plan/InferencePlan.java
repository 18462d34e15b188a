package dev.slt.pruning.plan;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.kernels.BlockSparseConv;
import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.CsrConv;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.kernels.SparseBlock;
import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Dropout;
import dev.slt.pruning.Mask;
import dev.slt.pruning.graph.NormFold;
import dev.slt.pruning.graph.Program;
import dev.slt.pruning.graph.Slimmer;
import dev.slt.pruning.graph.Step;
import dev.slt.pruning.graph.TicketStats;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A model and its ticket masks made ready for inference (eval mode, no tape) at one input size. Each conv
 * becomes a {@link PreparedConv} on its masked weights with the batch norm after it folded in, chosen by the
 * mask's structure ({@link MaskStructure}): nothing pruned → dense; whole output channels of whole input
 * channels → slimmed; a union of (row set × column set) blocks → block-sparse; unstructured → CSR below the
 * CSR/dense crossover density, else dense. With {@link PlanOptions#autotune} each valid kernel is instead
 * timed once on the layer's real shape at the plan's batch and the fastest kept.
 *
 * <p>The other steps (ReLU, residual sums, pooling, the head; batch norm where no conv precedes it) run as in
 * the masked model ({@link Program}). Where every conv is channel-structured (and {@link PlanOptions#compact})
 * the plan runs the {@link Slimmer}'s slimmed net with its batch norms folded instead, compiled onto prepared
 * kernels ({@link CompactNet}): weights and activations hold only the live channels end to end, a conv reading a
 * subset of its input's channels takes it through its input-channel list, and a residual block's last conv writes
 * straight into the sum, so nothing is gathered or scattered by a copy.
 * {@link #dense} builds the baseline: the same masked weights and non-conv path, every conv dense.
 *
 * <p>With a {@link PlanOptions#device} other than the CPU, every chosen conv (the dense baseline's too) is handed to
 * the device, which runs its twin where it has one ({@link PreparedConv#device()} says where each runs), and the plan
 * runs layer by layer: the compact slimmed net is CPU code.
 */
public final class InferencePlan {

    private final int inChannels, imageSize;
    private final List<Op> ops;
    private final CompactNet compactNet;
    private final List<PlanLayer> layers;
    private final long denseMacs, ticketMacs;

    private sealed interface Op {}
    private record ConvOp(PlanLayer layer) implements Op {}
    private record AffineOp(float[] scale, float[] shift) implements Op {}
    private record ReluOp() implements Op {}
    private record FlattenOp() implements Op {}
    private record ModuleOp(Module module) implements Op {}
    private record ResidualOp(List<Op> main, List<Op> shortcut) implements Op {}

    private InferencePlan(int inChannels, int imageSize, List<Op> ops, CompactNet compactNet, List<PlanLayer> layers) {
        this.inChannels = inChannels;
        this.imageSize = imageSize;
        this.ops = ops;
        this.compactNet = compactNet;
        this.layers = List.copyOf(layers);
        long d = 0, t = 0;
        for (PlanLayer l : layers) {
            d += l.denseMacs();
            t += l.ticketMacs();
        }
        this.denseMacs = d;
        this.ticketMacs = t;
    }

    /** The ticket plan of {@code mask} (conv weight name → 0/1 values; convs not named are unpruned) on {@code model}. */
    public static InferencePlan of(Module model, Map<String, float[]> mask, int imageSize, PlanOptions options) {
        return new Builder(model, mask, imageSize, options, false).build();
    }

    /** The ticket plan of a {@link Mask}; its entries that are not conv weights (a pruned head) are left in the weights. */
    public static InferencePlan of(Module model, Mask mask, int imageSize, PlanOptions options) {
        return of(model, convMasks(model, mask), imageSize, options);
    }

    /** The baseline: the same masked model with every conv dense (same non-conv path, batch norms folded alike). */
    public static InferencePlan dense(Module model, Map<String, float[]> mask, int imageSize, PlanOptions options) {
        return new Builder(model, mask, imageSize, options, true).build();
    }

    public static InferencePlan dense(Module model, Mask mask, int imageSize, PlanOptions options) {
        return dense(model, convMasks(model, mask), imageSize, options);
    }

    /** The conv weights of {@code model} that {@code mask} names, with their values. */
    public static Map<String, float[]> convMasks(Module model, Mask mask) {
        var convs = new LinkedHashMap<String, float[]>();
        for (Step.Conv c : Program.of(model).convs()) {
            String w = c.name() + ".weight";
            if (mask.contains(w)) convs.put(w, mask.get(w));
        }
        return convs;
    }

    /** The conv layers in forward order. */
    public List<PlanLayer> layers() {
        return layers;
    }

    /** Whether the plan runs the slimmed net end to end (compact activations). */
    public boolean compact() {
        return compactNet != null;
    }

    public int imageSize() {
        return imageSize;
    }

    public int inChannels() {
        return inChannels;
    }

    /** Conv multiply-adds per image of the dense model. */
    public long denseMacs() {
        return denseMacs;
    }

    /** Conv multiply-adds per image the ticket needs. */
    public long ticketMacs() {
        return ticketMacs;
    }

    /** {@code denseMacs / ticketMacs}; infinite when the ticket needs none. */
    public double idealSpeedup() {
        return ticketMacs == 0 ? Double.POSITIVE_INFINITY : (double) denseMacs / ticketMacs;
    }

    /** The model's output for {@code x} of shape (N, inChannels, imageSize, imageSize). */
    public Tensor forward(Tensor x) {
        var s = x.shape();
        if (x.rank() != 4 || s.dim(1) != inChannels || s.dim(2) != imageSize || s.dim(3) != imageSize)
            throw new IllegalArgumentException("inference plan: built for (N, " + inChannels + ", " + imageSize + ", " + imageSize
                    + ") inputs, got " + s);
        if (compactNet != null) return compactNet.forward(x);
        try (var g = Grad.disabled()) {
            return run(ops, x);
        }
    }

    /**
     * Runs {@code ops}. A tensor made by a conv, an affine map or a residual sum here is referenced nowhere else,
     * so a ReLU after it and the sum itself work in place: one allocation and one pass less each.
     */
    private static Tensor run(List<Op> ops, Tensor x) {
        boolean fresh = false;
        for (Op op : ops) {
            Tensor in = x;
            x = switch (op) {
                case ConvOp c -> conv(c.layer(), x);
                case AffineOp a -> affine(a, x);
                case ReluOp r -> fresh ? reluInPlace(x) : x.relu();
                case FlattenOp f -> x.flatten();
                case ModuleOp m -> m.module().forward(x);
                case ResidualOp r -> residual(r, x);
            };
            fresh = op instanceof ConvOp || op instanceof AffineOp || op instanceof ResidualOp || (op instanceof ReluOp && fresh);
            if (x == in && !(op instanceof ReluOp)) fresh = false;
        }
        return x;
    }

    private static Tensor residual(ResidualOp r, Tensor x) {
        Tensor a = run(r.main(), x), b = r.shortcut().isEmpty() ? x : run(r.shortcut(), x);
        if (a == x || a == b || !a.shape().equals(b.shape()) || r.main().isEmpty()
                || !(r.main().getLast() instanceof ConvOp || r.main().getLast() instanceof AffineOp)) return a.add(b);
        float[] s = a.data(), t = b.data();
        for (int i = 0; i < s.length; i++) s[i] += t[i];
        return a;
    }

    private static Tensor reluInPlace(Tensor x) {
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = Math.max(d[i], 0f);
        return x;
    }

    private static Tensor conv(PlanLayer l, Tensor x) {
        int n = x.shape().dim(0);
        ConvGeometry g = l.geometry();
        float[] y = new float[n * g.outC() * g.outH() * g.outW()];
        l.conv().forward(n, x.data(), y);
        return Tensor.fromArray(y, n, g.outC(), g.outH(), g.outW());
    }

    private static Tensor affine(AffineOp a, Tensor x) {
        float[] in = x.data(), out = new float[in.length];
        int c = a.scale().length, plane = in.length / (x.shape().dim(0) * c);
        for (int i = 0, p = 0; i < in.length; i += plane, p++) {
            float s = a.scale()[p % c], t = a.shift()[p % c];
            for (int j = i; j < i + plane; j++) out[j] = in[j] * s + t;
        }
        return Tensor.fromArray(out, x.shape());
    }

    // ---------------------------------------------------------------- building

    private static final class Builder {
        private final Module model;
        private final Map<String, float[]> mask;
        private final int imageSize;
        private final PlanOptions options;
        private final boolean denseOnly;
        private final Program program;
        private final Map<Step, int[]> inShapes = new IdentityHashMap<>();
        private final Map<String, TicketStats.Layer> stats = new LinkedHashMap<>();
        private final List<PlanLayer> layers = new ArrayList<>();
        private final SplittableRandom random = new SplittableRandom(7);

        Builder(Module model, Map<String, float[]> mask, int imageSize, PlanOptions options, boolean denseOnly) {
            this.model = model;
            this.mask = Map.copyOf(mask);
            this.imageSize = imageSize;
            this.options = options;
            this.denseOnly = denseOnly;
            this.program = Program.of(model);
        }

        InferencePlan build() {
            if (imageSize < 1) throw new IllegalArgumentException("inference plan: image size " + imageSize + " must be positive");
            boolean wasTraining = model.isTraining();
            model.eval();
            try {
                for (TicketStats.Layer l : TicketStats.of(model, mask, imageSize).layers()) stats.put(l.weight(), l);
                var first = program.convs().getFirst().conv();
                int channels = first.weight().shape().dim(1) * first.groups();
                program.forward(Tensor.zeros(1, channels, imageSize, imageSize), mask, (step, in, out) -> {
                    if (step instanceof Step.Conv) inShapes.put(step, in.shape().dims().clone());
                });
                // the compact net does strictly less work than slimmed layers on full-size activations (no gather or
                // scatter, smaller activations; docs/kernels.md), so autotune does not time it against them
                if (!denseOnly && options.compact() && options.device() == ConvDevice.CPU && channelStructured())
                    return compactPlan(channels);
                List<Op> ops = walk(program.steps());
                return new InferencePlan(channels, imageSize, ops, null, layers);
            } finally {
                model.train(wasTraining);
            }
        }

        private boolean channelStructured() {
            for (Step.Conv c : program.convs()) {
                var w = c.conv().weight().shape();
                var kind = MaskStructure.of(mask.get(c.name() + ".weight"), w.dim(0), w.dim(1), w.dim(2) * w.dim(3)).kind();
                if (kind != MaskStructure.Kind.FULL && kind != MaskStructure.Kind.CHANNEL) return false;
            }
            return true;
        }

        private InferencePlan compactPlan(int channels) {
            var slimmed = Slimmer.slim(model, mask, imageSize);
            var steps = new ArrayList<Step>();
            Program.visit(program.steps(), steps::add);
            for (int i = 0; i < steps.size(); i++) {
                if (!(steps.get(i) instanceof Step.Conv c)) continue;
                BatchNorm2d bn = i + 1 < steps.size() && steps.get(i + 1) instanceof Step.Norm n ? n.bn() : null;
                Folded f = folded(c, bn);
                Slimmer.Kept kept = slimmed.convs().get(c.name() + ".weight");
                boolean full = kept == null || (kept.inputs().length == f.g.inC() && kept.outputs().length == f.g.outC());
                PreparedConv dense = denseConv(f);
                PreparedConv chosen = full || f.g.groups() != 1 ? dense : new SlimConv(f.g, f.w, f.bias, kept.inputs(), kept.outputs());
                layer(c, f, chosen == dense ? Kernel.DENSE : Kernel.SLIMMED, chosen, dense, chosen != dense);
            }
            return new InferencePlan(channels, imageSize, null, CompactNet.of(slimmed.model().withFoldedNorms(), channels, imageSize), layers);
        }

        private List<Op> walk(List<Step> steps) {
            var ops = new ArrayList<Op>();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                switch (s) {
                    case Step.Conv c -> {
                        BatchNorm2d bn = i + 1 < steps.size() && steps.get(i + 1) instanceof Step.Norm n ? n.bn() : null;
                        if (bn != null) i++;
                        ops.add(new ConvOp(convLayer(c, bn)));
                    }
                    case Step.Norm n -> {
                        float[] scale = NormFold.scale(n.bn());
                        ops.add(new AffineOp(scale, NormFold.shift(n.bn(), scale)));
                    }
                    case Step.Relu r -> ops.add(new ReluOp());
                    case Step.PerChannel p -> { if (!(p.op() instanceof Dropout)) ops.add(new ModuleOp(p.op())); }
                    case Step.Flatten f -> ops.add(new FlattenOp());
                    case Step.Dense d -> ops.add(new ModuleOp(d.linear()));
                    case Step.Pad p -> ops.add(new ModuleOp(p.shortcut()));
                    case Step.Residual r -> ops.add(new ResidualOp(walk(r.main()), walk(r.shortcut())));
                }
            }
            return ops;
        }

        /** Masked weights with the following batch norm folded in, and the layer's geometry at batch 1. */
        private record Folded(ConvGeometry g, float[] w, float[] bias, float[] mask) {}

        private Folded folded(Step.Conv c, BatchNorm2d bn) {
            var conv = c.conv();
            float[] m = mask.get(c.name() + ".weight"), w = conv.weight().data().clone();
            if (m != null) for (int i = 0; i < w.length; i++) w[i] *= m[i];
            float[] bias = conv.bias() == null ? null : conv.bias().data().clone();
            if (bn != null) bias = NormFold.foldInto(w, bias, bn);
            var ws = conv.weight().shape();
            int[] in = inShapes.get(c);
            var g = new ConvGeometry(1, in[1], in[2], in[3], ws.dim(0), ws.dim(2), ws.dim(3), conv.stride(), conv.stride(),
                    conv.padding(), conv.padding(), conv.groups());
            return new Folded(g, w, bias, m);
        }

        private static PreparedConv denseConv(Folded f) {
            return f.g.groups() == 1 ? new DenseConv(f.g, f.w, f.bias) : new GroupedConv(f.g, f.w, f.bias);
        }

        private PlanLayer convLayer(Step.Conv c, BatchNorm2d bn) {
            Folded f = folded(c, bn);
            PreparedConv dense = place(denseConv(f));
            if (denseOnly || f.g.groups() != 1) return layer(c, f, Kernel.DENSE, dense, dense, false);
            var st = MaskStructure.of(f.mask, f.g.outC(), f.g.inC(), f.g.kh() * f.g.kw());
            var candidates = new LinkedHashMap<Kernel, Supplier<PreparedConv>>();
            Supplier<PreparedConv> csr = () -> place(CsrConv.fromDense(f.g, f.w, f.bias));
            switch (st.kind()) {
                case FULL -> {}
                case CHANNEL -> candidates.put(Kernel.SLIMMED, () -> place(new SlimConv(f.g, f.w, f.bias, st.keptIn(), st.keptOut())));
                case BLOCKS -> candidates.put(Kernel.BLOCK_SPARSE, () -> place(blockSparse(f, st)));
                case UNSTRUCTURED -> { if (st.density() < options.csrCrossover()) candidates.put(Kernel.CSR, csr); }
            }
            candidates.put(Kernel.DENSE, () -> dense);
            if (options.autotune() && st.kind() != MaskStructure.Kind.FULL) {
                if (st.kind() != MaskStructure.Kind.CHANNEL) candidates.putIfAbsent(Kernel.BLOCK_SPARSE, () -> place(blockSparse(f, st)));
                candidates.putIfAbsent(Kernel.CSR, csr);
                return fastest(c, f, candidates);
            }
            var first = candidates.entrySet().iterator().next();
            PreparedConv chosen = first.getValue().get();
            return layer(c, f, first.getKey(), chosen, dense, false);
        }

        /** The conv on the plan's device: its twin there, or itself. */
        private PreparedConv place(PreparedConv conv) {
            return options.device().place(conv);
        }

        private static PreparedConv blockSparse(Folded f, MaskStructure st) {
            var blocks = new ArrayList<SparseBlock>();
            for (int[][] b : st.blocks()) blocks.add(SparseBlock.of(f.w, f.g.patch(), b[0], b[1]));
            return new BlockSparseConv(f.g, blocks, f.bias);
        }

        /** Times each candidate once (after one untimed call) at the plan's batch on a random input. */
        private PlanLayer fastest(Step.Conv c, Folded f, Map<Kernel, Supplier<PreparedConv>> candidates) {
            int batch = options.batch();
            float[] x = new float[(int) f.g.withBatch(batch).inputSize()], y = new float[(int) f.g.withBatch(batch).outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            Kernel best = null;
            PreparedConv bestConv = null, dense = null;
            long bestNanos = Long.MAX_VALUE;
            for (var e : candidates.entrySet()) {
                PreparedConv p = e.getValue().get();
                if (e.getKey() == Kernel.DENSE) dense = p;
                p.forward(batch, x, y);
                long t0 = System.nanoTime();
                p.forward(batch, x, y);
                long t = System.nanoTime() - t0;
                if (t < bestNanos) {
                    bestNanos = t;
                    best = e.getKey();
                    bestConv = p;
                }
            }
            return layer(c, f, best, bestConv, dense, false);
        }

        private PlanLayer layer(Step.Conv c, Folded f, Kernel kernel, PreparedConv conv, PreparedConv dense, boolean compact) {
            String name = c.name() + ".weight";
            TicketStats.Layer st = stats.get(name);
            long macs = st == null ? f.g.macs() : st.denseMacs();
            long ticket = denseOnly ? macs : st == null ? conv.macsPerImage() : st.ticketMacs();
            double density = st == null || f.mask == null ? 1 : (double) st.nonzero() / st.weights();
            var l = new PlanLayer(name, f.g, kernel, density, macs, ticket, conv, dense, compact);
            layers.add(l);
            return l;
        }
    }
}
