package dev.slt.kernels;

/**
 * Channel-slimmed convolution: a smaller dense conv on the kept input and output channels, its weights
 * compacted once at construction, run by the dense kernels ({@link VectorConv}). Activations may be compact
 * (only the kept channels, in the order of the kept lists) or full size on either side, so a chain of
 * slimmed layers passes compact activations from one to the next and gathers / scatters only at its ends.
 * In a full-size output, channels not kept hold their bias (or 0), which is what the dense conv on the
 * masked weights gives.
 */
public final class SlimConv implements PreparedConv {

    private final ConvGeometry g;
    private final int[] keptIn, keptOut;
    private final float[] w, bias, fullBias;
    /** The compact layer (batch 1); null when no input or no output channel is kept. */
    private final ConvGeometry compact;
    /** Every input channel kept in order: a full input is already compact (no gather). */
    private final boolean allIn;
    /**
     * The compact layer vectorised along output positions ({@link PositionConv}), when it fits and pays
     * ({@link PositionConv#pays}); output map 0 is a compact y, map 1 a full one. Null: {@link VectorConv}.
     */
    private final PositionConv positions;
    /** A 3x3 stride-2 compact layer over its input's phases ({@link PhaseConv}; maps as {@link #positions}), or null. */
    private final PhaseConv phases;
    /** Output channels not kept, filled with their bias (or 0) in a full output. */
    private final int[] dropped;
    /** 0..keptIn-1: the input slots of a compact (or already compact full) input. */
    private final int[] identityIn;

    /** Per-thread scratch: 0 = gathered input, 1 = compact output. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][]);

    /**
     * @param geometry full layer (batch ignored; groups 1)
     * @param weights  full weights (outC, inC, kh, kw)
     * @param bias     (outC) or null
     * @param keptIn   kept input channels, distinct, in [0, inC)
     * @param keptOut  kept output channels, distinct, in [0, outC)
     */
    public SlimConv(ConvGeometry geometry, float[] weights, float[] bias, int[] keptIn, int[] keptOut) {
        this.g = SparseTaps.single(geometry);
        SparseTaps.checkLength("weights", weights, g.weightSize());
        if (bias != null) SparseTaps.checkLength("bias", bias, g.outC());
        checkDistinct(keptIn, g.inC(), "input");
        checkDistinct(keptOut, g.outC(), "output");
        this.keptIn = keptIn.clone();
        this.keptOut = keptOut.clone();
        this.fullBias = bias == null ? null : bias.clone();
        boolean identity = keptIn.length == g.inC();
        for (int c = 0; c < keptIn.length && identity; c++) identity = keptIn[c] == c;
        this.allIn = identity;
        int ci = keptIn.length, co = keptOut.length, kk = g.kh() * g.kw();
        this.compact = ci == 0 || co == 0 ? null
                : new ConvGeometry(1, ci, g.inH(), g.inW(), co, g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(), 1);
        this.w = new float[co * ci * kk];
        for (int o = 0; o < co; o++)
            for (int c = 0; c < ci; c++)
                System.arraycopy(weights, (keptOut[o] * g.inC() + keptIn[c]) * kk, w, (o * ci + c) * kk, kk);
        if (bias == null) {
            this.bias = null;
        } else {
            this.bias = new float[co];
            for (int o = 0; o < co; o++) this.bias[o] = bias[keptOut[o]];
        }
        boolean[] kept = new boolean[g.outC()];
        for (int o : keptOut) kept[o] = true;
        this.dropped = java.util.stream.IntStream.range(0, g.outC()).filter(o -> !kept[o]).toArray();
        this.identityIn = java.util.stream.IntStream.range(0, ci).toArray();
        if (compact != null && PositionConv.pays(compact)) {
            int[] all = java.util.stream.IntStream.range(0, co).toArray(), cols = java.util.stream.IntStream.range(0, ci * kk).toArray();
            this.positions = new PositionConv(compact, ci, java.util.List.of(new SparseBlock(all, cols, w)), this.bias,
                    new int[][] {all, keptOut}, new int[] {co, g.outC()});
        } else {
            this.positions = null;
        }
        this.phases = compact != null && positions == null && PhaseConv.fits(compact)
                ? new PhaseConv(compact, ci, w, this.bias, new int[][] {PositionConv.identity(co), keptOut}, new int[] {co, g.outC()})
                : null;
    }

    /**
     * The slimmed layer of masked weights: output channels with a nonzero weight are kept, and of those
     * filters' input channels the ones with a nonzero weight.
     */
    public static SlimConv fromMask(ConvGeometry geometry, float[] weights, float[] bias) {
        ConvGeometry g = SparseTaps.single(geometry);
        SparseTaps.checkLength("weights", weights, g.weightSize());
        int kk = g.kh() * g.kw();
        boolean[] in = new boolean[g.inC()];
        int[] out = new int[g.outC()];
        int co = 0;
        for (int o = 0; o < g.outC(); o++) {
            boolean any = false;
            for (int c = 0; c < g.inC(); c++)
                for (int t = 0; t < kk; t++)
                    if (weights[(o * g.inC() + c) * kk + t] != 0f) {
                        any = true;
                        in[c] = true;
                    }
            if (any) out[co++] = o;
        }
        int ci = 0;
        int[] kin = new int[g.inC()];
        for (int c = 0; c < g.inC(); c++) if (in[c]) kin[ci++] = c;
        return new SlimConv(g, weights, bias, java.util.Arrays.copyOf(kin, ci), java.util.Arrays.copyOf(out, co));
    }

