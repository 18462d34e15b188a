package dev.slt.opencl;

import com.aparapi.device.OpenCLDevice;
import dev.slt.kernels.ConvEpilogue;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.PoolGeometry;
import dev.slt.kernels.VectorKernels;
import java.io.PrintStream;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Kernels} interface on an OpenCL device through Aparapi. GEMM (tiled, local memory), im2col,
 * the elementwise ops, the reductions, softmax and the block-sparse GEMM run on the device; everything
 * else is {@link VectorKernels}. A device kernel that cannot run (Aparapi would fall back to its Java
 * thread pool) is reported once on stderr and replaced by its Vector API twin for the rest of the run.
 *
 * <p>Each call copies its arrays to the device and back; {@link DeviceMatrices} keeps data resident.
 */
public final class OpenClKernels implements Kernels {

    private final VectorKernels cpu = new VectorKernels();
    private final DeviceRunner runner;
    private final DeviceOps ops;

    /** Kernels on {@code device}; fallback notices go to {@code notices}. */
    public OpenClKernels(OpenCLDevice device, PrintStream notices) {
        this.runner = new DeviceRunner(device, notices);
        this.ops = new DeviceOps(runner);
    }

    /** Kernels on the best OpenCL device (GPU first), notices on stderr; empty when there is none. */
    public static Optional<OpenClKernels> onBestDevice() {
        return OpenClDevices.best().map(d -> new OpenClKernels(d, System.err));
    }

    @Override
    public String name() {
        return "opencl";
    }

    /** The device's name as OpenCL reports it. */
    public String deviceName() {
        return runner.device().getName().trim();
    }

    public OpenCLDevice device() {
        return runner.device();
    }

    /** Device kernels switched off after a failure (empty when everything ran on the device). */
    public Set<String> switchedOff() {
        return runner.switchedOff();
    }

    DeviceRunner runner() {
        return runner;
    }

