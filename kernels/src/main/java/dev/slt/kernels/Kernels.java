package dev.slt.kernels;

/**
 * Every hot loop SLT runs, on plain {@code float[]}: row-major, NCHW for images, weights
 * {@code (C_out, C_in/groups, kh, kw)}. Implementations: {@link ScalarKernels} (plain loops, the test
 * oracle) and {@link VectorKernels} (Vector API, multi-threaded through {@link KernelPool}).
 *
 * <p>Conventions: a forward kernel overwrites its output; a backward kernel <em>accumulates</em> into
 * its gradient arrays ({@code dx += ...}), so autograd can add the contributions of several consumers
 * without a temporary. Arrays named without an offset start at index 0. Sizes are validated by the
 * caller (the engine); kernels only assume the arrays are large enough.
 */
public interface Kernels {

    /** Short name for logs and benchmark output, e.g. {@code "vector"}. */
    String name();

    // ---------------------------------------------------------------- GEMM

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, with op(A) of shape (m, k), op(B) of shape (k, n) and
     * C of shape (m, n), all row-major with leading dimensions {@code lda, ldb, ldc} and offsets.
     * {@code transA} means A is stored as (k, m); {@code transB} means B is stored as (n, k).
     * With {@code beta == 0}, C is overwritten (NaN in C does not propagate).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    // ---------------------------------------------------------------- convolution

