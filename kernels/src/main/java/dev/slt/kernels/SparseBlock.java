package dev.slt.kernels;

/**
 * One dense block of a group-wise sparse conv layer: output channels {@code rows}, im2col columns
 * {@code cols} (index {@code (c*kh + ky)*kw + kx} into a filter's patch), and the {@code rows.length ×
 * cols.length} weights, row-major. The layer computes {@code Out[rows] += W · X[cols]}.
 */
public record SparseBlock(int[] rows, int[] cols, float[] weights) {

    public SparseBlock {
        if (rows == null || cols == null || weights == null)
            throw new IllegalArgumentException("sparse block: rows, cols and weights must not be null");
        if (weights.length != rows.length * cols.length)
            throw new IllegalArgumentException("sparse block: " + rows.length + " rows x " + cols.length
                    + " cols need " + rows.length * cols.length + " weights, got " + weights.length);
    }

    /** The block {@code rows × cols} cut out of dense weights (outC, patch), row-major with row length {@code patch}. */
    public static SparseBlock of(float[] dense, int patch, int[] rows, int[] cols) {
        float[] w = new float[rows.length * cols.length];
        for (int i = 0; i < rows.length; i++)
            for (int j = 0; j < cols.length; j++) w[i * cols.length + j] = dense[rows[i] * patch + cols[j]];
        return new SparseBlock(rows.clone(), cols.clone(), w);
    }

    /** Multiply-adds per output position. */
    public long macs() {
        return (long) rows.length * cols.length;
    }
}
