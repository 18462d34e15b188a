package dev.slt.engine;

import dev.slt.engine.Tape.Rule;
import dev.slt.kernels.Backends;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.PoolGeometry;

/**
 * Every derivative rule of the engine, in one table (tinygrad's {@code pm_gradient}). A rule receives
 * the output's gradient {@code dy} and value {@code y} and <em>accumulates</em> into each parent that
 * requires grad; broadcasting is undone only in {@link #accumulate(Tensor, float[], Shape, float)}.
 */
final class Gradients {

    private Gradients() {}

    private static Kernels k() {
        return Backends.current();
    }

    /** {@code p.grad += alpha * unbroadcast(g)}, g having the broadcast shape {@code gShape}. */
    private static void accumulate(Tensor p, float[] g, Shape gShape, float alpha) {
        if (!p.requiresGrad()) return;
        float[] reduced = Broadcast.unbroadcast(g, gShape, p.shape());
        k().axpy(alpha, reduced, 0, p.gradArray(), 0, reduced.length);
    }

    /**
     * {@code p.grad += g} for g of p's shape that the rule may give away (its dy, or an array it filled): adopted
     * when p has no gradient yet, else added. Returns whether p took g, after which the rule must not change g.
     */
    private static boolean pass(Tensor p, float[] g) {
        if (!p.requiresGrad()) return false;
        if (p.adoptGrad(g)) return true;
        k().axpy(1f, g, 0, p.gradArray(), 0, g.length);
        return false;
    }

    /** {@code p.grad += g}, copying g where p has no gradient yet (g is still someone else's). */
    private static void addCopying(Tensor p, float[] g) {
        if (!p.requiresGrad()) return;
        if (p.gradFresh()) k().scale(1f, g, 0, p.gradToOverwrite(), 0, g.length);
        else k().axpy(1f, g, 0, p.gradArray(), 0, g.length);
    }

    private static float[] product(float[] a, float[] b) {
        float[] out = new float[a.length];
        k().mul(a, 0, b, 0, out, 0, a.length);
        return out;
    }

    private static float[] expanded(Tensor t, Shape to) {
        return Broadcast.expand(t.data(), t.shape(), to);
    }

    // ---------------------------------------------------------------- elementwise, shape s = broadcast result

    /** d(a+b): da += dy, db += dy; without broadcasting, dy itself becomes a fresh parent's gradient. */
    static Rule add(Tensor a, Tensor b, Shape s) {
        return (dy, y) -> {
            if (a.shape().equals(s) && b.shape().equals(s)) {
                if (pass(a, dy)) addCopying(b, dy);
                else pass(b, dy);
                return;
            }
            accumulate(a, dy, s, 1f);
            accumulate(b, dy, s, 1f);
        };
    }

    /** d(a-b): da += dy, db -= dy. */
    static Rule sub(Tensor a, Tensor b, Shape s) {
        return (dy, y) -> {
            accumulate(a, dy, s, 1f);
            accumulate(b, dy, s, -1f);
        };
    }

    /** d(a*b): da += dy*b, db += dy*a. */
    static Rule mul(Tensor a, Tensor b, Shape s) {
        return (dy, y) -> {
            if (a.requiresGrad()) accumulate(a, product(dy, expanded(b, s)), s, 1f);
            if (b.requiresGrad()) accumulate(b, product(dy, expanded(a, s)), s, 1f);
        };
    }

    /** d(a/b) with y = a/b: da += dy/b, db -= dy*y/b. */
    static Rule div(Tensor a, Tensor b, Shape s) {
        return (dy, y) -> {
            float[] bs = expanded(b, s);
            float[] t = new float[dy.length];
            if (a.requiresGrad()) {
                k().div(dy, 0, bs, 0, t, 0, t.length);
                accumulate(a, t, s, 1f);
            }
            if (b.requiresGrad()) {
                k().mul(dy, 0, y, 0, t, 0, t.length);
                k().div(t, 0, bs, 0, t, 0, t.length);
                accumulate(b, t, s, -1f);
            }
        };
    }

    /** d(alpha*x): dx += alpha*dy. Also {@code x + c} (alpha 1) and reshape (same elements, new shape). */
    static Rule scale(Tensor x, float alpha) {
        return (dy, y) -> accumulate(x, dy, x.shape(), alpha);
    }

    /** d relu: dx += x > 0 ? dy : 0 (0 at the kink, like PyTorch). */
    static Rule relu(Tensor x) {
        return (dy, y) -> {
            if (!x.requiresGrad()) return;
            if (!x.gradFresh()) {
                k().reluBackward(x.data(), 0, dy, 0, x.gradArray(), 0, dy.length);
                return;
            }
            k().reluGrad(x.data(), 0, dy, 0, dy, 0, dy.length);   // dy is the rule's: masked, it becomes x's gradient
            x.adoptGrad(dy);
        };
    }