    /**
     * Unfolds one image: {@code x (C_in, H, W)} at {@code xOff} into
     * {@code cols (C_in*kh*kw, H_out*W_out)} at {@code colsOff}; padded taps are 0. Ignores groups
     * (rows are in (c_in, ky, kx) order over all input channels).
     */
    void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff);

    /** Inverse scatter of {@link #im2col}: {@code x (C_in, H, W) += fold(cols)}. */
    void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff);

    /**
     * {@code y (N, C_out, H_out, W_out) = conv(x (N, C_in, H, W), w) + bias}; {@code bias} may be null.
     * Supports stride, zero padding and groups (groups == C_in == C_out is depthwise).
     */
    void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y);

    /**
     * {@link #conv2dForward}, then the epilogue on every output channel (an eval-mode batch norm, a residual, ReLU:
     * what follows the conv in a network at inference). By default a separate pass after the conv; a backend may
     * apply it to each chunk of images while the chunk is in cache. The same values either way.
     */
    default void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, ConvEpilogue epilogue) {
        conv2dForward(g, x, w, bias, y);
        epilogue.apply(y, g.batch(), g.outC(), g.outH() * g.outW());
    }

    /** {@code dx (N, C_in, H, W) += conv_transpose(dy, w)}. */
    void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx);

    /**
     * {@code dx = conv_transpose(dy, w)}, dx's old contents ignored: the same values as zeroing dx and calling
     * {@link #conv2dBackwardInput}, which is what this default does.
     */
    default void conv2dBackwardInputOverwrite(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        fill(0f, dx, 0, (int) g.inputSize());
        conv2dBackwardInput(g, dy, w, dx);
    }

    /** {@code dw += dy ⋆ x} (correlation over the batch); {@code dbias += Σ_{n,y,x} dy} when not null. */
    void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias);

    // ---------------------------------------------------------------- pooling

    /** {@code y = max over each window}; {@code argmax[i]} = index into x of the max (first on ties). Padding is -inf. */
    void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax);

    /** {@code dx[argmax[i]] += dy[i]}. */
    void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx);

    /** {@code y = mean over each window}, padded taps counted as zeros (divisor kh*kw, like PyTorch's default). */
    void avgPool2dForward(PoolGeometry g, float[] x, float[] y);

    /** {@code dx += dy / (kh*kw)} spread over each window. */
    void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx);

    /** {@code y[p] = mean of x[p*hw .. p*hw+hw)} for each of {@code planes} planes. */
    void globalAvgPoolForward(int planes, int hw, float[] x, float[] y);

    /** {@code dx[p*hw + i] += dy[p] / hw}. */
    void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx);

    /**
     * Option-A shortcut, {@code x[:, :, ::stride, ::stride]} padded with zero channels:
     * {@code y[n][padBefore + c][i][j] = x[n][c][i*stride][j*stride]} for {@code c < inC}, zero in the other
     * {@code outC - inC} channels; x {@code (batch, inC, h, w)}, y {@code (batch, outC, ⌈h/stride⌉, ⌈w/stride⌉)}.
     */
    void subsamplePadForward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] x, float[] y);

    /** {@code dx[n][c][i*stride][j*stride] += dy[n][padBefore + c][i][j]}: the transpose of {@link #subsamplePadForward}. */
    void subsamplePadBackward(int batch, int inC, int h, int w, int stride, int outC, int padBefore, float[] dy, float[] dx);

    // ---------------------------------------------------------------- elementwise

    /** {@code out[i] = a[i] + b[i]}. */
    void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] - b[i]}. */
    void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] * b[i]}. */
    void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] / b[i]}. */
    void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = alpha * x[i]}. */
    void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code out[i] = value}. */
    void fill(float value, float[] out, int outOff, int n);

    /** {@code out[i] = max(x[i], 0)}. */
    void relu(float[] x, int xOff, float[] out, int outOff, int n);

    /** {@code out[i] = max(a[i] + b[i], 0)}: a residual add and its ReLU in one pass. */
    void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : 0}. */
    void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0}; dx may be dy (masks it in place). */
    default void reluGrad(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    // ---------------------------------------------------------------- reductions

    /** {@code Σ x[i]}. */
    float sum(float[] x, int xOff, int n);

    /** {@code max x[i]}; {@code -inf} when n == 0; NaN if any element is NaN. */
    float max(float[] x, int xOff, int n);

    /** {@code Σ a[i] * b[i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * Sum over the middle axis of x viewed as {@code (outer, axis, inner)}:
     * {@code out[o*inner + i] = Σ_a x[(o*axis + a)*inner + i]}.
     */
    void sumAxis(float[] x, int outer, int axis, int inner, float[] out);

    // ---------------------------------------------------------------- softmax

    /** Row-wise softmax of x viewed as (rows, cols), numerically stable (max subtracted). */
    void softmaxRows(float[] x, int rows, int cols, float[] out);

    /** Row-wise log-softmax: {@code out = x - max - log Σ exp(x - max)}. */
    void logSoftmaxRows(float[] x, int rows, int cols, float[] out);

    // ---------------------------------------------------------------- batch norm, layout (N, C, HW)

    /** Per-channel mean and biased variance over N and HW. */
    void batchNormStatistics(float[] x, int n, int c, int hw, float[] mean, float[] var);

    /** {@code y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c]}. */
    void batchNormForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                          float[] gamma, float[] beta, float[] y);

    /**
     * Training-mode backward (batch statistics), with {@code xhat = (x - mean) * invStd}, m = n*hw:
     * {@code dbeta[c] += Σ dy}, {@code dgamma[c] += Σ dy*xhat},
     * {@code dx += gamma*invStd/m * (m*dy - Σdy - xhat*Σ(dy*xhat))}.
     */
    void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                           float[] gamma, float[] dx, float[] dgamma, float[] dbeta);

    /** {@link #batchNormBackward}; with {@code overwrite}, dx is written and its old contents ignored. */
    default void batchNormBackward(float[] x, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                   float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        if (overwrite) fill(0f, dx, 0, n * c * hw);
        batchNormBackward(x, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);
    }

    /** {@code y = max(0, (x - mean[c]) * invStd[c] * gamma[c] + beta[c])}: batch norm and ReLU in one pass. */
    void batchNormReluForward(float[] x, int n, int c, int hw, float[] mean, float[] invStd,
                              float[] gamma, float[] beta, float[] y);

    /**
     * {@link #batchNormBackward} of the fused op: dy replaced by {@code y > 0 ? dy : 0}, y the output of
     * {@link #batchNormReluForward}, without a masked copy of dy.
     */
    void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                               float[] gamma, float[] dx, float[] dgamma, float[] dbeta);

    /** {@link #batchNormReluBackward}; with {@code overwrite}, dx is written and its old contents ignored. */
    default void batchNormReluBackward(float[] x, float[] y, float[] dy, int n, int c, int hw, float[] mean, float[] invStd,
                                       float[] gamma, float[] dx, float[] dgamma, float[] dbeta, boolean overwrite) {
        if (overwrite) fill(0f, dx, 0, n * c * hw);
        batchNormReluBackward(x, y, dy, n, c, hw, mean, invStd, gamma, dx, dgamma, dbeta);
    }

    // ---------------------------------------------------------------- optimiser

    /**
     * SGD with momentum, PyTorch semantics (dampening 0): {@code g = grad + wd*w; v = momentum*v + g;
     * w -= lr * (nesterov ? g + momentum*v : v)}, over {@code [off, off+n)} of w, grad and velocity.
     */
    void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n,
                     float lr, float momentum, float weightDecay, boolean nesterov);
}
