package dev.slt.pruning;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.layers.Linear;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * Which weights pruning may touch (METHOD.md "Prunable weights"): every conv weight except the stem
 * conv, and no Linear weight. Both exclusions are switches, off by default ({@link #DEFAULT}).
 *
 * @param pruneStem also prune the stem conv (the conv marked {@code markStem()})
 * @param pruneClassifier also prune every Linear weight (BN parameters and biases are never pruned)
 */
public record PrunableSet(boolean pruneStem, boolean pruneClassifier) {

    public static final PrunableSet DEFAULT = new PrunableSet(false, false);

    /** The prunable weights of {@code model} (live tensors), in state-dict order, named as in the state dict. */
    public SequencedMap<String, Tensor> weights(Module model) {
        var convs = model.prunableConvWeights(pruneStem);
        var state = model.stateDict();
        var out = new LinkedHashMap<String, Tensor>();
        model.namedModules().forEach((n, m) -> {
            String w = n.isEmpty() ? "weight" : n + ".weight";
            if (convs.containsKey(w) || (pruneClassifier && m instanceof Linear)) out.put(w, state.get(w));
        });
        return out;
    }

    /** An all-ones mask over the prunable weights of {@code model}: round 0 of IMP. */
    public Mask initialMask(Module model) {
        return Mask.ones(weights(model));
    }
}
