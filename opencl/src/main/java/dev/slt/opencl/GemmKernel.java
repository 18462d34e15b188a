package dev.slt.opencl;

/**
 * Tiled GEMM, {@code C = alpha·op(A)·op(B) + beta·C}, with A, B and C at offsets in one array
 * {@code mem}: one array lets a chain of products stay on the device (see {@link DeviceMatrices}).
 * Each 16×16 work-group stages a tile of op(A) and of op(B) in local memory, then every work item
 * accumulates one element of C from them. Work item (x, y) computes C[y, x].
 */
public final class GemmKernel extends DeviceKernel {

    static final int TILE = 16;

    float[] mem = new float[1];
    int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
    /** 1 when A is stored (k, m); 1 when B is stored (n, k). */
    int transA, transB;
    float alpha, beta;

    @Local final float[] tileA = new float[TILE * TILE];
    @Local final float[] tileB = new float[TILE * TILE];

    void set(boolean ta, boolean tb, int m, int n, int k, float alpha, int aOff, int lda, int bOff, int ldb,
             float beta, int cOff, int ldc) {
        this.transA = ta ? 1 : 0;
        this.transB = tb ? 1 : 0;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.cOff = cOff;
        this.ldc = ldc;
    }

    @Override
    public void run() {
        int lx = getLocalId(0), ly = getLocalId(1);
        int col = getGlobalId(0), row = getGlobalId(1);
        float acc = 0f;
        for (int t = 0; t < k; t += TILE) {
            // op(A)[row, t+lx] and op(B)[t+ly, col]; 0 outside the matrix so the tile math needs no bounds
            int p = t + lx;
            float va = 0f;
            if (row < m && p < k) {
                if (transA == 1) va = mem[aOff + p * lda + row];
                else va = mem[aOff + row * lda + p];
            }
            tileA[ly * TILE + lx] = va;
            int q = t + ly;
            float vb = 0f;
            if (q < k && col < n) {
                if (transB == 1) vb = mem[bOff + col * ldb + q];
                else vb = mem[bOff + q * ldb + col];
            }
            tileB[ly * TILE + lx] = vb;
            localBarrier();
            for (int i = 0; i < TILE; i++) acc += tileA[ly * TILE + i] * tileB[i * TILE + lx];
            localBarrier();
        }
        if (row < m && col < n) {
            int ci = cOff + row * ldc + col;
            if (beta == 0f) mem[ci] = alpha * acc;
            else mem[ci] = alpha * acc + beta * mem[ci];
        }
    }
}
