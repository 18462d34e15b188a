package dev.slt.pruning.strategy;

import dev.slt.engine.Tensor;
import dev.slt.pruning.Mask;
import dev.slt.pruning.Weights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured IMP (METHOD.md "Baselines"): in every layer, remove {@code round(rate * live channels)}
 * of its live output channels (rows with any kept entry), those whose remaining weights have the
 * smallest l1 norm {@code Σ_j |M_ij W_ij|}, keeping at least one live channel. Ties: lower channel
 * index removed first. Layer-wise, because a global ranking of l1 norms follows each layer's
 * initialisation scale and empties the widest layers first.
 */
public final class StructuredImp extends RateStrategy {

    public static final String NAME = "structured-imp";

    public StructuredImp(RateParams params) {
        super(NAME, params);
    }

    @Override
    public Mask prune(Mask current, Map<String, Tensor> trained, long seed) {
        var changed = new LinkedHashMap<String, float[]>();
        for (String n : current.names()) {
            float[] w = Weights.of(current, trained, n, NAME), m = current.get(n);
            int rows = current.rows(n), cols = current.cols(n);
            double[] l1 = new double[rows];
            List<Integer> live = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                boolean any = false;
                for (int j = r * cols; j < (r + 1) * cols; j++) {
                    if (m[j] != 0f) {
                        any = true;
                        l1[r] += Math.abs(w[j]);
                    }
                }
                if (any) live.add(r);
            }
            long remove = Math.min(params.count(live.size()), Math.max(0, live.size() - 1));
            live.sort(Comparator.<Integer>comparingDouble(r -> l1[r]).thenComparingInt(r -> r));
            for (int i = 0; i < remove; i++) {
                int r = live.get(i);
                for (int j = r * cols; j < (r + 1) * cols; j++) m[j] = 0f;
            }
            changed.put(n, m);
        }
        return current.withAll(changed);
    }
}
