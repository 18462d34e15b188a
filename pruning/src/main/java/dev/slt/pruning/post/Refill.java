package dev.slt.pruning.post;

import dev.slt.pruning.Options;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Refill and refill+ (METHOD.md, Algorithm 2): per layer, score each output channel on the trained
 * weights masked by the IMP mask, keep the {@code k} best channels whole (ties: lower index first) and
 * drop the rest, so the layer's density stays about {@code d}. Refill: {@code k = clamp(ceil(d*C), 1, C)}
 * (SLT: exact k). Refill+: {@code k = clamp(ceil(d*C + r*(C - d*C)), 1, C)}.
 */
public final class Refill extends LayerWisePostProcessor {

    public static final String NAME = "refill", NAME_PLUS = "refill+";

    /** How a channel is scored from its remaining trained weights {@code M_ij * W_ij}. */
    public enum Criterion {
        /** Σ_j |M_ij W_ij| (the paper's) */
        L1,
        /** Σ_j M_ij, the number of remaining weights */
        COUNT,
        /** sqrt(Σ_j (M_ij W_ij)²) */
        L2;

        public String key() {
            return name().toLowerCase();
        }

        static final List<String> KEYS = Arrays.stream(values()).map(Criterion::key).toList();
    }

    /**
     * @param criterion channel score (default l1)
     * @param rate refill+'s fraction r of the dropped channel budget kept too (refill: 0; refill+
     *     default 0.1 (SLT))
     */
    public record Params(Criterion criterion, double rate) {
        public static final Params REFILL = new Params(Criterion.L1, 0), REFILL_PLUS = new Params(Criterion.L1, 0.1);

        public Params {
            if (criterion == null) throw new IllegalArgumentException("refill: criterion is null");
            if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("refill+: rate must be in [0, 1], got " + rate);
        }

        static Criterion criterion(Options o) {
            return Criterion.valueOf(o.getChoice("criterion", Criterion.L1.key(), Criterion.KEYS).toUpperCase());
        }
    }

    /** Tolerance for refill+'s ceiling: keeps a product like 3.0000000000000004 from taking a 4th channel. */
    private static final double CEIL_SLACK = 1e-9;

    private final Params params;
    private final String name;

    /** Named {@code refill} when {@code params.rate()} is 0, else {@code refill+}. */
    public Refill(Params params) {
        this.params = params;
        this.name = params.rate == 0 ? NAME : NAME_PLUS;
    }

    static Refill refill(Options o) {
        return new Refill(new Params(Params.criterion(o), 0));
    }

    static Refill refillPlus(Options o) {
        Criterion c = Params.criterion(o);
        return new Refill(new Params(c, o.getDouble("rate", Params.REFILL_PLUS.rate)));
    }

    public Params params() {
        return params;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Channels kept for a layer of {@code rows} channels of {@code cols} entries with {@code nnz} kept
     * entries: {@code d*C = nnz/cols}; with {@code rate = 0} the ceiling is taken exactly in integers.
     */
    public static int keptChannels(long nnz, int rows, int cols, double rate) {
        long k;
        if (rate == 0) {
            k = (nnz + cols - 1) / cols;
        } else {
            double dc = (double) nnz / cols;
            k = (long) Math.ceil(dc + rate * (rows - dc) - CEIL_SLACK);
        }
        return Math.clamp(k, 1, rows);
    }

    @Override
    protected Outcome layer(String layer, float[] mask, int rows, int cols, float[] trained, long seed) {
        long nnz = 0;
        double[] score = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                if (mask[j] == 0f) continue;
                nnz++;
                double w = trained[j];
                s += switch (params.criterion) {
                    case L1 -> Math.abs(w);
                    case COUNT -> 1;
                    case L2 -> w * w;  // the square root keeps the order, so ranking on Σ w² is the same
                };
            }
            score[r] = s;
        }
        int k = keptChannels(nnz, rows, cols, params.rate);
        int[] order = IntStream.range(0, rows).boxed()
                .sorted(Comparator.<Integer>comparingDouble(r -> -score[r]).thenComparingInt(r -> r))
                .mapToInt(Integer::intValue).toArray();
        float[] out = new float[mask.length];
        for (int i = 0; i < k; i++) Arrays.fill(out, order[i] * cols, (order[i] + 1) * cols, 1f);
        return new Outcome(out, List.of(), false);
    }
}
