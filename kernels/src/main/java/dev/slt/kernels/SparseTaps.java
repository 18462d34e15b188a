package dev.slt.kernels;

/**
 * Shared geometry of the sparse conv kernels: the zero-padded image {@code xp} of one input, where an
 * im2col column {@code (c, ky, kx)} and an output position start in it, and the argument checks every
 * prepared layer makes.
 *
 * <p>Rows of xp are {@code W + padW} long, not {@code W + 2 padW}: the right padding of a row and the left
 * padding of the next are the same zeros (a window reaching past a row's end sees zeros either way), so the
 * padded grid of a stride-1 layer computes {@code padW} dropped columns per output row rather than
 * {@code 2 padW} (8x8 maps, pad 1: 12 % extra instead of 25 %). Padded element (c, iy, ix) is at
 * {@code c*planeSize + iy*rowStride + ix}; an ix past the row stride lands in the next row's (or the next
 * plane's top padding, or the slack's) zeros.
 */
final class SparseTaps {

    private SparseTaps() {}

    /** The geometry with batch 1; groups other than 1 are refused (the sparse formats index whole patches). */
    static ConvGeometry single(ConvGeometry g) {
        if (g.groups() != 1) throw new IllegalArgumentException("sparse conv: groups must be 1, got " + g.groups());
        return g.withBatch(1);
    }

    static void checkLength(String what, float[] a, long expected) {
        if (a == null || a.length != expected)
            throw new IllegalArgumentException("sparse conv: " + what + " must have " + expected + " floats, got "
                    + (a == null ? "null" : a.length));
    }

    static int rowStride(ConvGeometry g) {
        return g.inW() + g.padW();
    }

    static int planeSize(ConvGeometry g) {
        return (g.inH() + 2 * g.padH()) * rowStride(g);
    }

    /** Floats of xp: the planes, a row's overhang past the last one, and {@code slack} for a kernel's last tile. */
    static int paddedSize(ConvGeometry g, int slack) {
        return g.inC() * planeSize(g) + rowStride(g) + g.padW() + g.kw() + slack;
    }

    /** Offset in xp of im2col column {@code col = (c*kh + ky)*kw + kx}. */
    static int tapOffset(ConvGeometry g, int col) {
        int kk = g.kh() * g.kw(), c = col / kk, ky = col % kk / g.kw(), kx = col % g.kw();
        return c * planeSize(g) + ky * rowStride(g) + kx;
    }

    static int[] tapOffsets(ConvGeometry g, int[] cols) {
        int[] off = new int[cols.length];
        for (int i = 0; i < cols.length; i++) off[i] = tapOffset(g, cols[i]);
        return off;
    }

    /**
     * {@code base[oy*ow + ox] = oy*sh*rowStride + ox*sw}: where each output window starts in xp; the tail up
     * to a multiple of {@code multiple} points at 0 (computed on, then dropped).
     */
    static int[] positionBases(ConvGeometry g, int multiple) {
        int oh = g.outH(), ow = g.outW(), ws = rowStride(g);
        int[] b = new int[DirectConv.roundUp(oh * ow, multiple)];
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++) b[oy * ow + ox] = oy * g.strideH() * ws + ox * g.strideW();
        return b;
    }

    /** Positions of a stride-1 layer's padded grid, {@code q = oy*rowStride + ox}, up to the last output. */
    static int gridSize(ConvGeometry g) {
        return (g.outH() - 1) * rowStride(g) + g.outW();
    }

    /**
     * Zero-pads image {@code n} of x into the first {@code size} floats of xp, writing each float once: per
     * plane the top rows, then each data row followed by the {@code padW} zeros it shares with the next row,
     * then the bottom rows; the slack past the planes last.
     */
    static void pad(ConvGeometry g, float[] x, int n, float[] xp, int size) {
        int h = g.inH(), w = g.inW(), ws = rowStride(g), plane = planeSize(g), ph = g.padH(), pw = g.padW();
        int xOff = n * g.inC() * h * w;
        for (int c = 0; c < g.inC(); c++) {
            int base = c * plane, at = base + ph * ws + pw;
            java.util.Arrays.fill(xp, base, at, 0f);
            for (int y = 0; y < h; y++, at += ws) {
                System.arraycopy(x, xOff + (c * h + y) * w, xp, at, w);
                java.util.Arrays.fill(xp, at + w, at + ws, 0f);
            }
            // the last row's shared zeros ran pw past (ph + h)*ws; the rest of the plane is bottom padding
            java.util.Arrays.fill(xp, Math.min(at, base + plane), base + plane, 0f);
        }
        java.util.Arrays.fill(xp, g.inC() * plane, size, 0f);
    }

    /** One channel's outputs from its padded-grid row: y[out + oy*ow + ox] = src[from + oy*rowStride + ox]. */
    static void copyGrid(ConvGeometry g, float[] src, int from, float[] y, int out) {
        int ws = rowStride(g), ow = g.outW();
        // a plain loop: rows of 8-16 floats cost an arraycopy call each more than the copy itself
        for (int oy = 0; oy < g.outH(); oy++) {
            int a = from + oy * ws, d = out + oy * ow;
            for (int ox = 0; ox < ow; ox++) y[d + ox] = src[a + ox];
        }
    }

    /** Fills {@code count} positions from {@code j0} of every output channel of image n with its bias (or 0). */
    static void initOutput(ConvGeometry g, float[] bias, float[] y, int n, int j0, int count) {
        int hw = g.outH() * g.outW();
        for (int o = 0; o < g.outC(); o++) {
            int at = (n * g.outC() + o) * hw + j0;
            java.util.Arrays.fill(y, at, at + count, bias == null ? 0f : bias[o]);
        }
    }
}
