package dev.slt.bench;

import dev.slt.kernels.KernelPool;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.pruning.plan.InferencePlan;
import dev.slt.pruning.plan.PlanOptions;
import dev.slt.pruning.plan.SyntheticTickets;
import dev.slt.pruning.plan.TicketTiming;
import java.util.Locale;

/**
 * End-to-end speedup against ideal of synthetic ResNet-20 tickets (refill-like at channel density 0.5 and 0.3,
 * regroup-like at weight density 0.5 and 0.3), dense and ticket interleaved ({@link TicketTiming}), as
 * {@code slt bench ticket} measures a real ticket. Args: {@code [size] [threads] [repeats] [batch] [cpu]}, default
 * 28 2 9 64; {@code cpu} times by the thread's CPU time (needs 1 thread), for a loaded host.
 * Run: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.slt.bench.TicketSpeed}.
 */
public final class TicketSpeed {

    private TicketSpeed() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 28, threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 9, batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        boolean cpuTime = args.length > 4 && args[4].equals("cpu");
        KernelPool.setThreads(threads);
        Module model = Models.create("resnet20", size == 28 ? 1 : 3, size, 10, 1);
        PlanOptions o = PlanOptions.defaults(batch);
        System.out.printf(Locale.ROOT, "resnet20 %dx%d, batch %d, %d thread(s), median of %d interleaved rounds, %s time%n", size, size,
                batch, threads, repeats, cpuTime ? "thread CPU" : "wall");
        System.out.printf(Locale.ROOT, "%-22s %-8s %9s %9s %8s %8s %8s %10s %10s%n", "ticket", "plan", "dense ms", "ticket ms", "speedup", "ideal", "% ideal",
                "convs d ms", "convs t ms");
        record Case(String label, SyntheticTickets.Pattern pattern, double density, boolean compact) {}
        String only = System.getProperty("only", "");
        for (var c : new Case[] {
                new Case("refill ch 0.5", SyntheticTickets.Pattern.REFILL, 0.5, true),
                new Case("refill ch 0.5", SyntheticTickets.Pattern.REFILL, 0.5, false),
                new Case("refill ch 0.3", SyntheticTickets.Pattern.REFILL, 0.3, true),
                new Case("refill ch 0.3", SyntheticTickets.Pattern.REFILL, 0.3, false),
                new Case("regroup w 0.5", SyntheticTickets.Pattern.REGROUP, 0.5, true),
                new Case("regroup w 0.3", SyntheticTickets.Pattern.REGROUP, 0.3, true)}) {
            if (!only.isEmpty() && !c.label().startsWith(only)) continue;
            var mask = SyntheticTickets.of(c.pattern(), model, c.density(), 2);
            var ticket = InferencePlan.of(model, mask, size, o.withCompact(c.compact()));
            var r = TicketTiming.measure(InferencePlan.dense(model, mask, size, o), ticket, batch, repeats, 2, 1, cpuTime);
            double convDense = 0, convTicket = 0;   // the convs alone: the rest of each forward is the non-conv path
            for (var l : r.layers()) {
                convDense += l.denseMs();
                convTicket += l.ticketMs();
            }
            System.out.printf(Locale.ROOT, "%-22s %-8s %9.2f %9.2f %8.2f %8.2f %7.0f%% %10.2f %10.2f%n", c.label(),
                    ticket.compact() ? "compact" : "layers", r.denseMs(), r.ticketMs(), r.speedup(), r.idealSpeedup(),
                    100 * r.speedup() / r.idealSpeedup(), convDense, convTicket);
        }
    }
}
