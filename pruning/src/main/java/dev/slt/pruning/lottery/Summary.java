package dev.slt.pruning.lottery;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: {@code method}, {@code config}, {@code dense} ({@code test_accuracy} at the
 * best-validation epoch, {@code best_val_accuracy}, {@code final_test_accuracy}, {@code epochs}),
 * {@code rounds} (one {@link RoundResult} per finished round, snake_case keys) and
 * {@code complete} (all rounds done).
 */
public final class Summary {

    private Summary() {}

    static void write(Path file, LotteryConfig config, DenseResult dense, List<RoundResult> rounds) {
        JsonFiles.write(file, of(config, dense, rounds));
    }

    static Map<String, Object> of(LotteryConfig config, DenseResult dense, List<RoundResult> rounds) {
        var m = new LinkedHashMap<String, Object>();
        m.put("method", config.method());
        m.put("postprocess", config.postprocess());
        m.put("dense", dense);
        m.put("rounds", rounds);
        m.put("complete", rounds.size() == config.rounds());
        m.put("config", config);
        return m;
    }
}
