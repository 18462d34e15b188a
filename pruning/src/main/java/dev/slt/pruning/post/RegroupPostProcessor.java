package dev.slt.pruning.post;

import dev.slt.pruning.Options;
import dev.slt.pruning.regroup.Regroup;
import dev.slt.pruning.regroup.RegroupParams;
import dev.slt.pruning.regroup.RegroupResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code regroup} (METHOD.md, Algorithm 3) as a post-processor: each layer's IMP mask goes through
 * {@link Regroup#apply} with the layer's seed; its blocks become the report's {@link Block}s. A layer
 * that yields no block keeps its IMP mask and is reported as {@code keptUnstructured}.
 */
public final class RegroupPostProcessor extends LayerWisePostProcessor {

    public static final String NAME = "regroup";

    private final RegroupParams params;

    public RegroupPostProcessor(RegroupParams params) {
        if (params == null) throw new IllegalArgumentException(NAME + ": params must not be null");
        this.params = params;
    }

    /** Reads {@code pMax}, {@code imbalance}, {@code t1}, {@code b1}, {@code rowTile}, {@code restarts}, {@code fmPasses}. */
    static RegroupPostProcessor from(Options o) {
        RegroupParams d = RegroupParams.defaults();
        return new RegroupPostProcessor(new RegroupParams(
                o.getInt("pMax", d.pMax()), o.getDouble("imbalance", d.imbalance()), o.getDouble("t1", d.t1()),
                o.getInt("b1", d.b1()), o.getInt("rowTile", d.rowTile()), o.getInt("restarts", d.restarts()),
                o.getInt("fmPasses", d.fmPasses())));
    }

    public RegroupParams params() {
        return params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Outcome layer(String name, float[] mask, int rows, int cols, float[] trained, long seed) {
        RegroupResult r = Regroup.apply(mask, rows, cols, params, seed);
        List<Block> blocks = new ArrayList<>();
        for (var b : r.blocks()) blocks.add(new Block(b.rows(), b.cols()));
        return new Outcome(r.mask(), blocks, r.keptUnstructured());
    }
}
