package dev.slt.pruning.strategy;

import dev.slt.pruning.Options;

/**
 * The parameters of the strategies that remove a fraction of what remains each round
 * ({@code global-magnitude}, {@code layer-wise-magnitude}, {@code random}, {@code structured-imp}).
 *
 * @param rate the fraction p of the remaining weights (or channels) removed per round, in [0, 1];
 *     default 0.2 (METHOD.md)
 */
public record RateParams(double rate) {

    public static final RateParams DEFAULT = new RateParams(0.2);

    public RateParams {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("pruning rate must be in [0, 1], got " + rate);
    }

    /** Reads option {@code rate}. */
    public static RateParams from(Options o) {
        return new RateParams(o.getDouble("rate", DEFAULT.rate));
    }

    /** How many of {@code remaining} to remove: {@code round(rate * remaining)}, halves rounded up (Math.round). */
    public long count(long remaining) {
        return Math.round(rate * remaining);
    }
}
