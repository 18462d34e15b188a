package dev.slt.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * The data gradient of a stride-2 layer (3x3, padding 1, even input) by phases: the inputs at even or odd rows
 * and columns each receive dy through a fixed subset of the kernel taps (1, 2, 2 and 4 of the 9), so
 * {@code dx[c][2i+py][2j+px] = Σ_{o, taps of phase (py,px)} w[o][c][ky][kx] · dy[o][i + dy][j + dx]} with
 * {@code dy, dx ∈ {0, 1}}: four stride-1 correlations over dy, no multiply by a zero. They run as one
 * {@link PositionConv} over the dy maps whose 4·C_in output rows are the four phases (one block per phase,
 * its columns the taps it uses); each chunk of images is then added into dx, interleaved, while in cache.
 * The alternative it replaces, {@code col2im(Wᵀ · dy)}, ran at a third of the stride-1 kernels' rate.
 */
final class StridedDataGradient {

    private StridedDataGradient() {}

    /** Stride 2 in both directions, 3x3, padding 1, groups 1, even input, and dy maps the position kernel fits. */
    static boolean fits(ConvGeometry g) {
        return g.groups() == 1 && g.strideH() == 2 && g.strideW() == 2 && g.kh() == 3 && g.kw() == 3 && g.padH() == 1
                && g.padW() == 1 && g.inH() == 2 * g.outH() && g.inW() == 2 * g.outW()
                && PlaneStack.fits(phaseGeometry(g));
    }

    /** The correlation over dy: C_out maps of outH x outW in, 4 C_in phase maps out, 3x3 taps centred (padding 1). */
    static ConvGeometry phaseGeometry(ConvGeometry g) {
        return ConvGeometry.of(1, g.outC(), g.outH(), g.outW(), 4 * g.inC(), 3, 1, 1);
    }

    /** {@code dx += conv_transpose(dy, w)} for a layer that {@link #fits}. */
    static void accumulate(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int ci = g.inC(), co = g.outC(), oh = g.outH(), ow = g.outW(), hw = oh * ow, batch = g.batch();
        PositionConv conv = new PositionConv(phaseGeometry(g), co, phaseBlocks(ci, co, w), null,
                new int[][] {PositionConv.identity(4 * ci)}, new int[] {4 * ci});
        int[] channels = PositionConv.identity(co);
        int chunks = (batch + PositionConv.CHUNK - 1) / PositionConv.CHUNK, image = ci * g.inH() * g.inW();
        KernelPool.parallelFor(chunks, (c0, c1) -> {
            float[] out = VectorConv.scratch(2, PositionConv.CHUNK * 4 * ci * hw);
            for (int c = c0; c < c1; c++) {
                int n0 = c * PositionConv.CHUNK, cnt = Math.min(PositionConv.CHUNK, batch - n0);
                conv.chunk(n0, cnt, dy, channels, out);
                for (int i = 0; i < cnt; i++) interleave(out, i * 4 * ci * hw, ci, oh, ow, dx, (n0 + i) * image);
            }
        });
    }

    /** dx[c][2i+py][2j+px] += phases[(py*2 + px)*C_in + c][i][j] for one image. */
    private static void interleave(float[] phases, int off, int ci, int oh, int ow, float[] dx, int dxOff) {
        int hw = oh * ow, w2 = 2 * ow;
        for (int ph = 0; ph < 4; ph++) {
            int py = ph >> 1, px = ph & 1;
            for (int c = 0; c < ci; c++) {
                int src = off + (ph * ci + c) * hw, dst = dxOff + c * 4 * hw + py * w2 + px;
                for (int i = 0; i < oh; i++, dst += 2 * w2, src += ow)
                    for (int j = 0; j < ow; j++) dx[dst + 2 * j] += phases[src + j];
            }
        }
    }

    /**
     * Phase (py, px): rows {@code (2py + px)*C_in + c}; a tap (ky, kx) of w reaches the phase when
     * {@code ky ≡ py + 1 (mod 2)} (likewise kx), reading dy at row offset {@code (py + 1 - ky)/2}, which is
     * centred-tap row {@code 1 + (py + 1 - ky)/2} of the 3x3 correlation over dy.
     */
    private static List<SparseBlock> phaseBlocks(int ci, int co, float[] w) {
        List<SparseBlock> blocks = new ArrayList<>(4);
        for (int ph = 0; ph < 4; ph++) {
            int py = ph >> 1, px = ph & 1;
            List<int[]> taps = new ArrayList<>();   // {ky, kx, correlation tap}
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                    if ((ky + py + 1) % 2 == 0 && (kx + px + 1) % 2 == 0)
                        taps.add(new int[] {ky, kx, (1 + (py + 1 - ky) / 2) * 3 + 1 + (px + 1 - kx) / 2});
            int k = co * taps.size();
            int[] rows = new int[ci], cols = new int[k];
            float[] wt = new float[ci * k];
            for (int c = 0; c < ci; c++) rows[c] = ph * ci + c;
            for (int o = 0; o < co; o++)
                for (int t = 0; t < taps.size(); t++) {
                    int[] tap = taps.get(t);
                    int col = o * taps.size() + t;
                    cols[col] = o * 9 + tap[2];
                    for (int c = 0; c < ci; c++) wt[c * k + col] = w[((o * ci + c) * 3 + tap[0]) * 3 + tap[1]];
                }
            blocks.add(new SparseBlock(rows, cols, wt));
        }
        return blocks;
    }
}
