package dev.slt.nn;

import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.layers.Conv2d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A network part with named parameters, buffers and children, named and ordered like PyTorch:
 * a module's own parameters, then its own buffers, then each child in registration order, the
 * names joined by dots ({@code layer1.0.conv1.weight}, {@code bn1.running_mean}). Subclasses
 * register everything in their constructor, in the order PyTorch's equivalent would.
 */
public abstract class Module {

    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's function; records the graph when grad is enabled. */
    public abstract Tensor forward(Tensor x);

    // ---------------------------------------------------------------- registration

    /** Registers a trainable tensor (marked requiresGrad) under {@code name}; returns it. */
    protected final Tensor param(String name, Tensor t) {
        checkName(name);
        params.put(name, t.requiresGrad(true));
        return t;
    }

    /** Registers a state tensor that is saved but not trained (e.g. running statistics). */
    protected final Tensor buffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M child(String name, M m) {
        checkName(name);
        children.put(name, m);
        m.train(training);
        return m;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("module: name '" + name + "' must be non-empty and contain no dot");
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException("module: name '" + name + "' is already registered in " + getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- traversal

    /** Direct children in registration order (unmodifiable). */
    public final SequencedMap<String, Module> children() {
        return Collections.unmodifiableSequencedMap(children);
    }

    /** This module (name "") and every descendant, pre-order, with dotted names. */
    public final SequencedMap<String, Module> namedModules() {
        var out = new LinkedHashMap<String, Module>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((n, m) -> m.collectModules(join(prefix, n), out));
    }

    public final SequencedMap<String, Tensor> namedParameters() {
        var out = new LinkedHashMap<String, Tensor>();
        namedModules().forEach((p, m) -> m.params.forEach((n, t) -> out.put(join(p, n), t)));
        return out;
    }

    public final SequencedMap<String, Tensor> namedBuffers() {
        var out = new LinkedHashMap<String, Tensor>();
        namedModules().forEach((p, m) -> m.buffers.forEach((n, t) -> out.put(join(p, n), t)));
        return out;
    }

    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of trainable scalars (buffers excluded), the figure papers report. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.size();
        return n;
    }

    /** Every {@link Conv2d} with its dotted module name, in forward-registration order. */
    public final SequencedMap<String, Conv2d> namedConvs() {
        var out = new LinkedHashMap<String, Conv2d>();
        namedModules().forEach((n, m) -> { if (m instanceof Conv2d c) out.put(n, c); });
        return out;
    }

    /**
     * The conv weights pruning may touch, named as in {@link #stateDict()}: every conv weight, minus
     * the stem conv unless {@code includeStem} (METHOD.md: the stem is excluded by default).
     */
    public final SequencedMap<String, Tensor> prunableConvWeights(boolean includeStem) {
        var out = new LinkedHashMap<String, Tensor>();
        namedConvs().forEach((n, c) -> { if (includeStem || !c.isStem()) out.put(join(n, "weight"), c.weight()); });
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---------------------------------------------------------------- state

    /** Parameters and buffers by name, in PyTorch's order; the tensors are the live ones, not copies. */
    public final SequencedMap<String, Tensor> stateDict() {
        var out = new LinkedHashMap<String, Tensor>();
        namedModules().forEach((p, m) -> {
            m.params.forEach((n, t) -> out.put(join(p, n), t));
            m.buffers.forEach((n, t) -> out.put(join(p, n), t));
        });
        return out;
    }

    /**
     * Copies every tensor of {@code state} into this module's own (strict: the names must match
     * exactly and every shape must agree). Checks everything before copying anything, so a failed
     * load leaves the module unchanged.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        var own = stateDict();
        var missing = new ArrayList<String>();
        for (String n : own.keySet()) if (!state.containsKey(n)) missing.add(n);
        var unexpected = new ArrayList<String>();
        for (String n : state.keySet()) if (!own.containsKey(n)) unexpected.add(n);
        if (!missing.isEmpty() || !unexpected.isEmpty())
            throw new IllegalArgumentException("loadStateDict: missing " + missing + ", unexpected " + unexpected);
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (!src.shape().equals(e.getValue().shape()))
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' has shape " + src.shape()
                        + " in the state dict but " + e.getValue().shape() + " in the model");
        }
        try (var g = Grad.disabled()) {
            own.forEach((n, t) -> t.copyInPlace(state.get(n)));
        }
    }

    // ---------------------------------------------------------------- modes and grads

    /** Sets training mode here and in every descendant; returns {@code this}. */
    public Module train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Zeroes the accumulated gradient of every parameter (those never reached stay null). */
    public final void zeroGrad() {
        namedParameters().values().forEach(Tensor::zeroGrad);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " parameters)";
    }
}
