package dev.slt.opencl;

import dev.slt.kernels.ConvGeometry;

/**
 * The kernels that run on the device, each returning false (having changed nothing) when it cannot,
 * so {@link OpenClKernels} runs the CPU kernel instead. One kernel object per family, used under
 * that object's lock: Aparapi kernels carry their arguments in fields.
 */
final class DeviceOps {

    private static final int GROUP = 64;

    private final DeviceRunner runner;
    private final GemmKernel gemm = new GemmKernel();
    private final ElementwiseKernel elementwise = new ElementwiseKernel();
    private final ReduceKernel reduce = new ReduceKernel();
    private final RowsKernel rows = new RowsKernel();
    private final Im2colKernel im2col = new Im2colKernel();
    private final BlockSparseGemmKernel blockSparse = new BlockSparseGemmKernel();
    private final float[] none = new float[1];
    private float[] stage = new float[1];

    DeviceOps(DeviceRunner runner) {
        this.runner = runner;
    }

    /** Rows-by-cols region with leading dimension ld, in floats from its first element to its last. */
    static int extent(int rows, int cols, int ld) {
        return (rows - 1) * ld + cols;
    }

    boolean gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (k == 0 || !runner.usable("gemm")) return false;
        synchronized (gemm) {
            // A, B and C are staged into one array: the kernel addresses a single memory (see GemmKernel)
            int aLen = extent(ta ? k : m, ta ? m : k, lda), bLen = extent(tb ? n : k, tb ? k : n, ldb);
            int cLen = extent(m, n, ldc), bAt = aLen, cAt = aLen + bLen;
            if (stage.length != cAt + cLen) stage = new float[cAt + cLen];
            System.arraycopy(a, aOff, stage, 0, aLen);
            System.arraycopy(b, bOff, stage, bAt, bLen);
            if (beta != 0f) System.arraycopy(c, cOff, stage, cAt, cLen);
            gemm.mem = stage;
            gemm.set(ta, tb, m, n, k, alpha, 0, lda, bAt, ldb, beta, cAt, ldc);
            if (!runner.launch("gemm", gemm, runner.gemmRange(m, n))) return false;
            for (int i = 0; i < m; i++) System.arraycopy(stage, cAt + i * ldc, c, cOff + i * ldc, n);
            return true;
        }
    }

    /** im2col of {@code batch} images side by side (layout in {@link Im2colKernel}); the caller checks the size fits an int. */
    boolean im2col(ConvGeometry g, int batch, float[] x, int xOff, float[] cols, int colsOff) {
        int total = g.inC() * g.kh() * g.kw() * batch * g.outH() * g.outW();
        if (!runner.usable("im2col")) return false;
        synchronized (im2col) {
            Im2colKernel kk = im2col;
            kk.x = x;
            kk.xOff = xOff;
            kk.cols = cols;
            kk.colsOff = colsOff;
            kk.total = total;
            kk.batch = batch;
            kk.imageSize = g.inC() * g.inH() * g.inW();
            kk.inH = g.inH();
            kk.inW = g.inW();
            kk.kh = g.kh();
            kk.kw = g.kw();
            kk.strideH = g.strideH();
            kk.strideW = g.strideW();
            kk.padH = g.padH();
            kk.padW = g.padW();
            kk.outH = g.outH();
            kk.outW = g.outW();
            return runner.launch("im2col", kk, runner.range(total, GROUP));
        }
    }

    /** One elementwise op (codes in {@link ElementwiseKernel}); null a or b for ops that do not read them. */
    boolean elementwise(int op, String name, float alpha, float[] a, int aOff, float[] b, int bOff,
                        float[] out, int outOff, int n) {
        if (n == 0) return true;
        if (!runner.usable(name)) return false;
        synchronized (elementwise) {
            ElementwiseKernel kk = elementwise;
            kk.op = op;
            kk.alpha = alpha;
            kk.a = a == null ? none : a;
            kk.aOff = aOff;
            kk.b = b == null ? none : b;
            kk.bOff = bOff;
            kk.out = out;
            kk.outOff = outOff;
            kk.n = n;
            return runner.launch(name, kk, runner.range(n, GROUP));
        }
    }

    /** Sum, max or dot; null when the device cannot run it. */
    Float reduce(int op, String name, float[] a, int aOff, float[] b, int bOff, int n) {
        if (!runner.usable(name)) return null;
        synchronized (reduce) {
            int groups = Math.min(64, (n + ReduceKernel.GROUP - 1) / ReduceKernel.GROUP);
            ReduceKernel kk = reduce;
            kk.op = op;
            kk.a = a;
            kk.aOff = aOff;
            kk.b = b == null ? none : b;
            kk.bOff = bOff;
            kk.n = n;
            if (kk.partial.length != groups) kk.partial = new float[groups];
            if (!runner.launch(name, kk, runner.range(groups * ReduceKernel.GROUP, ReduceKernel.GROUP))) return null;
            float acc = op == ReduceKernel.MAX ? Float.NEGATIVE_INFINITY : 0f;
            for (float p : kk.partial) {
                if (op != ReduceKernel.MAX) acc += p;
                else if (!Float.isNaN(acc) && (p > acc || Float.isNaN(p))) acc = p;
            }
            return acc;
        }
    }

    /** Softmax / log-softmax over rows, or the middle-axis sum (codes in {@link RowsKernel}). */
    boolean rows(int op, String name, float[] x, int count, int cols, int axis, int inner, float[] out) {
        if (count == 0) return true;
        if (!runner.usable(name)) return false;
        synchronized (rows) {
            RowsKernel kk = rows;
            kk.op = op;
            kk.x = x;
            kk.out = out;
            kk.rows = count;
            kk.cols = cols;
            kk.axis = axis;
            kk.inner = inner;
            return runner.launch(name, kk, runner.range(count, GROUP));
        }
    }

    boolean blockSparse(BlockSparseMatrix w, float[] x, int n, float[] out) {
        if (!runner.usable("blockSparseGemm")) return false;
        synchronized (blockSparse) {
            blockSparse.bind(w, x, n, out);
            return runner.launch("blockSparseGemm", blockSparse, runner.range2D(n, w.rows, 16));
        }
    }
}