    /**
     * d relu(a + b): a and b each += y > 0 ? dy : 0 (y > 0 exactly where a + b > 0). dy is the rule's to change:
     * masked in place, it becomes the gradient of a parent that has none yet (the other gets a copy or a sum).
     */
    static Rule addRelu(Tensor a, Tensor b) {
        return (dy, y) -> {
            boolean wantA = a.requiresGrad(), wantB = b.requiresGrad();
            if (!(wantA && a.gradFresh()) && !(wantB && b.gradFresh())) {
                if (wantA) k().reluBackward(y, 0, dy, 0, a.gradArray(), 0, dy.length);
                if (wantB) k().reluBackward(y, 0, dy, 0, b.gradArray(), 0, dy.length);
                return;
            }
            k().reluGrad(y, 0, dy, 0, dy, 0, dy.length);
            if (wantA && a.gradFresh()) {
                pass(a, dy);
                if (wantB) addCopying(b, dy);
            } else {
                pass(b, dy);
                if (wantA) addCopying(a, dy);
            }
        };
    }

    /** d Σx: dx[i] += dy. */
    static Rule sum(Tensor x) {
        return (dy, y) -> {
            if (!x.requiresGrad()) return;
            float[] dx = x.gradArray();
            for (int i = 0; i < dx.length; i++) dx[i] += dy[0];
        };
    }

    // ---------------------------------------------------------------- linear algebra

    /** C = A·B per batch, A (m, k), B (k, n): dA += dC·Bᵀ, dB += Aᵀ·dC. */
    static Rule matmul(Tensor a, Tensor b, int batch, int m, int kk, int n) {
        return (dy, y) -> {
            for (int i = 0; i < batch; i++) {
                int aOff = i * m * kk, bOff = i * kk * n, cOff = i * m * n;
                if (a.requiresGrad())
                    k().gemm(false, true, m, kk, n, 1f, dy, cOff, n, b.data(), bOff, n, 1f, a.gradArray(), aOff, kk);
                if (b.requiresGrad())
                    k().gemm(true, false, kk, n, m, 1f, a.data(), aOff, kk, dy, cOff, n, 1f, b.gradArray(), bOff, n);
            }
        };
    }

