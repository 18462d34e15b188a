package dev.slt.pruning.strategy;

/** The pruning-rate rule shared by the strategies. */
final class Rates {

    private Rates() {}

    static double check(String owner, double rate) {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException(owner + ": rate must be in [0, 1], got " + rate);
        return rate;
    }

    /** How many of {@code remaining} to remove: {@code round(rate * remaining)}, halves rounded up (Math.round). */
    static long count(double rate, long remaining) {
        return Math.round(rate * remaining);
    }
}
