package dev.slt.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded random sparse versions of a dense layer at a given weight density, one per pattern, for benchmarks
 * (the pruning module builds the real ones from tickets). Every pattern keeps about {@code density} of the
 * weights, so the ideal speedup is about 1/density for each:
 * <ul>
 *   <li>{@link Pattern#CHANNEL}: {@code ceil(density · C_out)} random output channels, all input channels
 *       (a lone layer; in a chain of slimmed layers the previous layer's cut would shrink C_in too);
 *   <li>{@link Pattern#GROUP}: regroup's shape: the output channels, shuffled, cut into
 *       {@code P = min(8, max(1, C_out / 16))} parts of at least 8 rows, each part one block with its own
 *       random {@code round(density · patch)} columns;
 *   <li>{@link Pattern#UNSTRUCTURED}: {@code round(density · weights)} random weights, in CSR form.
 * </ul>
 */
public final class SyntheticSparsity {

    /** The sparsity patterns. */
    public enum Pattern {
        CHANNEL, GROUP, UNSTRUCTURED;

        /** Lower-case name, as on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The pattern named {@code s} (case-insensitive). */
        public static Pattern parse(String s) {
            for (Pattern p : values()) if (p.label().equals(s.trim().toLowerCase(Locale.ROOT))) return p;
            throw new IllegalArgumentException("unknown pattern '" + s + "' (expected channel, group or unstructured)");
        }
    }

    /** Rows per part at least this (regroup's b1, the micro-kernel height). */
    private static final int MIN_ROWS = GemmMicroKernel.MR;
    /** Most parts per layer (regroup's P). */
    private static final int MAX_PARTS = 8;

    private SyntheticSparsity() {}

    /** The layer of dense weights (outC, inC, kh, kw) at {@code density} in (0, 1] for the pattern. */
    public static PreparedConv layer(Pattern p, ConvGeometry g, float[] w, float[] bias, double density, long seed) {
        if (!(density > 0 && density <= 1)) throw new IllegalArgumentException("density must be in (0, 1], got " + density);
        SplittableRandom r = new SplittableRandom(seed);
        return switch (p) {
            case CHANNEL -> {
                int keep = (int) Math.ceil(density * g.outC() - 1e-9);
                int[] out = java.util.Arrays.copyOf(permutation(r, g.outC()), Math.max(1, keep));
                java.util.Arrays.sort(out);
                int[] in = new int[g.inC()];
                for (int c = 0; c < in.length; c++) in[c] = c;
                yield new SlimConv(g, w, bias, in, out);
            }
            case GROUP -> new BlockSparseConv(g, groupBlocks(g, w, density, r), bias);
            case UNSTRUCTURED -> {
                float[] masked = new float[w.length];
                int keep = (int) Math.round(density * w.length);
                int[] perm = permutation(r, w.length);
                for (int i = 0; i < keep; i++) masked[perm[i]] = w[perm[i]] == 0f ? Float.MIN_NORMAL : w[perm[i]];
                yield CsrConv.fromDense(g, masked, bias);
            }
        };
    }

    private static List<SparseBlock> groupBlocks(ConvGeometry g, float[] w, double density, SplittableRandom r) {
        int outC = g.outC(), patch = g.patch();
        int parts = Math.max(1, Math.min(MAX_PARTS, outC / (2 * MIN_ROWS)));
        int width = Math.max(1, (int) Math.round(density * patch));
        int[] rows = permutation(r, outC);
        List<SparseBlock> blocks = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            int[] part = java.util.Arrays.copyOfRange(rows, outC * k / parts, outC * (k + 1) / parts);
            int[] cols = java.util.Arrays.copyOf(permutation(r, patch), width);
            java.util.Arrays.sort(cols);
            blocks.add(SparseBlock.of(w, patch, part, cols));
        }
        return blocks;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates, drawn from {@code r}). */
    public static int[] permutation(SplittableRandom r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
