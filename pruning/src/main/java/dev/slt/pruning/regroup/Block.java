package dev.slt.pruning.regroup;

import java.util.Arrays;

/**
 * One dense block {@code rows × cols} of a regrouped mask: the block-sparse kernel computes
 * {@code Out[rows] += W[rows, cols] · X[cols]}. Both index lists are strictly ascending.
 */
public record Block(int[] rows, int[] cols) {

    public Block {
        requireAscending(rows, "rows");
        requireAscending(cols, "cols");
    }

    public int height() { return rows.length; }

    public int width() { return cols.length; }

    /** Weights covered: {@code height · width}. */
    public long size() { return (long) rows.length * cols.length; }

    /** Row tiles of height {@code rowTile} the block-sparse kernel splits this block into: {@code ceil(height / rowTile)}. */
    public int tiles(int rowTile) {
        if (rowTile < 1) throw new IllegalArgumentException("rowTile must be >= 1, got " + rowTile);
        return (rows.length + rowTile - 1) / rowTile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && Arrays.equals(rows, b.rows) && Arrays.equals(cols, b.cols);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols); }

    @Override
    public String toString() { return "Block[" + rows.length + " rows x " + cols.length + " cols]"; }

    private static void requireAscending(int[] idx, String what) {
        if (idx == null || idx.length == 0) throw new IllegalArgumentException("block " + what + " must be non-empty");
        if (idx[0] < 0) throw new IllegalArgumentException("block " + what + " has a negative index " + idx[0]);
        for (int i = 1; i < idx.length; i++)
            if (idx[i] <= idx[i - 1])
                throw new IllegalArgumentException("block " + what + " must be strictly ascending, got "
                        + idx[i - 1] + " then " + idx[i] + " at position " + i);
    }
}
