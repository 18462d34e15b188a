package dev.slt.cli;

import dev.slt.pruning.lottery.Ticket;
import dev.slt.pruning.plan.InferencePlan;
import dev.slt.pruning.plan.PlanOptions;
import dev.slt.pruning.plan.TicketTiming;
import java.nio.file.Path;

/**
 * The one place {@code slt demo} times a ticket: its {@link InferencePlan} (each conv on the kernel its mask
 * suits) against the dense plan of the same masked model, end to end at one batch size, interleaved in one
 * process ({@link TicketTiming}; {@code slt bench ticket DIR} shows the same per layer).
 */
final class TicketBench {

    /** Milliseconds per forward of the dense plan and of the ticket's, and the measured speedup (median of dense / ticket). */
    record Timing(double denseMs, double ticketMs, double speedup) {}

    private TicketBench() {}

    /** Times the ticket of a lottery round folder ({@code round-K}) at {@link DemoSettings#benchBatch()}. */
    static Timing measure(Path roundDir, DemoSettings s) {
        Ticket t = Ticket.load(roundDir);
        int size = Integer.parseInt(t.metadata().get("image_size"));
        var masks = InferencePlan.convMasks(t.model(), t.mask());
        var options = PlanOptions.defaults(s.benchBatch());
        var r = TicketTiming.measure(InferencePlan.dense(t.model(), masks, size, options), InferencePlan.of(t.model(), masks, size, options),
                s.benchBatch(), s.benchRepeats(), s.benchWarmup(), s.seed());
        return new Timing(r.denseMs(), r.ticketMs(), r.speedup());
    }
}
