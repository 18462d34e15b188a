package dev.slt.opencl;

/**
 * Tiled GEMM, {@code C = alpha·op(A)·op(B) + beta·C}, with A, B and C at offsets in one array
 * {@code mem}: one array lets a chain of products stay on the device (see {@link DeviceMatrices}).
 * A 16×16 work-group computes a 64×64 tile of C: per step of 16 along k it stages a 64×16 slice of
 * op(A) and a 16×64 slice of op(B) in local memory, and each work item accumulates a 4×4 block of C in
 * registers (rows ly + 16i, columns lx + 16j, so neighbouring items touch neighbouring columns). Four
 * loads from local memory feed sixteen multiply-adds.
 */
public final class GemmKernel extends DeviceKernel {

    /** Work items per side of a work-group; each computes {@code BLOCK × BLOCK} outputs. */
    static final int GROUP = 16;
    static final int BLOCK = 4;
    /** C tile per work-group, and the k step. */
    static final int TILE = GROUP * BLOCK;
    static final int STEP = 16;

    float[] mem = new float[1];
    int m, n, k, aOff, bOff, cOff, ldc;
    /** Element (i, p) of op(A) is at {@code aOff + i·aRow + p·aCol}; (p, j) of op(B) at {@code bOff + p·bRow + j·bCol}. */
    int aRow, aCol, bRow, bCol;
    float alpha, beta;

    @Local final float[] tileA = new float[TILE * STEP];
    @Local final float[] tileB = new float[STEP * TILE];

    void set(boolean ta, boolean tb, int m, int n, int k, float alpha, int aOff, int lda, int bOff, int ldb,
             float beta, int cOff, int ldc) {
        // the transposes become strides on the host, so the kernel's loads have no branch to vectorise around
        this.aRow = ta ? 1 : lda;
        this.aCol = ta ? lda : 1;
        this.bRow = tb ? 1 : ldb;
        this.bCol = tb ? ldb : 1;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.aOff = aOff;
        this.bOff = bOff;
        this.beta = beta;
        this.cOff = cOff;
        this.ldc = ldc;
    }

    @Override
    public void run() {
        int lx = getLocalId(0), ly = getLocalId(1);
        int col0 = getGroupId(0) * TILE, row0 = getGroupId(1) * TILE;
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int t = 0; t < k; t += STEP) {
            // 256 items stage 1024 values of each slice, 0 outside the matrices
            for (int j = 0; j < BLOCK; j++) {
                int e = ly * GROUP + lx + j * GROUP * GROUP;
                // clamped indices keep the loads in bounds; values outside the matrices become 0
                int r = row0 + e / STEP, p = t + e % STEP;
                float va = mem[aOff + min(r, m - 1) * aRow + min(p, k - 1) * aCol];
                tileA[e] = (r < m && p < k) ? va : 0f;
                int q = t + e / TILE, cc = col0 + e % TILE;
                float vb = mem[bOff + min(q, k - 1) * bRow + min(cc, n - 1) * bCol];
                tileB[e] = (q < k && cc < n) ? vb : 0f;
            }
            localBarrier();
            for (int p = 0; p < STEP; p++) {
                float a0 = tileA[ly * STEP + p], a1 = tileA[(ly + GROUP) * STEP + p];
                float a2 = tileA[(ly + 2 * GROUP) * STEP + p], a3 = tileA[(ly + 3 * GROUP) * STEP + p];
                float b0 = tileB[p * TILE + lx], b1 = tileB[p * TILE + lx + GROUP];
                float b2 = tileB[p * TILE + lx + 2 * GROUP], b3 = tileB[p * TILE + lx + 3 * GROUP];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            localBarrier();
        }
        int r0 = row0 + ly, x0 = col0 + lx;
        store(r0, x0, c00); store(r0, x0 + GROUP, c01); store(r0, x0 + 2 * GROUP, c02); store(r0, x0 + 3 * GROUP, c03);
        store(r0 + GROUP, x0, c10); store(r0 + GROUP, x0 + GROUP, c11);
        store(r0 + GROUP, x0 + 2 * GROUP, c12); store(r0 + GROUP, x0 + 3 * GROUP, c13);
        store(r0 + 2 * GROUP, x0, c20); store(r0 + 2 * GROUP, x0 + GROUP, c21);
        store(r0 + 2 * GROUP, x0 + 2 * GROUP, c22); store(r0 + 2 * GROUP, x0 + 3 * GROUP, c23);
        store(r0 + 3 * GROUP, x0, c30); store(r0 + 3 * GROUP, x0 + GROUP, c31);
        store(r0 + 3 * GROUP, x0 + 2 * GROUP, c32); store(r0 + 3 * GROUP, x0 + 3 * GROUP, c33);
    }

    /** {@code C[row, col] = alpha·acc + beta·C[row, col]} inside the matrix; beta 0 overwrites (NaN-safe). */
    private void store(int row, int col, float acc) {
        if (row < m && col < n) {
            int ci = cOff + row * ldc + col;
            if (beta == 0f) mem[ci] = alpha * acc;
            else mem[ci] = alpha * acc + beta * mem[ci];
        }
    }

    /** The launch size: one 16×16 work-group per 64×64 tile of C (x along columns, y along rows). */
    static int groupsCovering(int size) {
        return (size + TILE - 1) / TILE * GROUP;
    }
}
