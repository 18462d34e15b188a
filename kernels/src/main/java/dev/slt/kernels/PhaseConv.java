package dev.slt.kernels;

import java.util.List;

/**
 * A 3x3 stride-2 convolution (padding 1, even input sides) as a stride-1 one, so that it runs along output positions
 * ({@link PositionConv}) like the stride-1 layers instead of in the strided direct kernel (measured 6-21 GFLOP/s at
 * the CIFAR ResNet shapes). Output (oy, ox) reads input rows {@code 2oy-1, 2oy, 2oy+1}: split x into its four phases
 * {@code x_(py,px)[i][j] = x[2i+py][2j+px]}, each (H/2) x (W/2), and those rows are phase py=1 at row oy-1, phase 0
 * at row oy and phase 1 at row oy (likewise for columns). So the layer is a 3x3 stride-1 "same" conv over 4 C_in
 * phase planes in which each original tap (c, ky, kx) is exactly one column: phase {@code (ky != 1, kx != 1)} of
 * channel c at offset {@code (ky == 0 ? -1 : 0, kx == 0 ? -1 : 0)}. The 9 C_in columns are the original ones, so
 * the FLOPs are too. Each chunk of images is split into phases in a per-thread buffer, then laid out and run as
 * one {@link PositionConv} chunk (the epilogue applied while the chunk is in cache).
 */
final class PhaseConv {

    private final ConvGeometry g, phases;
    private final PositionConv positions;
    /** Input slots (channels) per image, and the identity over their 4x phase planes. */
    private final int slots;
    private final int[] identity;

    /** Per thread: one chunk of phase-split images. */
    private static final ThreadLocal<float[][]> SPLIT = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * @param g          the strided layer (batch ignored); {@link #fits} must hold
     * @param slots      input channels per image the weights read (the kept ones of a slimmed layer)
     * @param w          weights (co, slots, 3, 3) for output rows 0..co-1
     * @param bias       (co) or null
     * @param outChannel per output map, the y channel of each row, as for {@link PositionConv}
     * @param yChannels  per output map, the channels of a y image
     */
    PhaseConv(ConvGeometry g, int slots, float[] w, float[] bias, int[][] outChannel, int[] yChannels) {
        if (!fits(g)) throw new IllegalArgumentException("phase conv: layer " + g + " is not 3x3, stride 2, padding 1 on even sides");
        this.g = g;
        this.slots = slots;
        this.phases = phaseGeometry(g, slots, outChannel[0].length);
        int co = outChannel[0].length, k = slots * 9;
        int[] rows = PositionConv.identity(co), cols = new int[k];
        for (int c = 0; c < slots; c++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) cols[(c * 3 + ky) * 3 + kx] = column(c, ky, kx);
        // weights stay in (co, slots, 3, 3) order: column p of the block is original tap p
        this.positions = new PositionConv(phases, 4 * slots, List.of(new SparseBlock(rows, cols, w)), bias, outChannel, yChannels);
        this.identity = PositionConv.identity(4 * slots);
    }

    /** The phase-plane column (for {@link PlaneStack#columnOffset}) of original tap (c, ky, kx). */
    static int column(int c, int ky, int kx) {
        int py = ky == 1 ? 0 : 1, px = kx == 1 ? 0 : 1, dy = ky == 0 ? 0 : 1, dx = kx == 0 ? 0 : 1;
        return ((c * 4 + py * 2 + px) * 3 + dy) * 3 + dx;
    }

    /** The stride-1 layer over the phase planes of {@code slots} input channels, {@code co} outputs. */
    static ConvGeometry phaseGeometry(ConvGeometry g, int slots, int co) {
        return new ConvGeometry(1, 4 * slots, g.inH() / 2, g.inW() / 2, co, 3, 3, 1, 1, 1, 1, 1);
    }

    /** 3x3, stride 2, padding 1, groups 1, even sides, and the phase layer runs well along positions ({@link PositionConv#pays}). */
    static boolean fits(ConvGeometry g) {
        if (g.kh() != 3 || g.kw() != 3 || g.strideH() != 2 || g.strideW() != 2 || g.padH() != 1 || g.padW() != 1
                || g.groups() != 1 || g.inH() % 2 != 0 || g.inW() % 2 != 0 || g.inH() < 2 || g.inW() < 2)
            return false;
        return PositionConv.pays(phaseGeometry(g, g.inC(), g.outC()));
    }

    /**
     * The rows' outputs for {@code batch} images into output map {@code map} of y, then the epilogue on each chunk:
     * x images have {@code xChannels} channels, input slot s being channel {@code inChannel[s]}.
     */
    void forward(int batch, float[] x, int xChannels, int[] inChannel, float[] y, int map, ConvEpilogue epilogue) {
        if (batch == 0) return;
        int chunks = (batch + PositionConv.CHUNK - 1) / PositionConv.CHUNK;
        KernelPool.parallelFor(chunks, (c0, c1) -> {
            float[] split = splitBuffer(PositionConv.CHUNK * 4 * slots * phasePlane());
            for (int c = c0; c < c1; c++) {
                int n0 = c * PositionConv.CHUNK, cnt = Math.min(PositionConv.CHUNK, batch - n0);
                for (int i = 0; i < cnt; i++) split(x, (n0 + i) * xChannels * g.inH() * g.inW(), inChannel, split, i * 4 * slots * phasePlane());
                positions.chunkFrom(split, 4 * slots, identity, n0, cnt, y, map, epilogue);
            }
        });
    }

    private int phasePlane() {
        return (g.inH() / 2) * (g.inW() / 2);
    }

    /** One x image's slots as 4 phase planes each: plane {@code s*4 + py*2 + px} holds {@code x[2i+py][2j+px]}. */
    private void split(float[] x, int xImage, int[] inChannel, float[] out, int outImage) {
        int h = g.inH(), w = g.inW(), h2 = h / 2, w2 = w / 2, plane = h2 * w2;
        for (int s = 0; s < slots; s++) {
            int src = xImage + inChannel[s] * h * w, dst = outImage + s * 4 * plane;
            for (int i = 0; i < h2; i++) {
                int even = src + 2 * i * w, odd = even + w, o = dst + i * w2;
                for (int j = 0; j < w2; j++) {
                    out[o + j] = x[even + 2 * j];
                    out[o + plane + j] = x[even + 2 * j + 1];
                    out[o + 2 * plane + j] = x[odd + 2 * j];
                    out[o + 3 * plane + j] = x[odd + 2 * j + 1];
                }
            }
        }
    }

    private static float[] splitBuffer(int size) {
        float[][] b = SPLIT.get();
        if (b[0].length < size) b[0] = new float[size];
        return b[0];
    }
}
