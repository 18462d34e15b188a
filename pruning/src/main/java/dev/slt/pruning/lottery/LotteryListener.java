package dev.slt.pruning.lottery;

import dev.slt.nn.train.Callback;
import java.util.List;

/** What a {@link LotteryRunner} tells its caller: phases as they start or are skipped, and finished rounds. */
public interface LotteryListener {

    /** A phase starts (or resumes); {@code what} names it, e.g. {@code round 2: ticket training}. */
    default void phaseStarted(String what) {}

    /** A phase's output exists, so it is skipped. */
    default void phaseSkipped(String what) {}

    /** Extra training callbacks (e.g. progress) for the phase that just started; a fresh list per phase. */
    default List<Callback> trainingCallbacks() {
        return List.of();
    }

    default void denseFinished(DenseResult dense) {}

    /** A round finished now or was read back from its files. */
    default void roundFinished(RoundResult round) {}

    LotteryListener NONE = new LotteryListener() {};
}
