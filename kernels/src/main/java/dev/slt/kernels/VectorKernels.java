package dev.slt.kernels;

/**
 * The fast CPU backend: Vector API SIMD and {@link KernelPool} threads; see the family classes
 * {@code Vector*}. Each family keeps a scalar twin in {@code Scalar*} that tests compare it with.
 */
public final class VectorKernels implements Kernels {

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        VectorConv.im2col(g, x, xOff, cols, colsOff);
    }

    @Override
    public void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        VectorConv.col2im(g, cols, colsOff, x, xOff);
    }

    @Override
    public void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        conv2dForward(g, x, w, bias, y, ConvEpilogue.NONE);
    }

    /** The epilogue runs on each chunk of images (position kernels) or each image (the others) right after it is computed. */
    @Override
    public void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, ConvEpilogue epilogue) {
        // the weights change between training steps, so the layer is laid out per call (a few µs of tables)
        if (g.batch() > 0 && forwardAlongPositions(g))
            PositionConv.dense(g.withBatch(1), w, bias).forward(g.batch(), x, g.inC(), PositionConv.identity(g.inC()), y, 0, epilogue);
        else VectorConv.conv2dForward(g, x, w, bias, y, epilogue);
    }

    /**
     * Where {@link PositionConv} runs a training-time forward faster than {@link VectorConv}. Measured (batch 128,
     * 1 thread, alternated): 1.2x on rows a whole number of vectors wide (16x16) and on 64 channels at 8x8, 1.8x on a
     * 1-channel stem; on 28x28 and 14x14 maps with 16-32 channels VectorConv's row kernel was as fast or 10 % faster.
     * Kernels wider than 3 on maps of other widths need as many shifted copies of each input plane: convnet's
     * 32 -> 64 5x5 layer at 14x14 ran 1.18x faster in VectorConv (1.09x on 2 threads).
     */
    static boolean forwardAlongPositions(ConvGeometry g) {
        if (!PositionConv.pays(g)) return false;
        if (g.inW() % PositionMicroKernel.L == 0 || g.inC() < 4) return true;
        return g.kw() <= 3 && !VectorConv.rowPath(g, g.outPerGroup(), g.inW() + 2 * g.padW(), g.outW());
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        PositionConv positions = dataGradientAlongPositions(g, w);
        if (positions != null) positions.accumulate(g.batch(), dy, dx);
        else if (g.batch() > 0 && StridedDataGradient.fits(g)) StridedDataGradient.accumulate(g, dy, w, dx);
        else VectorConv.conv2dBackwardInput(g, dy, w, dx);
    }

    /** The position layer writes dx directly: no zeroed dx to read back and no per-chunk buffer to add from. */
    @Override
    public void conv2dBackwardInputOverwrite(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        PositionConv positions = dataGradientAlongPositions(g, w);
        if (positions != null) {
            positions.forward(g.batch(), dy, dx);
            return;
        }
        fill(0f, dx, 0, (int) g.inputSize());
        conv2dBackwardInput(g, dy, w, dx);
    }

    /** The stride-1 data gradient of g as a forward layer along output positions, where that pays; else null. */
    private static PositionConv dataGradientAlongPositions(ConvGeometry g, float[] w) {
        ConvGeometry t = PositionConv.dataGradient(g);
        return g.batch() > 0 && t != null && PositionConv.pays(t)
                ? PositionConv.dense(t.withBatch(1), PositionConv.flippedTransposed(g, w), null) : null;
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias) {
        VectorConv.conv2dBackwardWeight(g, x, dy, dw, dbias);
    }

    @Override
    public void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        VectorPool.maxPool2dForward(g, x, y, argmax);
    }

    @Override
    public void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        VectorPool.maxPool2dBackward(g, dy, argmax, dx);
    }

    @Override
    public void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        VectorPool.avgPool2dForward(g, x, y);
    }

    @Override
    public void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx) {
        VectorPool.avgPool2dBackward(g, dy, dx);
    }

    @Override
    public void globalAvgPoolForward(int planes, int hw, float[] x, float[] y) {
        VectorPool.globalAvgPoolForward(planes, hw, x, y);
    }

    @Override
    public void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx) {
        VectorPool.globalAvgPoolBackward(planes, hw, dy, dx);
    }

    @Override
    public void subsamplePadForward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] x, float[] y) {
        VectorPool.subsamplePadForward(batch, inC, h, w, stride, outC, padBefore, x, y);
    }

    @Override
    public void subsamplePadBackward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] dy, float[] dx) {
        VectorPool.subsamplePadBackward(batch, inC, h, w, stride, outC, padBefore, dy, dx);
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.add(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.sub(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.mul(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.div(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        VectorElementwise.scale(alpha, x, xOff, out, outOff, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElementwise.axpy(alpha, x, xOff, y, yOff, n);
    }

    @Override
    public void fill(float value, float[] out, int outOff, int n) {
        VectorElementwise.fill(value, out, outOff, n);
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        VectorElementwise.relu(x, xOff, out, outOff, n);
    }

    @Override
    public void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.addRelu(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorElementwise.reluBackward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void reluGrad(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorElementwise.reluGrad(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        return VectorReduce.sum(x, xOff, n);
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        return VectorReduce.max(x, xOff, n);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return VectorReduce.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void sumAxis(float[] x, int outer, int axis, int inner, float[] out) {
        VectorReduce.sumAxis(x, outer, axis, inner, out);
    }

    @Override
    public void softmaxRows(float[] x, int rows, int cols, float[] out) {
        VectorNorm.softmaxRows(x, rows, cols, out);
    }

    @Override
    public void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        VectorNorm.logSoftmaxRows(x, rows, cols, out);
    }

    @Override
    public void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var) {
        VectorNorm.batchNormStatistics(x, n, c, hw, mean, var);
    }

    @Override
    public void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y) {
        VectorNorm.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, y);
    }

    @Override
    public void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        VectorNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, false);
    }

    @Override
    public void batchNormReluForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                                     float[] gamma, float[] beta, float[] y) {
        VectorNorm.batchNormReluForward(x, n, c, hw, mean, invStd, gamma, beta, y);
    }

    @Override
    public void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        VectorNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, false);
    }

    @Override
    public void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                  float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        VectorNorm.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, overwrite);
    }

    @Override
    public void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        VectorNorm.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, overwrite);
    }

    @Override
    public void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n, float lr, float momentum, float weightDecay, boolean nesterov) {
        VectorOptim.sgdMomentum(w, grad, velocity, off, n, lr, momentum, weightDecay, nesterov);
    }
}
