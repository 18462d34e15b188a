package dev.slt.cli;

import java.nio.file.Path;

/**
 * The one place {@code slt demo} times a ticket: its inference plan against the dense plan of the same
 * model, end to end at one batch size, interleaved in one process.
 */
final class TicketBench {

    /** Milliseconds per forward of the dense model and of the ticket, and the measured speedup dense / ticket. */
    record Timing(double denseMs, double ticketMs, double speedup) {}

    private TicketBench() {}

    /** Whether this build can time tickets (it needs the pruning module's inference plans). */
    static boolean available() {
        return false;
    }

    /** Times the ticket of a lottery round folder; null where {@link #available()} is false. */
    static Timing measure(Path roundDir, DemoSettings s) {
        return null;
    }
}
