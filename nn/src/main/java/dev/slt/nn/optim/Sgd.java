package dev.slt.nn.optim;

import dev.slt.engine.Tensor;
import dev.slt.kernels.Backends;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * SGD with momentum, PyTorch semantics (dampening 0): {@code g = grad + wd*w; v = momentum*v + g;
 * w -= lr * (nesterov ? g + momentum*v : v)}. The learning rate is passed to each step, so a
 * schedule stays outside. Momentum buffers are keyed by parameter name (as in the module's state
 * dict) so a checkpoint can store and restore them; a parameter gets its buffer, zero-initialised
 * (equal to PyTorch's clone of the first gradient), on its first step with a gradient.
 */
public final class Sgd {

    private final SequencedMap<String, Tensor> params;
    private final float momentum, weightDecay;
    private final boolean nesterov;
    private final LinkedHashMap<String, Tensor> velocity = new LinkedHashMap<>();

    public Sgd(Map<String, Tensor> namedParameters, float momentum, float weightDecay, boolean nesterov) {
        if (!(momentum >= 0f) || !(weightDecay >= 0f))
            throw new IllegalArgumentException("sgd: momentum " + momentum + " and weight decay " + weightDecay + " must be >= 0");
        if (nesterov && momentum == 0f) throw new IllegalArgumentException("sgd: Nesterov needs a momentum > 0");
        this.params = new LinkedHashMap<>(namedParameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** One update at learning rate {@code lr}; parameters whose gradient is null are skipped. */
    public void step(float lr) {
        params.forEach((name, p) -> {
            Tensor grad = p.grad();
            if (grad == null) return;
            Tensor v = velocity.computeIfAbsent(name, n -> Tensor.zeros(p.shape().dims()));
            // writes the parameter's array directly: an update is outside the graph by definition
            Backends.current().sgdMomentum(p.data(), grad.data(), v.data(), 0, p.size(), lr, momentum, weightDecay, nesterov);
        });
    }

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        params.values().forEach(Tensor::zeroGrad);
    }

    /** The momentum buffers by parameter name (live tensors), only for parameters stepped so far. */
    public SequencedMap<String, Tensor> state() {
        return Collections.unmodifiableSequencedMap(velocity);
    }

    /**
     * Replaces the momentum buffers with copies of {@code state}; every name must be a parameter of
     * this optimiser and every shape must match it. Parameters absent from {@code state} start afresh.
     */
    public void loadState(Map<String, Tensor> state) {
        var unknown = new ArrayList<String>();
        for (String n : state.keySet()) if (!params.containsKey(n)) unknown.add(n);
        if (!unknown.isEmpty()) throw new IllegalArgumentException("sgd loadState: unknown parameters " + unknown);
        state.forEach((n, t) -> {
            if (!t.shape().equals(params.get(n).shape()))
                throw new IllegalArgumentException("sgd loadState: momentum of '" + n + "' has shape " + t.shape()
                        + " but the parameter has " + params.get(n).shape());
        });
        velocity.clear();
        state.forEach((n, t) -> velocity.put(n, t.copy()));
    }

    /** Forgets all momentum (METHOD.md: the optimiser is reset at each IMP round). */
    public void reset() {
        velocity.clear();
    }
}