    /** y = x·Wᵀ + b, x (N, in), W (out, in): dx += dy·W, dW += dyᵀ·x, db += Σ_N dy. */
    static Rule linear(Tensor x, Tensor w, Tensor b, int batch, int in, int out) {
        return (dy, y) -> {
            if (x.requiresGrad())
                k().gemm(false, false, batch, in, out, 1f, dy, 0, out, w.data(), 0, in, 1f, x.gradArray(), 0, in);
            if (w.requiresGrad())
                k().gemm(true, false, out, in, batch, 1f, dy, 0, out, x.data(), 0, in, 1f, w.gradArray(), 0, in);
            if (b != null && b.requiresGrad()) {
                float[] db = new float[out];
                k().sumAxis(dy, 1, batch, out, db);
                k().axpy(1f, db, 0, b.gradArray(), 0, out);
            }
        };
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** dx += conv_transpose(dy, W); dW += dy ⋆ x; dbias += Σ dy (kernels accumulate). */
    static Rule conv2d(ConvGeometry g, Tensor x, Tensor w, Tensor bias) {
        return (dy, y) -> {
            if (x.requiresGrad()) {
                if (x.gradFresh()) k().conv2dBackwardInputOverwrite(g, dy, w.data(), x.gradToOverwrite());
                else k().conv2dBackwardInput(g, dy, w.data(), x.gradArray());
            }
            boolean wantW = w.requiresGrad(), wantB = bias != null && bias.requiresGrad();
            if (wantW || wantB)
                k().conv2dBackwardWeight(g, x.data(), dy, wantW ? w.gradArray() : new float[w.size()],
                        wantB ? bias.gradArray() : null);
        };
    }

    /** dx[n][c][i*s][j*s] += dy[n][padBefore + c][i][j]. */
    static Rule subsamplePad(Tensor x, int stride, int outC, int padBefore) {
        Shape sx = x.shape();
        return (dy, y) -> {
            if (x.requiresGrad())
                k().subsamplePadBackward(sx.dim(0), sx.dim(1), sx.dim(2), sx.dim(3), stride, outC, padBefore, dy, x.gradArray());
        };
    }

    /** dx[argmax] += dy. */
    static Rule maxPool2d(PoolGeometry g, Tensor x, int[] argmax) {
        return (dy, y) -> {
            if (x.requiresGrad()) k().maxPool2dBackward(g, dy, argmax, x.gradArray());
        };
    }

    /** dx += dy / (kh*kw) over each window. */
    static Rule avgPool2d(PoolGeometry g, Tensor x) {
        return (dy, y) -> {
            if (x.requiresGrad()) k().avgPool2dBackward(g, dy, x.gradArray());
        };
    }

    /** dx += dy / hw over each plane. */
    static Rule globalAvgPool2d(Tensor x, int planes, int hw) {
        return (dy, y) -> {
            if (x.requiresGrad()) k().globalAvgPoolBackward(planes, hw, dy, x.gradArray());
        };
    }

    // ---------------------------------------------------------------- normalisation, layout (N, C, HW)

    /** Training mode (batch statistics): the kernel's closed form for dx, dgamma, dbeta (dy masked by y > 0 when fused with ReLU). */
    static Rule batchNormTrain(Tensor x, Tensor gamma, Tensor beta, int n, int c, int hw,
                               float[] mean, float[] invStd, float[] gammaValues, boolean relu) {
        return (dy, y) -> {
            // without a gradient yet, dx is written rather than added to (no zeroed array to read back)
            boolean overwrite = !x.requiresGrad() || x.gradFresh();
            float[] dx = !x.requiresGrad() ? Recycler.uninitialised(x.size()) : overwrite ? x.gradToOverwrite() : x.gradArray();
            float[] dg = gamma != null && gamma.requiresGrad() ? gamma.gradArray() : new float[c];
            float[] db = beta != null && beta.requiresGrad() ? beta.gradArray() : new float[c];
            if (relu) k().batchNormReluBackward(x.data(), y, dy, n, c, hw, mean, invStd, gammaValues, dx, dg, db, overwrite);
            else k().batchNormBackward(x.data(), dy, n, c, hw, mean, invStd, gammaValues, dx, dg, db, overwrite);
            if (!x.requiresGrad()) Recycler.recycle(dx);
        };
    }

    /**
     * Eval mode (fixed statistics), per channel: dx += gamma*invStd*dy, dbeta += Σdy,
     * dgamma += invStd * (Σ dy*x - mean*Σdy).
     */
    static Rule batchNormEval(Tensor x, Tensor gamma, Tensor beta, int n, int c, int hw,
                              float[] mean, float[] invStd, float[] gammaValues, boolean relu) {
        return (dyIn, y) -> {
            float[] dy = dyIn;
            if (relu) { // an eval-mode backward is rare (gradient probes): a masked copy is fine
                dy = dyIn.clone();
                for (int i = 0; i < dy.length; i++) if (y[i] <= 0f) dy[i] = 0f;
            }
            boolean wantG = gamma != null && gamma.requiresGrad(), wantB = beta != null && beta.requiresGrad();
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int off = (s * c + ch) * hw;
                    if (x.requiresGrad()) k().axpy(gammaValues[ch] * invStd[ch], dy, off, x.gradArray(), off, hw);
                    if (!wantG && !wantB) continue;
                    float sdy = k().sum(dy, off, hw);
                    if (wantB) beta.gradArray()[ch] += sdy;
                    if (wantG) gamma.gradArray()[ch] += invStd[ch] * (k().dot(dy, off, x.data(), off, hw) - mean[ch] * sdy);
                }
            }
        };
    }

    // ---------------------------------------------------------------- classification, x viewed as (rows, cols)

    /** y = softmax(x) per row: dx += y * (dy - Σ_row dy*y). */
    static Rule softmax(Tensor x, int rows, int cols) {
        return (dy, y) -> {
            if (!x.requiresGrad()) return;
            float[] dx = x.gradArray();
            for (int r = 0; r < rows; r++) {
                int off = r * cols;
                float s = k().dot(dy, off, y, off, cols);
                for (int j = off; j < off + cols; j++) dx[j] += y[j] * (dy[j] - s);
            }
        };
    }

    /** y = log softmax(x) per row: dx += dy - exp(y) * Σ_row dy. */
    static Rule logSoftmax(Tensor x, int rows, int cols) {
        return (dy, y) -> {
            if (!x.requiresGrad()) return;
            float[] dx = x.gradArray();
            for (int r = 0; r < rows; r++) {
                int off = r * cols;
                float s = k().sum(dy, off, cols);
                for (int j = off; j < off + cols; j++) dx[j] += dy[j] - (float) Math.exp(y[j]) * s;
            }
        };
    }

    /** loss = -mean_n logp[n, label_n]: dlogits += dy/N * (softmax - onehot(label)), softmax = exp(logp). */
    static Rule crossEntropy(Tensor logits, float[] logp, int[] labels, int classes) {
        return (dy, y) -> {
            if (!logits.requiresGrad()) return;
            float[] dx = logits.gradArray();
            float scale = dy[0] / labels.length;
            for (int r = 0; r < labels.length; r++) {
                int off = r * classes;
                for (int j = 0; j < classes; j++) dx[off + j] += scale * (float) Math.exp(logp[off + j]);
                dx[off + labels[r]] -= scale;
            }
        };
    }

    /** y = x * mask (mask holds 0 or 1/(1-p)): dx += dy * mask. */
    static Rule dropout(Tensor x, float[] mask) {
        return (dy, y) -> accumulate(x, product(dy, mask), x.shape(), 1f);
    }
}