    /** {@code out (W.rows × n) += W · x (W.cols × n)}; see {@link BlockSparseMatrix}. */
    public void blockSparseGemm(BlockSparseMatrix w, float[] x, int n, float[] out) {
        if (n > 0 && !ops.blockSparse(w, x, n, out)) w.multiplyAdd(x, n, out);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (!ops.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc))
            cpu.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        if (!ops.im2col(g, 1, x, xOff, cols, colsOff)) cpu.im2col(g, x, xOff, cols, colsOff);
    }

    /**
     * im2col of {@code batch} images (NCHW from offset 0) side by side, for one GEMM over the whole batch:
     * {@code cols} is (C_in·kh·kw, batch·oh·ow) row-major, image n in columns [n·oh·ow, (n+1)·oh·ow).
     */
    public void im2colBatch(ConvGeometry g, int batch, float[] x, float[] cols) {
        if (batch < 1) return;
        long size = (long) g.inC() * g.kh() * g.kw() * batch * g.outH() * g.outW();
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("im2col: " + size + " floats for " + batch + " images do not fit one array");
        if (!ops.im2col(g, batch, x, 0, cols, 0)) im2colBatch(cpu, g, batch, x, cols);
    }

    /** {@link #im2colBatch} with {@code kernels}' one-image im2col: the CPU path. */
    static void im2colBatch(Kernels kernels, ConvGeometry g, int batch, float[] x, float[] cols) {
        int patch = g.inC() * g.kh() * g.kw(), plane = g.outH() * g.outW(), span = batch * plane;
        float[] one = new float[patch * plane];
        for (int n = 0; n < batch; n++) {
            kernels.im2col(g, x, n * g.inC() * g.inH() * g.inW(), one, 0);
            for (int r = 0; r < patch; r++) System.arraycopy(one, r * plane, cols, r * span + n * plane, plane);
        }
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.ADD, "add", 0f, a, aOff, b, bOff, out, outOff, n)) cpu.add(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.SUB, "sub", 0f, a, aOff, b, bOff, out, outOff, n)) cpu.sub(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.MUL, "mul", 0f, a, aOff, b, bOff, out, outOff, n)) cpu.mul(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.DIV, "div", 0f, a, aOff, b, bOff, out, outOff, n)) cpu.div(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.SCALE, "scale", alpha, x, xOff, null, 0, out, outOff, n)) cpu.scale(alpha, x, xOff, out, outOff, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.AXPY, "axpy", alpha, x, xOff, null, 0, y, yOff, n)) cpu.axpy(alpha, x, xOff, y, yOff, n);
    }

    @Override
    public void fill(float value, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.FILL, "fill", value, null, 0, null, 0, out, outOff, n)) cpu.fill(value, out, outOff, n);
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.RELU, "relu", 0f, x, xOff, null, 0, out, outOff, n)) cpu.relu(x, xOff, out, outOff, n);
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (!ops.elementwise(ElementwiseKernel.RELU_BACKWARD, "reluBackward", 0f, x, xOff, dy, dyOff, dx, dxOff, n))
            cpu.reluBackward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    // ---------------------------------------------------------------- reductions and softmax

    @Override
    public float sum(float[] x, int xOff, int n) {
        Float r = n == 0 ? Float.valueOf(0f) : ops.reduce(ReduceKernel.SUM, "sum", x, xOff, null, 0, n);
        return r != null ? r : cpu.sum(x, xOff, n);
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        Float r = n == 0 ? Float.valueOf(Float.NEGATIVE_INFINITY) : ops.reduce(ReduceKernel.MAX, "max", x, xOff, null, 0, n);
        return r != null ? r : cpu.max(x, xOff, n);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Float r = n == 0 ? Float.valueOf(0f) : ops.reduce(ReduceKernel.DOT, "dot", a, aOff, b, bOff, n);
        return r != null ? r : cpu.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void sumAxis(float[] x, int outer, int axis, int inner, float[] out) {
        if (!ops.rows(RowsKernel.SUM_AXIS, "sumAxis", x, outer * inner, 0, axis, inner, out)) cpu.sumAxis(x, outer, axis, inner, out);
    }

    @Override
    public void softmaxRows(float[] x, int rows, int cols, float[] out) {
        if (!ops.rows(RowsKernel.SOFTMAX, "softmax", x, rows, cols, 0, 1, out)) cpu.softmaxRows(x, rows, cols, out);
    }

    @Override
    public void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        if (!ops.rows(RowsKernel.LOG_SOFTMAX, "logSoftmax", x, rows, cols, 0, 1, out)) cpu.logSoftmaxRows(x, rows, cols, out);
    }

    // ---------------------------------------------------------------- CPU: convolution, pooling, norm, optimiser

    @Override
    public void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        cpu.col2im(g, cols, colsOff, x, xOff);
    }

    @Override
    public void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        cpu.conv2dForward(g, x, w, bias, y);
    }

    @Override
    public void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, ConvEpilogue epilogue) {
        cpu.conv2dForward(g, x, w, bias, y, epilogue);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        cpu.conv2dBackwardInput(g, dy, w, dx);
    }

    @Override
    public void conv2dBackwardInputOverwrite(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        cpu.conv2dBackwardInputOverwrite(g, dy, w, dx);
    }

    @Override
    public void reluGrad(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        cpu.reluGrad(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma,
                                  float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        cpu.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, overwrite);
    }

    @Override
    public void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        cpu.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta, overwrite);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias) {
        cpu.conv2dBackwardWeight(g, x, dy, dw, dbias);
    }

    @Override
    public void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        cpu.maxPool2dForward(g, x, y, argmax);
    }

    @Override
    public void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        cpu.maxPool2dBackward(g, dy, argmax, dx);
    }

    @Override
    public void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        cpu.avgPool2dForward(g, x, y);
    }

    @Override
    public void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx) {
        cpu.avgPool2dBackward(g, dy, dx);
    }

    @Override
    public void globalAvgPoolForward(int planes, int hw, float[] x, float[] y) {
        cpu.globalAvgPoolForward(planes, hw, x, y);
    }

    @Override
    public void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx) {
        cpu.globalAvgPoolBackward(planes, hw, dy, dx);
    }

    @Override
    public void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var) {
        cpu.batchNormStatistics(x, n, c, hw, mean, var);
    }

    @Override
    public void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y) {
        cpu.batchNormForward(x, n, c, hw, mean, invStd, gamma, beta, y);
    }

    @Override
    public void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma,
                                  float[] dx, float[] dgamma, float[] dbeta) {
        cpu.batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);
    }

    @Override
    public void batchNormReluForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y) {
        cpu.batchNormReluForward(x, n, c, hw, mean, invStd, gamma, beta, y);
    }

    @Override
    public void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                      float[] gamma, float[] dx, float[] dgamma, float[] dbeta) {
        cpu.batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);
    }

    @Override
    public void subsamplePadForward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] x, float[] y) {
        cpu.subsamplePadForward(batch, inC, h, w, stride, outC, padBefore, x, y);
    }

    @Override
    public void subsamplePadBackward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] dy, float[] dx) {
        cpu.subsamplePadBackward(batch, inC, h, w, stride, outC, padBefore, dy, dx);
    }

    @Override
    public void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        cpu.addRelu(a, aOff, b, bOff, out, outOff, n);
    }

    @Override
    public void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n, float lr, float momentum,
                            float weightDecay, boolean nesterov) {
        cpu.sgdMomentum(w, grad, velocity, off, n, lr, momentum, weightDecay, nesterov);
    }
}
