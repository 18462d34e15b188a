package dev.slt.pruning.post;

import java.util.Arrays;

/**
 * A dense block of a layer's matrix view: the entries {@code rows × cols} (output channels × im2col
 * columns), both ascending. Regroup's unit of structure.
 */
public record Block(int[] rows, int[] cols) {

    public Block {
        rows = rows.clone();
        cols = cols.clone();
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public int[] cols() {
        return cols.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && Arrays.equals(rows, b.rows) && Arrays.equals(cols, b.cols);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols);
    }

    @Override
    public String toString() {
        return "Block(" + rows.length + " rows × " + cols.length + " cols)";
    }
}
