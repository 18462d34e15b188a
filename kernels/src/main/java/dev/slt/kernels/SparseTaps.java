package dev.slt.kernels;

/**
 * Shared geometry of the sparse conv kernels: where an im2col column {@code (c, ky, kx)} and an output
 * position start in the zero-padded plane stack {@code xp (C_in, H+2p, W+2p)} of one image, and the
 * argument checks every prepared layer makes.
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

    static int paddedH(ConvGeometry g) {
        return g.inH() + 2 * g.padH();
    }

    static int paddedW(ConvGeometry g) {
        return g.inW() + 2 * g.padW();
    }

    /** Offset in xp of im2col column {@code col = (c*kh + ky)*kw + kx}. */
    static int tapOffset(ConvGeometry g, int col) {
        int kk = g.kh() * g.kw(), c = col / kk, ky = col % kk / g.kw(), kx = col % g.kw();
        return (c * paddedH(g) + ky) * paddedW(g) + kx;
    }

    static int[] tapOffsets(ConvGeometry g, int[] cols) {
        int[] off = new int[cols.length];
        for (int i = 0; i < cols.length; i++) off[i] = tapOffset(g, cols[i]);
        return off;
    }

    /**
     * {@code base[oy*ow + ox] = oy*sh*wp + ox*sw}: where each output window starts in xp; the tail up to a
     * multiple of {@code multiple} points at 0 (computed on, then dropped).
     */
    static int[] positionBases(ConvGeometry g, int multiple) {
        int oh = g.outH(), ow = g.outW(), wp = paddedW(g);
        int[] b = new int[DirectConv.roundUp(oh * ow, multiple)];
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++) b[oy * ow + ox] = oy * g.strideH() * wp + ox * g.strideW();
        return b;
    }

    /** Zero-pads image {@code n} of x into xp. */
    static void pad(ConvGeometry g, float[] x, int n, float[] xp) {
        DirectConv.pad(x, n * g.inC() * g.inH() * g.inW(), g.inC(), g.inH(), g.inW(), xp, 0,
                paddedH(g), paddedW(g), g.padH(), g.padW());
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
