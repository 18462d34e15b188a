package dev.slt.opencl;

import dev.slt.kernels.BlockSparseConv;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.kernels.SparseBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The device twin of a CPU {@link PreparedConv} (dense, channel-slimmed or block-sparse): one device im2col
 * unrolls the whole batch into {@code (patch, N·oh·ow)}, one device product multiplies it — a GEMM with the
 * (compacted) dense weights, or the block-sparse GEMM with the layer's blocks — and the host reorders the
 * {@code (C_out, N·oh·ow)} result into NCHW, adding the bias. A slimmed twin gathers the kept input channels
 * first (unless the input is compact or keeps them all) and writes the kept output channels, as
 * {@link SlimConv} does. The weights are laid out once, here; each launch copies its arrays (weights included) to
 * the device and back, as every {@link OpenClKernels} call does. A device kernel that cannot run falls back to its Vector API twin with one
 * notice, and {@link #device()} then says {@code cpu}.
 */
public final class DeviceConv implements PreparedConv {

    private final OpenClKernels k;
    private final PreparedConv cpu;
    private final ConvGeometry g;
    /** The conv the device computes: kept input and output channels, batch 1; null when none is kept. */
    private final ConvGeometry inner;
    private final int[] keptIn, keptOut, dropped;
    private final boolean allIn;
    /** GEMM weights (keptOut, keptIn·kh·kw), or null for a block-sparse layer. */
    private final float[] weights;
    private final BlockSparseMatrix blocks;
    /** Bias of the kept outputs, and of every output (null: no bias). */
    private final float[] bias, fullBias;
    private float[] gathered = new float[0], cols = new float[0], product = new float[0];

    private DeviceConv(OpenClKernels k, PreparedConv cpu, int[] keptIn, int[] keptOut, float[] weights, BlockSparseMatrix blocks,
                       float[] fullBias) {
        this.k = k;
        this.cpu = cpu;
        this.g = cpu.geometry().withBatch(1);
        this.keptIn = keptIn;
        this.keptOut = keptOut;
        this.weights = weights;
        this.blocks = blocks;
        this.fullBias = fullBias;
        boolean identity = keptIn.length == g.inC();
        for (int c = 0; c < keptIn.length && identity; c++) identity = keptIn[c] == c;
        this.allIn = identity;
        this.inner = keptIn.length == 0 || keptOut.length == 0 ? null
                : new ConvGeometry(1, keptIn.length, g.inH(), g.inW(), keptOut.length, g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), 1);
        this.bias = fullBias == null ? null : new float[keptOut.length];
        for (int o = 0; bias != null && o < keptOut.length; o++) bias[o] = fullBias[keptOut[o]];
        boolean[] kept = new boolean[g.outC()];
        for (int o : keptOut) kept[o] = true;
        int[] rest = new int[g.outC() - keptOut.length];
        for (int o = 0, at = 0; o < g.outC(); o++) if (!kept[o]) rest[at++] = o;
        this.dropped = rest;
    }

    /** The twin of {@code conv} on {@code k}'s device; empty for convs without one (CSR, grouped). */
    public static Optional<DeviceConv> of(OpenClKernels k, PreparedConv conv) {
        ConvGeometry g = conv.geometry();
        return switch (conv) {
            case DenseConv d -> Optional.of(new DeviceConv(k, d, all(g.inC()), all(g.outC()), d.weights(), null, d.bias()));
            case SlimConv s -> Optional.of(new DeviceConv(k, s, s.keptIn(), s.keptOut(), s.compactWeights(), null, s.bias()));
            case BlockSparseConv b -> Optional.of(new DeviceConv(k, b, all(g.inC()), all(g.outC()), null, matrix(g, b.blocks()), b.bias()));
            default -> Optional.empty();
        };
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** The blocks as one (C_out × patch) matrix for the device: flattened once. */
    private static BlockSparseMatrix matrix(ConvGeometry g, List<SparseBlock> blocks) {
        List<BlockSparseMatrix.Block> out = new ArrayList<>();
        for (SparseBlock b : blocks) out.add(new BlockSparseMatrix.Block(b.rows(), b.cols(), b.weights()));
        return new BlockSparseMatrix(g.outC(), g.patch(), out);
    }

    @Override
    public ConvGeometry geometry() {
        return g;
    }

    @Override
    public long macsPerImage() {
        return cpu.macsPerImage();
    }

    /** The device's name while its kernels run there; {@code cpu} once one has been switched to the Vector API. */
    @Override
    public String device() {
        var off = k.switchedOff();
        return off.contains("im2col") || off.contains(blocks == null ? "gemm" : "blockSparseGemm") ? "cpu" : k.deviceName();
    }

    /** The CPU conv this is the twin of. */
    public PreparedConv cpu() {
        return cpu;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        forward(batch, x, false, y, false);
    }

    /** The CPU conv's plain loops: the oracle. */
    @Override
    public void forwardScalar(int batch, float[] x, float[] y) {
        cpu.forwardScalar(batch, x, y);
    }

    /**
     * {@code y = conv(x)}: x is (batch, keptIn, H, W) when {@code xCompact}, else (batch, inC, H, W); y is
     * (batch, keptOut, oh, ow) when {@code yCompact}, else (batch, outC, oh, ow). Only a slimmed twin keeps fewer
     * channels; for the others compact and full are the same.
     */
    public synchronized void forward(int batch, float[] x, boolean xCompact, float[] y, boolean yCompact) {
        int plane = g.outH() * g.outW(), co = keptOut.length;
        if ((long) batch * plane * Math.max(co, g.patch()) > Integer.MAX_VALUE)
            throw new IllegalArgumentException("device conv: batch " + batch + " is too large for one device array");
        int span = batch * plane;
        if (inner != null) {
            float[] in = xCompact || allIn ? x : gather(batch, x);
            int patch = inner.patch();
            cols = sized(cols, (long) patch * span);
            k.im2colBatch(inner, batch, in, cols);
            product = sized(product, (long) co * span);
            if (blocks == null) {
                k.gemm(false, false, co, span, patch, 1f, weights, 0, patch, cols, 0, span, 0f, product, 0, span);
            } else {
                Arrays.fill(product, 0f);
                k.blockSparseGemm(blocks, cols, span, product);
            }
        }
        int outC = yCompact ? co : g.outC();
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < co; o++) {
                // (co, N·P) → (N, C, P): column block n of row o is image n's plane of channel o
                int to = (n * outC + (yCompact ? o : keptOut[o])) * plane, from = o * span + n * plane;
                float b = bias == null ? 0f : bias[o];
                if (inner == null) Arrays.fill(y, to, to + plane, b);
                else for (int p = 0; p < plane; p++) y[to + p] = product[from + p] + b;
            }
            if (yCompact) continue;
            for (int o : dropped) Arrays.fill(y, (n * outC + o) * plane, (n * outC + o + 1) * plane, fullBias == null ? 0f : fullBias[o]);
        }
    }

    private float[] gather(int batch, float[] x) {
        int hw = g.inH() * g.inW(), ci = keptIn.length;
        gathered = sized(gathered, (long) batch * ci * hw);
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < ci; c++) System.arraycopy(x, (n * g.inC() + keptIn[c]) * hw, gathered, (n * ci + c) * hw, hw);
        return gathered;
    }

    /** An array of exactly {@code n} floats (Aparapi copies whole arrays, so no slack): {@code a} when it fits. */
    private static float[] sized(float[] a, long n) {
        return a.length == n ? a : new float[(int) n];
    }
}
