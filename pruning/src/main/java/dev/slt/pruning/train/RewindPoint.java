package dev.slt.pruning.train;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.train.Callback;
import dev.slt.pruning.Mask;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Captures θ_rw (METHOD.md, IMP step 1): a deep copy of the whole state dict (weights, BN affine
 * parameters and running statistics) at the start of rewind epoch {@code e_r}, before its first step;
 * {@code e_r = 0} captures θ0. {@link #restore} puts a captured state back under a mask.
 */
public final class RewindPoint implements Callback {

    /** METHOD.md's default e_r as a fraction of the epochs (paper: epoch 8 of 160). */
    public static final double DEFAULT_FRACTION = 0.05;

    private final Module model;
    private final int epoch;
    private SequencedMap<String, Tensor> state;

    /** Captures {@code model}'s state at the start of epoch {@code epoch} (0-based). */
    public RewindPoint(Module model, int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("rewind epoch must be >= 0, got " + epoch);
        this.model = model;
        this.epoch = epoch;
    }

    /**
     * The default rewind epoch for a run of {@code epochs}: {@code round(0.05 * epochs)}, halves up
     * ({@code Math.round}), at most {@code epochs - 1}. So 1-9 epochs rewind to θ0, 10-29 to epoch 1,
     * 160 to epoch 8.
     */
    public static int defaultEpoch(int epochs) {
        return epochFor(DEFAULT_FRACTION, epochs);
    }

    /** {@code round(fraction * epochs)} (halves up), at most {@code epochs - 1}. */
    public static int epochFor(double fraction, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("rewind fraction must be in [0, 1), got " + fraction);
        return (int) Math.min(Math.round(fraction * epochs), epochs - 1);
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public void onEpochStart(int e) {
        if (e == epoch) state = copy(model.stateDict());
    }

    public boolean captured() {
        return state != null;
    }

    /** The captured state (deep copies; the caller may keep or save them). */
    public SequencedMap<String, Tensor> state() {
        if (state == null)
            throw new IllegalStateException("rewind state of epoch " + epoch + " was not captured (training never started that epoch)");
        return copy(state);
    }

    /** Deep copies of every tensor of {@code state}, order kept. */
    public static SequencedMap<String, Tensor> copy(SequencedMap<String, Tensor> state) {
        var out = new LinkedHashMap<String, Tensor>();
        state.forEach((n, t) -> out.put(n, Tensor.fromArray(t.data().clone(), t.shape().dims())));
        return out;
    }

    /**
     * Rewinds {@code model} to {@code state} (strict: every name and shape must match), then applies
     * {@code mask}: kept weights take their θ_rw values, pruned ones are zero.
     */
    public static void restore(Module model, Map<String, Tensor> state, Mask mask) {
        model.loadStateDict(state);
        mask.apply(model.stateDict());
    }
}
