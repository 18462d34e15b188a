package dev.slt.cli;

import dev.slt.datasets.Embedded;
import dev.slt.pruning.lottery.LotteryConfig;
import dev.slt.pruning.regroup.RegroupParams;
import java.util.List;

/**
 * What {@code slt demo} runs: one recipe for the dense training and every retraining, the pruning
 * schedule and the benchmark. {@link #STANDARD} took about 4 minutes on two lightly loaded cores
 * (README, "Quick start"); {@link #SMOKE} is the same pipeline shrunk for the tests.
 *
 * @param rate         fraction of the remaining weights pruned per round: density (1 - rate)^round
 * @param benchBatch   images per forward in the ticket benchmark
 */
record DemoSettings(String model, int epochs, int rounds, double rate, int batch, double lr, int limitTrain, int limitTest,
                    int benchBatch, int benchRepeats, int benchWarmup, long seed) {

    /** The methods, in table order; IMP first, since the other two reuse its IMP tickets ({@link dev.slt.pruning.lottery.ImpChain}). */
    static final List<String> METHODS = List.of("imp", "refill", "regroup");

    static final DemoSettings STANDARD = new DemoSettings("convnet", 3, 3, 0.5, 64, 0.05, 2000, 1000, 64, 10, 3, 1);

    static final DemoSettings SMOKE = new DemoSettings("convnet", 1, 2, 0.5, 64, 0.05, 128, 64, 8, 2, 0, 1);

    /** The lottery config of {@code method}: per-round tickets, rewinding to θ0 (rewind epoch 0), the defaults otherwise. */
    LotteryConfig config(String method) {
        return new LotteryConfig(Embedded.NAME, model, method, rounds, rate, 0, epochs, batch, lr, 0.9, 5e-4, "cosine", seed,
                limitTrain, limitTest, LotteryConfig.PER_ROUND_TICKET, false, false, "l1", 0.1, RegroupParams.defaults());
    }

    /** Trainings that run: the dense one, then per round IMP's ticket and each structured method's ticket. */
    int trainings() {
        return 1 + rounds * METHODS.size();
    }
}
