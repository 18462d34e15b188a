package dev.slt.opencl;

/**
 * {@code out (rows × n) += W · x (cols × n)} for a {@link BlockSparseMatrix} W. Work item (j, r) computes
 * out[r, j] from the (block, local row) entries of row r, so blocks that share an output row need no
 * atomics and the sum order is fixed.
 */
public final class BlockSparseGemmKernel extends DeviceKernel {

    float[] x = new float[1], out = new float[1], weights = new float[1];
    int[] colStart = new int[1], weightStart = new int[1], colIdx = new int[1];
    int[] entryPtr = new int[1], entryBlock = new int[1], entryRow = new int[1];
    int rows, n;

    void bind(BlockSparseMatrix w, float[] x, int n, float[] out) {
        this.weights = w.weights;
        this.colStart = w.colStart;
        this.weightStart = w.weightStart;
        this.colIdx = w.colIdx;
        this.entryPtr = w.entryPtr;
        this.entryBlock = w.entryBlock;
        this.entryRow = w.entryRow;
        this.rows = w.rows;
        this.x = x;
        this.n = n;
        this.out = out;
    }

    @Override
    public void run() {
        int j = getGlobalId(0), r = getGlobalId(1);
        if (j < n && r < rows) {
            float acc = 0f;
            for (int e = entryPtr[r]; e < entryPtr[r + 1]; e++) {
                int b = entryBlock[e], c0 = colStart[b], width = colStart[b + 1] - c0;
                int w0 = weightStart[b] + entryRow[e] * width;
                for (int q = 0; q < width; q++) acc += weights[w0 + q] * x[colIdx[c0 + q] * n + j];
            }
            out[r * n + j] = out[r * n + j] + acc;
        }
    }
}
