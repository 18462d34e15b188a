package dev.slt.pruning.train;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.optim.Sgd;
import dev.slt.nn.train.Callback;
import dev.slt.pruning.Mask;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps pruned weights exactly zero during training (METHOD.md, IMP step 4): applies the mask at train
 * start and, after every optimiser step, re-applies it to the weights and zeroes the SGD momentum at
 * pruned positions. With weight and momentum zero before a step, the step moves a pruned weight by its
 * gradient alone, and the re-application undoes that move; so the net effect equals masking the
 * gradient and the momentum.
 */
public final class MaskEnforcer implements Callback {

    private final Mask mask;
    private final Sgd sgd;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();

    /** Checks now that every mask layer is a weight of {@code model} with the mask's shape. */
    public MaskEnforcer(Module model, Sgd sgd, Mask mask) {
        this.mask = mask;
        this.sgd = sgd;
        var state = model.stateDict();
        for (String n : mask.names()) weights.put(n, state.get(n));
        mask.checkFits(state);
    }

    public Mask mask() {
        return mask;
    }

    @Override
    public void onTrainStart(int startEpoch, int epochs, int stepsPerEpoch) {
        enforce();
    }

    @Override
    public void onStep(Step step) {
        enforce();
    }

    /** Zeroes pruned weights and their momentum (the buffers that exist so far: SGD creates one on a parameter's first step). */
    public void enforce() {
        var momentum = sgd.state();
        weights.forEach((n, w) -> {
            mask.applyTo(n, w);
            Tensor v = momentum.get(n);
            if (v != null) mask.applyTo(n, v);
        });
    }
}