    private static void checkDistinct(int[] idx, int limit, String what) {
        boolean[] seen = new boolean[limit];
        for (int i : idx) {
            if (i < 0 || i >= limit)
                throw new IllegalArgumentException("slimmed conv: kept " + what + " channel " + i + " outside [0, " + limit + ")");
            if (seen[i]) throw new IllegalArgumentException("slimmed conv: kept " + what + " channel " + i + " listed twice");
            seen[i] = true;
        }
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    /** Kept input channels, in the order of a compact input. */
    public int[] keptIn() {
        return keptIn.clone();
    }

    /** Kept output channels, in the order of a compact output. */
    public int[] keptOut() {
        return keptOut.clone();
    }

    /** The compacted weights (keptOut, keptIn, kh, kw), a copy. */
    public float[] compactWeights() {
        return w.clone();
    }

    /** The full layer's bias (outC), a copy, or null. */
    public float[] bias() {
        return fullBias == null ? null : fullBias.clone();
    }

    @Override
    public long macsPerImage() {
        return compact == null ? 0 : compact.macs();
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        forward(batch, x, false, y, false);
    }

    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        forwardScalar(batch, x, false, y, false);
    }

    /**
     * {@code y = conv(x)}: x is (batch, keptIn, H, W) when {@code xCompact}, else (batch, inC, H, W);
     * y is (batch, keptOut, oh, ow) when {@code yCompact}, else (batch, outC, oh, ow).
     */
    public void forward(int batch, float[] x, boolean xCompact, float[] y, boolean yCompact) {
        run(batch, x, xCompact, y, yCompact, false, ConvEpilogue.NONE);
    }

    /**
     * {@link #forward(int, float[], boolean, float[], boolean)}, then the epilogue on every channel of y (the
     * compact or full-size channels y holds): a slimmed conv writing into a residual sum.
     */
    public void forward(int batch, float[] x, boolean xCompact, float[] y, boolean yCompact, ConvEpilogue epilogue) {
        run(batch, x, xCompact, y, yCompact, false, epilogue);
    }

    @Override
    public void forward(int batch, float[] x, float[] y, ConvEpilogue epilogue) {
        forward(batch, x, false, y, false, epilogue);
    }

    /** {@link #forward(int, float[], boolean, float[], boolean)} with the scalar dense conv: its oracle. */
    public void forwardScalar(int batch, float[] x, boolean xCompact, float[] y, boolean yCompact) {
        run(batch, x, xCompact, y, yCompact, true, ConvEpilogue.NONE);
    }

    private void run(int batch, float[] x, boolean xCompact, float[] y, boolean yCompact, boolean scalar, ConvEpilogue epilogue) {
        int hwIn = g.inH() * g.inW(), hwOut = g.outH() * g.outW(), ci = keptIn.length, co = keptOut.length;
        if (compact == null) {
            // nothing to multiply: every output is its bias
            if (!yCompact) for (int n = 0; n < batch; n++) SparseTaps.initOutput(g, fullBias, y, n, 0, hwOut);
            else for (int n = 0; n < batch; n++)
                for (int o = 0; o < co; o++)
                    java.util.Arrays.fill(y, (n * co + o) * hwOut, (n * co + o + 1) * hwOut, bias == null ? 0f : bias[o]);
            epilogue.apply(y, batch, yCompact ? co : g.outC(), hwOut);
            return;
        }
        if (!scalar && (positions != null || phases != null)) {
            // the input slots are gathered while the input is laid out, and the output is written in place
            if (!yCompact)
                for (int n = 0; n < batch; n++)
                    for (int o : dropped)
                        java.util.Arrays.fill(y, (n * g.outC() + o) * hwOut, (n * g.outC() + o + 1) * hwOut, fullBias == null ? 0f : fullBias[o]);
            boolean compactIn = xCompact || allIn;
            int xChannels = xCompact ? ci : g.inC(), map = yCompact ? 0 : 1;
            int[] slots = compactIn ? identityIn : keptIn;
            if (positions != null) positions.forward(batch, x, xChannels, slots, y, map, epilogue);
            else phases.forward(batch, x, xChannels, slots, y, map, epilogue);
            return;
        }
        float[] xc = x;
        if (!xCompact && !allIn) {
            xc = scratch(0, batch * ci * hwIn);
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < ci; c++)
                    System.arraycopy(x, (n * g.inC() + keptIn[c]) * hwIn, xc, (n * ci + c) * hwIn, hwIn);
        }
        float[] yc = yCompact ? y : scratch(1, batch * co * hwOut);
        ConvGeometry cg = compact.withBatch(batch);
        if (scalar) ScalarConv.conv2dForward(cg, xc, w, bias, yc);
        else VectorConv.conv2dForward(cg, xc, w, bias, yc);
        if (!yCompact)
            for (int n = 0; n < batch; n++) {
                SparseTaps.initOutput(g, fullBias, y, n, 0, hwOut);
                for (int o = 0; o < co; o++)
                    System.arraycopy(yc, (n * co + o) * hwOut, y, (n * g.outC() + keptOut[o]) * hwOut, hwOut);
            }
        epilogue.apply(y, batch, yCompact ? co : g.outC(), hwOut);
    }

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }
}
