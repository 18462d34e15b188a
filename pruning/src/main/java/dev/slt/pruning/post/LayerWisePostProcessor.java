package dev.slt.pruning.post;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A post-processor that treats each layer alone, as a {@code rows × cols} matrix (a conv weight
 * {@code (C_out, C_in, kh, kw)} is {@code W[C_out][C_in*kh*kw]}). Subclasses implement
 * {@link #layer}; this class builds the mask and the reports. Layer {@code i} (mask order) gets the
 * {@code i}-th {@code nextLong()} of {@code SplittableRandom(seed)} as its seed.
 */
public abstract class LayerWisePostProcessor implements PostProcessor {

    /**
     * One layer's result: its new 0/1 mask (row-major, {@code rows*cols}), regroup's blocks (or an
     * empty list) and whether the layer kept its unstructured mask.
     */
    public record Outcome(float[] mask, List<Block> blocks, boolean keptUnstructured) {}

    /**
     * Post-processes one layer. {@code mask} is a fresh copy the method may modify and return;
     * {@code trained} is the layer's θ_t (read only).
     */
    protected abstract Outcome layer(String name, float[] mask, int rows, int cols, float[] trained, long seed);

    @Override
    public final Structured apply(Mask imp, Map<String, Tensor> trained, long seed) {
        var rng = new SplittableRandom(seed);
        var next = new LinkedHashMap<String, float[]>();
        var outcomes = new ArrayList<Outcome>();
        for (String n : imp.names()) {
            float[] w = Weights.of(imp, trained, n, name());
            Outcome o = layer(n, imp.get(n), imp.rows(n), imp.cols(n), w, rng.nextLong());
            if (o.mask().length != imp.size(n))
                throw new IllegalStateException(name() + ": layer '" + n + "' came back with " + o.mask().length + " entries, not " + imp.size(n));
            next.put(n, o.mask());
            outcomes.add(o);
        }
        Mask out = imp.withAll(next);
        var reports = new ArrayList<LayerReport>();
        var names = imp.names();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            reports.add(new LayerReport(n, imp.rows(n), imp.cols(n), imp.density(n), out.density(n),
                    imp.liveChannels(n), out.liveChannels(n), outcomes.get(i).blocks(), outcomes.get(i).keptUnstructured()));
        }
        return new Structured(out, reports);
    }
}
