package dev.slt.engine;

import dev.slt.kernels.Backends;
import java.util.Arrays;

/**
 * A float32, row-major tensor backed by a {@code float[]} of exactly {@code shape.size()} elements, and
 * a node of the autograd graph (micrograd's value + grad + parents + backward rule). Ops are out of
 * place and return new tensors; methods ending in {@code InPlace} mutate. Rare ops live in {@link Ops}
 * and the network ones in {@link F}.
 */
public final class Tensor {

    /** Null once {@link #free}d. */
    private float[] data;
    /** Made by an op into an array of its own (not a reshape's or a detach's view of another tensor's array). */
    boolean ownsData;
    private final Shape shape;
    private boolean requiresGrad;
    /** Same size as data, allocated on first accumulation; interior nodes keep it for one backward pass. */
    float[] grad;
    final Tensor[] parents;
    final Tape.Rule rule;
    /** The op that made this tensor (null for leaves), for error messages. */
    final String op;

    Tensor(float[] data, Shape shape, String op, Tape.Rule rule, Tensor[] parents) {
        if (data.length != shape.size())
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        this.data = data;
        this.shape = shape;
        this.op = op;
        this.rule = rule;
        this.parents = parents;
        this.requiresGrad = rule != null;
    }

    // ---------------------------------------------------------------- factories

    /** Wraps {@code data} without copying. */
    public static Tensor fromArray(float[] data, Shape shape) {
        return new Tensor(data, shape, null, null, new Tensor[0]);
    }

    /** Wraps {@code data} without copying, e.g. {@code fromArray(buf, 64, 3, 32, 32)}. */
    public static Tensor fromArray(float[] data, int... dims) {
        return fromArray(data, Shape.of(dims));
    }

    /** A copy of {@code values} shaped as a vector, or as {@code shape} with {@link #reshape}. */
    public static Tensor of(float... values) {
        return fromArray(values.clone(), values.length);
    }

    public static Tensor scalar(float value) {
        return fromArray(new float[] {value}, Shape.SCALAR);
    }

    public static Tensor zeros(int... dims) {
        return fromArray(new float[Shape.of(dims).size()], dims);
    }

    public static Tensor ones(int... dims) {
        return full(1f, dims);
    }

    public static Tensor full(float value, int... dims) {
        float[] d = new float[Shape.of(dims).size()];
        Arrays.fill(d, value);
        return fromArray(d, dims);
    }

    // ---------------------------------------------------------------- value access

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    /** The backing array itself (row-major); writing to it bypasses autograd. */
    public float[] data() {
        if (data == null)
            throw new IllegalStateException("tensor " + shape + " was freed: a module gave its array back for reuse after its last use");
        return data;
    }

    /**
     * Gives this tensor's array to the outputs of later ops on this thread and leaves the tensor unusable (reading it
     * throws). For the modules of a network: an intermediate result of their own forward, after its last use, so that
     * inference runs in a few recycled arrays instead of allocating (and zeroing) a new one per op. Does nothing while
     * autograd records (a backward may need the values), nor to a tensor whose array is not its own: a leaf (the
     * caller's array), a reshape or detach (another tensor's).
     */
    public void free() {
        if (!Grad.isEnabled()) release();
    }

    /** {@link #free} whatever autograd does: for {@link Tape#release}, after the backward that needed the values. */
    void release() {
        if (data == null || !ownsData) return;
        float[] d = data;
        data = null;
        Recycler.recycle(d);
    }

    /**
     * Once a training step has read what it needs (loss, logits) after its backward: gives back the array of every
     * tensor an op recorded into this graph, this one included, so that the next step's ops reuse them instead of
     * allocating (a ResNet-20 step at batch 128 records about 160 MB). Leaves (inputs, parameters, buffers) and views
     * keep their arrays; every released tensor throws if read. Only for a graph nothing else still needs: a second
     * loss over the same forward, or an activation kept for later, must be done with first.
     */
    public void releaseGraph() {
        Tape.release(this);
    }

    /**
     * {@code f(this)}, then {@link #free} this tensor unless the result shares its array: how a module hands an
     * intermediate to its next step, e.g. {@code conv.forward(x).consumedBy(bn::forwardRelu)}.
     */
    public Tensor consumedBy(java.util.function.UnaryOperator<Tensor> f) {
        Tensor out = f.apply(this);
        if (out.data != data) free();
        return out;
    }

    /** The only value of a one-element tensor. */
    public float item() {
        if (data().length != 1) throw new IllegalStateException("item: tensor " + shape + " has " + data().length + " elements, not 1");
        return data()[0];
    }

