package dev.slt.opencl;

import java.util.Arrays;
import java.util.List;

/**
 * A weight matrix W (rows × cols) stored as dense blocks, the layout a structured ticket leaves: block b
 * owns output rows {@code rows_b} and input columns {@code cols_b} (indices into K) and a dense
 * {@code |rows_b| × |cols_b|} weight, row-major. The product is {@code Out[rows_b, :] += W_b · X[cols_b, :]}
 * summed over blocks; blocks may share output rows.
 *
 * <p>Flattened for the device: {@code rowStart/colStart/weightStart} index each block's slice of
 * {@code rowIdx/colIdx/weights}; {@code entryPtr/entryBlock/entryRow} list, per output row, the
 * (block, local row) pairs that write it, so one work item per output element needs no atomics.
 */
public final class BlockSparseMatrix {

    /** One dense block: output rows, input columns, and the weight (rows.length × cols.length). */
    public record Block(int[] rows, int[] cols, float[] weight) {
        public Block {
            if (weight.length != rows.length * cols.length)
                throw new IllegalArgumentException("block weight has " + weight.length + " values, expected "
                        + rows.length + "×" + cols.length);
        }
    }

    final int rows, cols;
    final int[] rowStart, colStart, weightStart, rowIdx, colIdx;
    final float[] weights;
    final int[] entryPtr, entryBlock, entryRow;

    /** Validates the blocks against a {@code rows × cols} matrix and flattens them. */
    public BlockSparseMatrix(int rows, int cols, List<Block> blocks) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("block-sparse matrix: size must be positive, got " + rows + "×" + cols);
        this.rows = rows;
        this.cols = cols;
        int nb = blocks.size();
        rowStart = new int[nb + 1];
        colStart = new int[nb + 1];
        weightStart = new int[nb + 1];
        for (int b = 0; b < nb; b++) {
            Block blk = blocks.get(b);
            check(blk.rows(), rows, "row", b);
            check(blk.cols(), cols, "column", b);
            rowStart[b + 1] = rowStart[b] + blk.rows().length;
            colStart[b + 1] = colStart[b] + blk.cols().length;
            weightStart[b + 1] = weightStart[b] + blk.weight().length;
        }
        rowIdx = new int[Math.max(1, rowStart[nb])];
        colIdx = new int[Math.max(1, colStart[nb])];
        weights = new float[Math.max(1, weightStart[nb])];
        int[] perRow = new int[rows + 1];
        for (int b = 0; b < nb; b++) {
            Block blk = blocks.get(b);
            System.arraycopy(blk.rows(), 0, rowIdx, rowStart[b], blk.rows().length);
            System.arraycopy(blk.cols(), 0, colIdx, colStart[b], blk.cols().length);
            System.arraycopy(blk.weight(), 0, weights, weightStart[b], blk.weight().length);
            for (int r : blk.rows()) perRow[r + 1]++;
        }
        for (int r = 0; r < rows; r++) perRow[r + 1] += perRow[r];
        entryPtr = perRow.clone();
        int total = entryPtr[rows];
        entryBlock = new int[Math.max(1, total)];
        entryRow = new int[Math.max(1, total)];
        int[] fill = Arrays.copyOf(entryPtr, rows);
        for (int b = 0; b < nb; b++) {
            int[] rs = blocks.get(b).rows();
            for (int i = 0; i < rs.length; i++) {
                int e = fill[rs[i]]++;
                entryBlock[e] = b;
                entryRow[e] = i;
            }
        }
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Stored weights (the non-zeros of W). */
    public int storedWeights() { return weightStart[weightStart.length - 1]; }

    /**
     * Plain-loop reference: {@code out (rows × n) += W · x (cols × n)}, both row-major with leading
     * dimension n. Also the CPU path when the device kernel cannot run.
     */
    public void multiplyAdd(float[] x, int n, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int e = entryPtr[r]; e < entryPtr[r + 1]; e++) {
                int b = entryBlock[e], width = colStart[b + 1] - colStart[b];
                int w0 = weightStart[b] + entryRow[e] * width;
                for (int q = 0; q < width; q++) {
                    float w = weights[w0 + q];
                    int xr = colIdx[colStart[b] + q] * n;
                    for (int j = 0; j < n; j++) out[r * n + j] += w * x[xr + j];
                }
            }
        }
    }

    private static void check(int[] idx, int limit, String what, int block) {
        for (int i : idx)
            if (i < 0 || i >= limit)
                throw new IllegalArgumentException("block " + block + ": " + what + " index " + i + " outside 0.." + (limit - 1));
    }
}
