package dev.slt.engine;

import dev.slt.kernels.Backends;
import dev.slt.kernels.ConvEpilogue;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.PoolGeometry;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The network ops (PyTorch's {@code torch.nn.functional}): linear, conv2d, batch norm, pooling,
 * softmax, log-softmax, cross-entropy, dropout. Images are NCHW; weights use PyTorch's layouts.
 * Buffers such as batch-norm running statistics are plain tensors owned by the caller.
 */
public final class F {

    private F() {}

    private static Kernels k() {
        return Backends.current();
    }

    /** {@code x (N, in) · Wᵀ + b}, W {@code (out, in)}, b {@code (out)} or null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        Shape sx = x.shape(), sw = w.shape();
        if (sx.rank() != 2 || sw.rank() != 2)
            throw new IllegalArgumentException("linear: input " + sx + " and weight " + sw + " must be 2-D (N, in) and (out, in)");
        int batch = sx.dim(0), in = sx.dim(1), out = sw.dim(0);
        if (sw.dim(1) != in)
            throw new IllegalArgumentException("linear: input " + sx + " and weight " + sw + " do not match (" + in + " != " + sw.dim(1) + ")");
        if (b != null && !b.shape().equals(Shape.of(out)))
            throw new IllegalArgumentException("linear: bias " + b.shape() + " does not match weight " + sw + " (want [" + out + "])");
        Shape s = Shape.of(batch, out);
        float[] y = b == null ? new float[batch * out] : Broadcast.expand(b.data(), b.shape(), s);
        if (b != null && y == b.data()) y = y.clone();
        k().gemm(false, true, batch, out, in, 1f, x.data(), 0, in, w.data(), 0, in, b == null ? 0f : 1f, y, 0, out);
        return Tape.record("linear", y, s, Gradients.linear(x, w, b, batch, in, out), x, w, b);
    }

    /**
     * 2-D convolution, x {@code (N, C_in, H, W)}, w {@code (C_out, C_in/groups, kh, kw)}, bias
     * {@code (C_out)} or null; groups == C_in == C_out is depthwise.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int groups) {
        ConvGeometry g = convGeometry("conv2d", x, w, bias, stride, padding, groups);
        float[] y = Recycler.uninitialised((int) g.outputSize());   // the kernels write every output
        k().conv2dForward(g, x.data(), w.data(), bias == null ? null : bias.data(), y);
        Shape s = Shape.of(g.batch(), g.outC(), g.outH(), g.outW());
        return Tape.record("conv2d", y, s, Gradients.conv2d(g, x, w, bias), x, w, bias);
    }

    /**
     * Inference only: {@code conv2d}, then an eval-mode batch norm with the running statistics, then
     * {@code + residual} (shaped like the output; null: none), then ReLU if asked, as one op: the kernels apply the
     * norm, the sum and the ReLU to each chunk of images while it is in cache instead of in three more passes, with
     * the same arithmetic, so the values equal those of {@link #conv2d}, {@link #batchNorm2d} (eval) and
     * {@link Tensor#addRelu} to the bit. Refused where autograd would record it (nothing to differentiate through).
     */
    public static Tensor conv2dBatchNorm(Tensor x, Tensor w, Tensor bias, int stride, int padding, int groups, Tensor gamma,
                                         Tensor beta, Tensor runningMean, Tensor runningVar, float eps, Tensor residual, boolean relu) {
        if (Grad.isEnabled())
            for (Tensor t : new Tensor[] {x, w, bias, gamma, beta, residual})
                if (t != null && t.requiresGrad())
                    throw new IllegalStateException("conv2dBatchNorm: inference only, but a " + t.shape()
                            + " input requires grad (run it under Grad.disabled(), or use conv2d and batchNorm2d)");
        ConvGeometry g = convGeometry("conv2dBatchNorm", x, w, bias, stride, padding, groups);
        int c = g.outC();
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar})
            if (t != null && !t.shape().equals(Shape.of(c)))
                throw new IllegalArgumentException("conv2dBatchNorm: batch-norm parameter " + t.shape() + " does not match weight "
                        + w.shape() + " (want [" + c + "])");
        if (runningMean == null || runningVar == null)
            throw new IllegalArgumentException("conv2dBatchNorm: needs the running mean and variance");
        Shape s = Shape.of(g.batch(), c, g.outH(), g.outW());
        if (residual != null && !residual.shape().equals(s))
            throw new IllegalArgumentException("conv2dBatchNorm: residual " + residual.shape() + " does not match the output " + s);
        float[] invStd = invStd(runningVar.data(), eps);
        var norm = new ConvEpilogue.ChannelNorm(runningMean.data(), invStd, gamma == null ? filled(c, 1f) : gamma.data(),
                beta == null ? new float[c] : beta.data());
        float[] y = Recycler.uninitialised((int) g.outputSize());
        k().conv2dForward(g, x.data(), w.data(), bias == null ? null : bias.data(), y,
                ConvEpilogue.batchNorm(norm, residual == null ? null : residual.data(), c, relu));
        return Tape.record("conv2dBatchNorm", y, s, null, x, w, bias, gamma, beta, residual);
    }

    /** The geometry of {@code conv2d(x, w, bias)}, or an error naming {@code op} and the mismatch. */
    private static ConvGeometry convGeometry(String op, Tensor x, Tensor w, Tensor bias, int stride, int padding, int groups) {
        Shape sx = x.shape(), sw = w.shape();
        if (sx.rank() != 4 || sw.rank() != 4)
            throw new IllegalArgumentException(op + ": input " + sx + " and weight " + sw + " must be 4-D (N, C, H, W) and (C_out, C_in/groups, kh, kw)");
        if (groups < 1 || sx.dim(1) % groups != 0 || sw.dim(1) * groups != sx.dim(1))
            throw new IllegalArgumentException(op + ": input " + sx + " and weight " + sw + " do not match with groups="
                    + groups + " (" + sx.dim(1) + " != " + sw.dim(1) + "*" + groups + ")");
        var g = new ConvGeometry(sx.dim(0), sx.dim(1), sx.dim(2), sx.dim(3), sw.dim(0), sw.dim(2), sw.dim(3),
                stride, stride, padding, padding, groups);
        if (bias != null && !bias.shape().equals(Shape.of(g.outC())))
            throw new IllegalArgumentException(op + ": bias " + bias.shape() + " does not match weight " + sw + " (want [" + g.outC() + "])");
        return g;
    }

    /** {@code 1 / sqrt(var + eps)} per channel, in double as the batch-norm op computes it. */
    private static float[] invStd(float[] var, float eps) {
        float[] invStd = new float[var.length];
        for (int ch = 0; ch < var.length; ch++) invStd[ch] = (float) (1.0 / Math.sqrt(var[ch] + (double) eps));
        return invStd;
    }

    /**
     * Batch norm over (N, H, W) per channel of x {@code (N, C, H, W)} (or {@code (N, C)}). Training:
     * normalises with the batch statistics and updates the running ones in place,
     * {@code r = (1-momentum)*r + momentum*stat}, with the unbiased variance (like PyTorch). Eval:
     * normalises with the running statistics. gamma/beta {@code (C)} may be null (1 and 0).
     */
    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, float momentum, float eps) {
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, false);
    }

    /**
     * {@code relu(batchNorm2d(...))} as one op: one pass over x forward, and a backward that masks dy by
     * the output as it reads it, instead of a separate ReLU tensor and gradient (same values as the pair).
     */
    public static Tensor batchNormRelu(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                       boolean training, float momentum, float eps) {
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, true);
    }

    private static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                    boolean training, float momentum, float eps, boolean relu) {
        Shape sx = x.shape();
        if (sx.rank() != 4 && sx.rank() != 2)
            throw new IllegalArgumentException("batchNorm2d: input " + sx + " must be (N, C, H, W) or (N, C)");
        int n = sx.dim(0), c = sx.dim(1), hw = sx.sizeBetween(2, sx.rank());
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar})
            if (t != null && !t.shape().equals(Shape.of(c)))
                throw new IllegalArgumentException("batchNorm2d: parameter " + t.shape() + " does not match input " + sx + " (want [" + c + "])");
        float[] mean, var;
        if (training) {
            int m = n * hw;
            if (m < 2) throw new IllegalArgumentException("batchNorm2d: training needs more than one value per channel, got input " + sx);
            mean = new float[c];
            var = new float[c];
            k().batchNormStatistics(x.data(), n, c, hw, mean, var);
            updateRunning(runningMean, mean, momentum, 1f);
            updateRunning(runningVar, var, momentum, (float) m / (m - 1));
        } else {
            if (runningMean == null || runningVar == null)
                throw new IllegalArgumentException("batchNorm2d: eval mode needs the running mean and variance");
            mean = runningMean.data().clone();
            var = runningVar.data();
        }
        float[] invStd = invStd(var, eps);
        float[] g = gamma == null ? filled(c, 1f) : gamma.data();
        float[] b = beta == null ? new float[c] : beta.data();
        float[] y = Recycler.uninitialised(x.size());
        if (relu) k().batchNormReluForward(x.data(), n, c, hw, mean, invStd, g, b, y);
        else k().batchNormForward(x.data(), n, c, hw, mean, invStd, g, b, y);
        Tape.Rule rule = training ? Gradients.batchNormTrain(x, gamma, beta, n, c, hw, mean, invStd, g, relu)
                : Gradients.batchNormEval(x, gamma, beta, n, c, hw, mean, invStd, g, relu);
        return Tape.record(relu ? "batchNormRelu" : "batchNorm2d", y, sx, rule, x, gamma, beta);
    }

    /** {@code r = (1-momentum)*r + momentum*correction*stat}, a buffer update outside the graph. */
    private static void updateRunning(Tensor running, float[] stat, float momentum, float correction) {
        if (running == null) return;
        float[] r = running.data();
        k().scale(1f - momentum, r, 0, r, 0, r.length);
        k().axpy(momentum * correction, stat, 0, r, 0, r.length);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Max over {@code kernel x kernel} windows of x {@code (N, C, H, W)}; padding counts as -inf. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = pool("maxPool2d", x, kernel, stride, padding);
        float[] y = Recycler.uninitialised(g.outputSize());
        int[] argmax = new int[y.length];
        k().maxPool2dForward(g, x.data(), y, argmax);
        return Tape.record("maxPool2d", y, pooled(x, g), Gradients.maxPool2d(g, x, argmax), x);
    }

    /** Mean over {@code kernel x kernel} windows; padded taps count as zeros (divisor kernel², PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = pool("avgPool2d", x, kernel, stride, padding);
        float[] y = new float[g.outputSize()];
        k().avgPool2dForward(g, x.data(), y);
        return Tape.record("avgPool2d", y, pooled(x, g), Gradients.avgPool2d(g, x), x);
    }

    /** {@code (N, C, H, W) -> (N, C)}: the mean of each plane. */
    public static Tensor globalAvgPool2d(Tensor x) {
        Shape sx = x.shape();
        if (sx.rank() != 4) throw new IllegalArgumentException("globalAvgPool2d: input " + sx + " must be (N, C, H, W)");
        int planes = sx.dim(0) * sx.dim(1), hw = sx.dim(2) * sx.dim(3);
        float[] y = new float[planes];
        k().globalAvgPoolForward(planes, hw, x.data(), y);
        return Tape.record("globalAvgPool2d", y, Shape.of(sx.dim(0), sx.dim(1)), Gradients.globalAvgPool2d(x, planes, hw), x);
    }

    /**
     * The option-A shortcut of the CIFAR ResNets, {@code x[:, :, ::stride, ::stride]} with {@code padBefore} and
     * {@code padAfter} zero channels around it: {@code (N, C, H, W) -> (N, padBefore + C + padAfter, ⌈H/s⌉, ⌈W/s⌉)}.
     * A copy with its own scatter-add backward, where a 1x1 convolution with a selector weight would cost a GEMM.
     */
    public static Tensor subsamplePad(Tensor x, int stride, int padBefore, int padAfter) {
        Shape sx = x.shape();
        if (sx.rank() != 4) throw new IllegalArgumentException("subsamplePad: input " + sx + " must be (N, C, H, W)");
        if (stride < 1 || padBefore < 0 || padAfter < 0)
            throw new IllegalArgumentException("subsamplePad: stride " + stride + " must be >= 1 and the channel padding "
                    + padBefore + "/" + padAfter + " >= 0");
        int n = sx.dim(0), c = sx.dim(1), h = sx.dim(2), w = sx.dim(3), outC = padBefore + c + padAfter;
        Shape s = Shape.of(n, outC, (h - 1) / stride + 1, (w - 1) / stride + 1);
        float[] y = new float[s.size()];
        k().subsamplePadForward(n, c, h, w, stride, outC, padBefore, x.data(), y);
        return Tape.record("subsamplePad", y, s, Gradients.subsamplePad(x, stride, outC, padBefore), x);
    }

    private static PoolGeometry pool(String op, Tensor x, int kernel, int stride, int padding) {
        Shape sx = x.shape();
        if (sx.rank() != 4) throw new IllegalArgumentException(op + ": input " + sx + " must be (N, C, H, W)");
        return PoolGeometry.of(sx.dim(0) * sx.dim(1), sx.dim(2), sx.dim(3), kernel, stride, padding);
    }

    private static Shape pooled(Tensor x, PoolGeometry g) {
        return Shape.of(x.shape().dim(0), x.shape().dim(1), g.outH(), g.outW());
    }

    /** Softmax over the last dimension, numerically stable (prefer {@link #crossEntropy} for training). */
    public static Tensor softmax(Tensor x) {
        Shape s = x.shape();
        if (s.rank() == 0) throw new IllegalArgumentException("softmax: needs at least one dimension, got a scalar");
        int cols = s.dim(-1), rows = x.size() / Math.max(cols, 1);
        float[] y = new float[x.size()];
        k().softmaxRows(x.data(), rows, cols, y);
        return Tape.record("softmax", y, s, Gradients.softmax(x, rows, cols), x);
    }

    /** Log-softmax over the last dimension, numerically stable. */
    public static Tensor logSoftmax(Tensor x) {
        Shape s = x.shape();
        if (s.rank() == 0) throw new IllegalArgumentException("logSoftmax: needs at least one dimension, got a scalar");
        int cols = s.dim(-1), rows = x.size() / Math.max(cols, 1);
        float[] y = new float[x.size()];
        k().logSoftmaxRows(x.data(), rows, cols, y);
        return Tape.record("logSoftmax", y, s, Gradients.logSoftmax(x, rows, cols), x);
    }

    /**
     * Mean cross-entropy of logits {@code (N, K)} against class indices {@code labels (N)}, fused as
     * log-softmax + negative log-likelihood so large logits cannot overflow.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        Shape s = logits.shape();
        if (s.rank() != 2 || s.dim(0) != labels.length || labels.length == 0)
            throw new IllegalArgumentException("crossEntropy: logits " + s + " and " + labels.length
                    + " labels do not match (want logits (N, K) with N = labels > 0)");
        int n = s.dim(0), classes = s.dim(1);
        float[] logp = new float[logits.size()];
        k().logSoftmaxRows(logits.data(), n, classes, logp);
        double loss = 0;
        for (int r = 0; r < n; r++) {
            if (labels[r] < 0 || labels[r] >= classes)
                throw new IllegalArgumentException("crossEntropy: label " + labels[r] + " at row " + r + " is outside [0, " + classes + ")");
            loss -= logp[r * classes + labels[r]];
        }
        float[] out = {(float) (loss / n)};
        return Tape.record("crossEntropy", out, Shape.SCALAR, Gradients.crossEntropy(logits, logp, labels, classes), logits);
    }

    /**
     * Zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}, drawing
     * from {@code rng} (same seed, same mask). The identity when not training or inside
     * {@link Grad#disabled()}.
     */
    public static Tensor dropout(Tensor x, float p, boolean training, RandomGenerator rng) {
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("dropout: p = " + p + " is outside [0, 1]");
        if (!training || !Grad.isEnabled() || p == 0f) return x;
        float keep = p == 1f ? 0f : 1f / (1f - p);
        float[] mask = new float[x.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextFloat() < p ? 0f : keep;
        float[] y = new float[x.size()];
        k().mul(x.data(), 0, mask, 0, y, 0, y.length);
        return Tape.record("dropout", y, x.shape(), Gradients.dropout(x, mask), x);
    }
}
