package dev.slt.cli;

import java.util.Locale;

/**
 * One line of the demo's table (and of {@code demo.json}'s {@code rows}, in snake_case): a method's
 * ticket after a round, or the dense model (round 0).
 *
 * @param density         ticket weights kept over prunable weights
 * @param testAccuracy    at the epoch of best validation accuracy (METHOD.md); null if not finite
 * @param idealSpeedup    dense multiply-adds / the ticket's (the whole model, METHOD.md's FLOP count)
 * @param measuredSpeedup dense ms / ticket ms at the benchmark batch; null where not measured
 */
record DemoRow(String method, int round, double density, double channelDensity, Double testAccuracy, double idealSpeedup,
               Double measuredSpeedup, Double denseMs, Double ticketMs) {

    static final String HEADER = String.format(Locale.ROOT, "%-8s %5s %8s %9s %9s %8s", "method", "round", "density", "test acc", "measured", "ideal");

    String line() {
        return String.format(Locale.ROOT, "%-8s %5d %8.4f %9s %9s %8s", method, round, density, LotteryTable.percent(testAccuracy),
                times(measuredSpeedup), times(idealSpeedup));
    }

    static String times(Double v) {
        return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }
}
