package dev.slt.pruning.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The structure of one conv mask {@code (outC, inC·k·k)}, read off its rows: rows with the same set of kept
 * columns form a block (row set × column set), so every mask is a union of blocks, one per distinct row pattern.
 * <ul>
 *   <li>{@code FULL}: nothing pruned;
 *   <li>{@code CHANNEL}: one pattern made of whole input channels (or no row kept): a smaller dense conv;
 *   <li>{@code BLOCKS}: few patterns, on average at least {@link #MIN_BLOCK_ROWS} rows each (regroup's shape);
 *   <li>{@code UNSTRUCTURED}: anything else.
 * </ul>
 *
 * @param blocks per block its rows and its columns, each increasing
 */
record MaskStructure(Kind kind, double density, int[] keptIn, int[] keptOut, List<int[][]> blocks) {

    enum Kind { FULL, CHANNEL, BLOCKS, UNSTRUCTURED }

    /** Below this many rows per block on average the block kernel's 8-row tiles run mostly empty. */
    static final int MIN_BLOCK_ROWS = 4;

    static MaskStructure of(float[] mask, int outC, int inC, int kk) {
        int patch = inC * kk;
        if (mask == null) return new MaskStructure(Kind.FULL, 1, range(inC), range(outC), List.<int[][]>of(new int[][] {range(outC), range(patch)}));
        var patterns = new LinkedHashMap<BitSet, List<Integer>>();
        long nnz = 0;
        for (int o = 0; o < outC; o++) {
            BitSet cols = new BitSet(patch);
            for (int j = 0; j < patch; j++) if (mask[o * patch + j] != 0f) cols.set(j);
            nnz += cols.cardinality();
            if (!cols.isEmpty()) patterns.computeIfAbsent(cols, k -> new ArrayList<>()).add(o);
        }
        double density = (double) nnz / ((long) outC * patch);
        var blocks = new ArrayList<int[][]>();
        int rows = 0;
        for (var e : patterns.entrySet()) {
            blocks.add(new int[][] {e.getValue().stream().mapToInt(Integer::intValue).toArray(), e.getKey().stream().toArray()});
            rows += e.getValue().size();
        }
        if (nnz == (long) outC * patch) return new MaskStructure(Kind.FULL, 1, range(inC), range(outC), blocks);
        if (blocks.isEmpty()) return new MaskStructure(Kind.CHANNEL, 0, new int[0], new int[0], blocks);
        if (blocks.size() == 1) {
            int[] channels = wholeChannels(patterns.keySet().iterator().next(), inC, kk);
            if (channels != null) return new MaskStructure(Kind.CHANNEL, density, channels, blocks.getFirst()[0], blocks);
        }
        Kind kind = rows >= MIN_BLOCK_ROWS * blocks.size() ? Kind.BLOCKS : Kind.UNSTRUCTURED;
        return new MaskStructure(kind, density, null, null, blocks);
    }

    /** The input channels of {@code cols} when it holds every tap of each channel it touches, else null. */
    private static int[] wholeChannels(BitSet cols, int inC, int kk) {
        int[] out = new int[inC];
        int n = 0;
        for (int c = 0; c < inC; c++) {
            int set = cols.get(c * kk, (c + 1) * kk).cardinality();
            if (set == kk) out[n++] = c;
            else if (set != 0) return null;
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