    /** The element at a full index, e.g. {@code get(n, c, y, x)}. */
    public float get(int... index) {
        if (index.length != shape.rank())
            throw new IllegalArgumentException("get: index of rank " + index.length + " for tensor " + shape);
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i))
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " outside " + shape);
            flat = flat * shape.dim(i) + index[i];
        }
        return data()[flat];
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a parameter (or not); returns {@code this}. */
    public Tensor requiresGrad(boolean on) {
        if (!isLeaf()) throw new IllegalStateException("requiresGrad: only leaves can be marked; detach() " + op + "'s output first");
        requiresGrad = on;
        return this;
    }

    /** True for tensors no recorded op made: inputs, parameters, constants, detached tensors. */
    public boolean isLeaf() {
        return rule == null;
    }

    /** The accumulated gradient (sharing its array), or null before any backward reached this tensor. */
    public Tensor grad() {
        return grad == null ? null : fromArray(grad, shape);
    }

    /** Zeroes the accumulated gradient, keeping its array. */
    public void zeroGrad() {
        if (grad != null) Backends.current().fill(0f, grad, 0, grad.length);
    }

    /** The gradient to accumulate into: zeros on first use (a recycled array for an interior tensor). */
    float[] gradArray() {
        if (grad == null) grad = isLeaf() ? new float[size()] : Recycler.zeroed(size());
        return grad;
    }

    /** No gradient has reached this tensor yet (in this pass, for an interior one): a rule may write instead of add. */
    boolean gradFresh() {
        return grad == null;
    }

    /** For a rule that writes every element of a {@link #gradFresh} gradient: the array, contents unspecified. */
    float[] gradToOverwrite() {
        if (grad != null) throw new IllegalStateException("gradToOverwrite: " + shape + " already has a gradient");
        grad = Recycler.uninitialised(size());
        return grad;
    }

    /**
     * Takes {@code g} (same size, which the caller gives up) as this tensor's gradient when it has none yet and
     * returns true; else returns false and keeps its own.
     */
    boolean adoptGrad(float[] g) {
        if (grad != null) return false;
        grad = g;
        return true;
    }

    /** Backpropagates from a one-element tensor (d this / d this = 1). */
    public void backward() {
        if (data().length != 1)
            throw new IllegalStateException("backward: tensor " + shape + " is not a scalar; pass a gradient of that shape");
        Tape.backward(this, new float[] {1f});
    }

    /** Backpropagates {@code gradOutput} (same shape as this), accumulating into every leaf that requires grad. */
    public void backward(Tensor gradOutput) {
        if (!gradOutput.shape.equals(shape))
            throw new IllegalArgumentException("backward: gradient " + gradOutput.shape + " does not match tensor " + shape);
        Tape.backward(this, gradOutput.data());
    }

    /** The same data as a leaf outside the graph. */
    public Tensor detach() {
        return fromArray(data(), shape);
    }

    /** A deep copy of the data, as a leaf. */
    public Tensor copy() {
        return fromArray(data().clone(), shape);
    }

    // ---------------------------------------------------------------- differentiable ops

    public Tensor add(Tensor other) { return Ops.add(this, other); }

    public Tensor sub(Tensor other) { return Ops.sub(this, other); }

    public Tensor mul(Tensor other) { return Ops.mul(this, other); }

    public Tensor div(Tensor other) { return Ops.div(this, other); }

    public Tensor add(float s) { return Ops.addScalar(this, s); }

    public Tensor sub(float s) { return Ops.addScalar(this, -s); }

    public Tensor mul(float s) { return Ops.scale(this, s); }

    public Tensor div(float s) { return Ops.scale(this, 1f / s); }

    public Tensor neg() { return Ops.scale(this, -1f); }

    public Tensor matmul(Tensor other) { return Ops.matmul(this, other); }

    public Tensor relu() { return Ops.relu(this); }

    /** {@code relu(this + other)}, same shapes, as one op ({@link Ops#addRelu}). */
    public Tensor addRelu(Tensor other) { return Ops.addRelu(this, other); }

    /** Sum of all elements, a scalar. */
    public Tensor sum() { return Ops.sum(this); }

    /** Mean of all elements, a scalar. */
    public Tensor mean() { return Ops.sum(this).mul(1f / data().length); }

    /** Log-softmax over the last dimension. */
    public Tensor logSoftmax() { return F.logSoftmax(this); }

    /** The same data seen with another shape; one dimension may be -1 (inferred). */
    public Tensor reshape(int... dims) { return Ops.reshape(this, dims); }

    /** {@code (N, d1, d2, ...) -> (N, d1*d2*...)}. */
    public Tensor flatten() { return Ops.reshape(this, shape.rank() == 0 ? 1 : shape.dim(0), -1); }

    // ---------------------------------------------------------------- in-place (never recorded)

    /** {@code this += other} (same shape). */
    public Tensor addInPlace(Tensor other) {
        return axpyInPlace(1f, other);
    }

    /** {@code this += alpha * other} (same shape), e.g. an update step. */
    public Tensor axpyInPlace(float alpha, Tensor other) {
        checkMutable("axpyInPlace");
        if (!other.shape.equals(shape))
            throw new IllegalArgumentException("axpyInPlace: shapes " + shape + " and " + other.shape + " differ");
        Backends.current().axpy(alpha, other.data(), 0, data(), 0, data().length);
        return this;
    }

    /** {@code this *= s}. */
    public Tensor mulInPlace(float s) {
        checkMutable("mulInPlace");
        Backends.current().scale(s, data(), 0, data(), 0, data().length);
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(float value) {
        checkMutable("fillInPlace");
        Backends.current().fill(value, data(), 0, data().length);
        return this;
    }

    /** Copies {@code source}'s values (same size) into this tensor. */
    public Tensor copyInPlace(Tensor source) {
        checkMutable("copyInPlace");
        if (source.size() != data().length)
            throw new IllegalArgumentException("copyInPlace: " + source.shape + " into " + shape + " (sizes differ)");
        System.arraycopy(source.data(), 0, data(), 0, data().length);
        return this;
    }

    private void checkMutable(String what) {
        if (requiresGrad && Grad.isEnabled())
            throw new IllegalStateException(what + ": tensor " + shape + " requires grad; mutate it inside Grad.disabled()");
    }

    @Override
    public String toString() {
        int shown = Math.min(data().length, 8);
        StringBuilder s = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < shown; i++) s.append(i == 0 ? "" : ", ").append(data()[i]);
        if (shown < data().length) s.append(", ...");
        s.append(']');
        if (op != null) s.append(" op=").append(op);
        else if (requiresGrad) s.append(" requiresGrad");
        return s.toString();
    }
}
