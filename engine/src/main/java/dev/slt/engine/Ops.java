package dev.slt.engine;

import dev.slt.kernels.Backends;
import dev.slt.kernels.Kernels;
import java.util.Arrays;

/**
 * The general differentiable ops: elementwise arithmetic with NumPy broadcasting, matmul, sums and
 * reshapes. Each computes its output through {@link Backends#current()} and records the matching rule
 * of {@link Gradients}. {@link Tensor}'s methods are shortcuts to these.
 */
public final class Ops {

    private Ops() {}

    /** One of the kernels' {@code out[i] = a[i] op b[i]}. */
    @FunctionalInterface
    private interface Binary {
        void apply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);
    }

    @FunctionalInterface
    private interface RuleFor {
        Tape.Rule of(Tensor a, Tensor b, Shape s);
    }

    private static Kernels k() {
        return Backends.current();
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary("add", a, b, k()::add, Gradients::add);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary("sub", a, b, k()::sub, Gradients::sub);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary("mul", a, b, k()::mul, Gradients::mul);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary("div", a, b, k()::div, Gradients::div);
    }

    private static Tensor binary(String op, Tensor a, Tensor b, Binary kernel, RuleFor rule) {
        Shape s = Broadcast.shape(op, a.shape(), b.shape());
        float[] x = Broadcast.expand(a.data(), a.shape(), s);
        float[] y = Broadcast.expand(b.data(), b.shape(), s);
        float[] out = Recycler.uninitialised(s.size());
        kernel.apply(x, 0, y, 0, out, 0, out.length);
        return Tape.record(op, out, s, rule.of(a, b, s), a, b);
    }

    /** {@code alpha * x}. */
    public static Tensor scale(Tensor x, float alpha) {
        float[] out = Recycler.uninitialised(x.size());
        k().scale(alpha, x.data(), 0, out, 0, out.length);
        return Tape.record("scale", out, x.shape(), Gradients.scale(x, alpha), x);
    }

    /** {@code x + c}. */
    public static Tensor addScalar(Tensor x, float c) {
        float[] out = new float[x.size()];
        k().fill(c, out, 0, out.length);
        k().axpy(1f, x.data(), 0, out, 0, out.length);
        return Tape.record("addScalar", out, x.shape(), Gradients.scale(x, 1f), x);
    }

    public static Tensor relu(Tensor x) {
        float[] out = Recycler.uninitialised(x.size());
        k().relu(x.data(), 0, out, 0, out.length);
        return Tape.record("relu", out, x.shape(), Gradients.relu(x), x);
    }

    /**
     * {@code relu(a + b)} for two tensors of one shape (no broadcasting), as one op: the residual join of a
     * ResNet block without an intermediate sum tensor and its gradient.
     */
    public static Tensor addRelu(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()))
            throw new IllegalArgumentException("addRelu: shapes " + a.shape() + " and " + b.shape() + " must be equal");
        float[] out = Recycler.uninitialised(a.size());
        k().addRelu(a.data(), 0, b.data(), 0, out, 0, out.length);
        return Tape.record("addRelu", out, a.shape(), Gradients.addRelu(a, b), a, b);
    }

    /** Σ of all elements, a scalar. */
    public static Tensor sum(Tensor x) {
        float[] out = {k().sum(x.data(), 0, x.size())};
        return Tape.record("sum", out, Shape.SCALAR, Gradients.sum(x), x);
    }

    /**
     * {@code (m, k) · (k, n) -> (m, n)}, or batched {@code (B, m, k) · (B, k, n) -> (B, m, n)}; a 3-D left
     * operand times a 2-D right one multiplies every row, {@code (B, m, k) · (k, n) -> (B, m, n)}.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        Shape sa = a.shape(), sb = b.shape();
        if (sa.rank() == 3 && sb.rank() == 2)
            return matmul(a.reshape(-1, sa.dim(2)), b).reshape(sa.dim(0), sa.dim(1), sb.dim(1));
        boolean plain = sa.rank() == 2 && sb.rank() == 2;
        boolean batched = sa.rank() == 3 && sb.rank() == 3;
        if (!plain && !batched)
            throw new IllegalArgumentException("matmul: shapes " + sa + " and " + sb + " must both be 2-D or both 3-D");
        if (batched && sa.dim(0) != sb.dim(0))
            throw new IllegalArgumentException("matmul: shapes " + sa + " and " + sb + " have different batch sizes ("
                    + sa.dim(0) + " != " + sb.dim(0) + ")");
        int batch = batched ? sa.dim(0) : 1;
        int m = sa.dim(-2), kk = sa.dim(-1), kb = sb.dim(-2), n = sb.dim(-1);
        if (kk != kb)
            throw new IllegalArgumentException("matmul: shapes " + sa + " and " + sb + " do not match (" + kk + " != " + kb + ")");
        float[] out = new float[batch * m * n];
        for (int i = 0; i < batch; i++)
            k().gemm(false, false, m, n, kk, 1f, a.data(), i * m * kk, kk, b.data(), i * kk * n, n, 0f, out, i * m * n, n);
        Shape s = batched ? Shape.of(batch, m, n) : Shape.of(m, n);
        return Tape.record("matmul", out, s, Gradients.matmul(a, b, batch, m, kk, n), a, b);
    }

    /** The same data seen with another shape (shared, not copied); one dimension may be -1. */
    public static Tensor reshape(Tensor x, int... dims) {
        int[] d = dims.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims));
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0)
                throw new IllegalArgumentException("reshape: cannot view " + x.shape() + " as " + Arrays.toString(dims));
            d[infer] = x.size() / known;
        }
        Shape s = new Shape(d);
        if (s.size() != x.size())
            throw new IllegalArgumentException("reshape: cannot view " + x.shape() + " (" + x.size() + " elements) as "
                    + s + " (" + s.size() + " elements)");
        if (s.equals(x.shape())) return x;
        return Tape.record("reshape", x.data(), s, Gradients.scale(x, 1f), x);
    }
}
