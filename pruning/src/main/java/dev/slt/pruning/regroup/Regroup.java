package dev.slt.pruning.regroup;

import java.util.ArrayList;
import java.util.List;

/**
 * Regroup (METHOD.md, Algorithm 3): turns one layer's unstructured mask into dense blocks. A conv
 * mask {@code (C_out, C_in, kh, kw)} is passed as {@code rows = C_out}, {@code cols = C_in·kh·kw},
 * row-major. Steps: hypergraph of the non-empty rows and columns; P-way partition of the rows
 * ({@link Partitioner}); per part of at least {@code b1} rows, a block of the part's rows × the
 * columns chosen by the t1 rule ({@link BlockExtractor}); the new mask is the union of the blocks.
 * A layer that yields no block keeps its input mask and is flagged.
 */
public final class Regroup {

    private Regroup() {}

    /**
     * Regroups {@code mask} ({@code rows × cols}, row-major, entries 0 or 1).
     *
     * @param seed seeds the partitioner; the same inputs and seed give the same result
     * @throws IllegalArgumentException on a null or mis-sized mask, an entry other than 0/1, or null params
     */
    public static RegroupResult apply(float[] mask, int rows, int cols, RegroupParams params, long seed) {
        if (params == null) throw new IllegalArgumentException("regroup params must not be null");
        Hypergraph h = Hypergraph.fromMask(mask, rows, cols);   // validates shape and 0/1 entries
        double size = (double) rows * cols;
        double densityIn = h.pinCount() / size;
        int parts = Math.max(1, Math.min(params.partsFor(rows), h.vertexCount()));
        int[] part = Partitioner.of(params).partition(h, parts, seed);

        int[] partOfRow = new int[rows];
        java.util.Arrays.fill(partOfRow, -1);
        for (int v = 0; v < h.vertexCount(); v++) partOfRow[h.vertexLabel(v)] = part[v];

        int[] sizes = new int[parts];
        for (int p : part) sizes[p]++;
        List<Block> blocks = new ArrayList<>();
        int dropped = 0;
        for (int p = 0; p < parts; p++) {
            if (sizes[p] < params.b1()) { dropped += sizes[p]; continue; }   // too few rows for a block
            int[] members = new int[sizes[p]];
            for (int v = 0, k = 0; v < part.length; v++) if (part[v] == p) members[k++] = v;
            int[] blockRows = new int[members.length];
            for (int i = 0; i < members.length; i++) blockRows[i] = h.vertexLabel(members[i]);  // ascending
            blocks.add(new Block(blockRows, BlockExtractor.columns(h, part, p, members, cols, params.t1())));
        }
        int cut = CutMetrics.connectivity(h, part, parts);
        if (blocks.isEmpty())
            return new RegroupResult(mask.clone(), List.of(), true, parts, partOfRow, cut, 0,
                    densityIn, densityIn, params.rowTile());

        float[] out = new float[mask.length];
        long ones = 0;
        for (Block b : blocks) {
            for (int r : b.rows()) {
                int base = r * cols;
                for (int c : b.cols()) out[base + c] = 1f;
            }
            ones += b.size();                          // blocks have disjoint rows
        }
        return new RegroupResult(out, blocks, false, parts, partOfRow, cut, dropped,
                densityIn, ones / size, params.rowTile());
    }
}
