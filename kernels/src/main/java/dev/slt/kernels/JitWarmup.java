package dev.slt.kernels;

import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A benchmark warm-up that waits for the JIT. A Vector API kernel runs 50-100x slower until C2 has compiled it
 * (before that its vectors are objects), and on a busy two-core host the C2 compile of a big generated kernel can
 * land seconds after the code first ran, after a fixed warm-up has ended (a bench once timed a slimmed layer at
 * 166 ms instead of 1.5, most likely so). The warm-up therefore runs its step for the time asked, then on while
 * HotSpot is compiling or has methods queued to compile (its {@code compilerQueue} diagnostic command), up to a limit.
 */
public final class JitWarmup {

    /** The benchmarks' limit on waiting for the JIT after their own warm-up. */
    public static final long WAIT_NANOS = 10_000_000_000L;

    /** How often the compiler queue is looked at (one look costs well under a millisecond). */
    private static final long LOOK_NANOS = 20_000_000L;

    private JitWarmup() {}

    /**
     * Runs {@code step} at least once and for at least {@code minNanos}, then until the JIT has nothing compiling or
     * queued, or {@code maxNanos} have passed since the start.
     *
     * @return whether the JIT was idle at the end (false: the limit stopped the warm-up, or the queue cannot be read)
     */
    public static boolean run(Runnable step, long minNanos, long maxNanos) {
        return run(step, minNanos, maxNanos, JitWarmup::compiling);
    }

    /** {@link #run(Runnable, long, long)} with the question "is the JIT busy?" given (tests). */
    static boolean run(Runnable step, long minNanos, long maxNanos, BooleanSupplier busy) {
        if (minNanos < 0 || maxNanos < minNanos)
            throw new IllegalArgumentException("JIT warm-up: need 0 <= min <= max, got min " + minNanos + " ns, max " + maxNanos + " ns");
        long start = System.nanoTime(), nextLook = start + minNanos;
        while (true) {
            step.run();
            long now = System.nanoTime();
            if (now < nextLook) continue;
            boolean stillBusy = busy.getAsBoolean();
            if (!stillBusy) return true;
            if (now - start >= maxNanos) return false;
            nextLook = now + LOOK_NANOS;
        }
    }

    /**
     * Whether HotSpot is compiling a method or has one queued; true also when that cannot be asked (another VM),
     * so that a warm-up then runs to its limit rather than stopping early.
     */
    public static boolean compiling() {
        String queue = compilerQueue();
        return queue == null || busy(queue);
    }

    /**
     * Reads the output of {@code jcmd <pid> Compiler.queue}: "Current compiles:" followed by one line per method being
     * compiled, then per compiler "C1 compile queue:" / "C2 compile queue:" followed by "Empty" or one line per
     * queued method. Busy when any of those lists has an entry.
     */
    static boolean busy(String compilerQueue) {
        boolean inList = false;
        for (String raw : compilerQueue.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("Current compiles:") || line.endsWith("compile queue:")) {
                inList = true;
                String rest = line.substring(line.indexOf(':') + 1).strip();
                if (!rest.isEmpty()) return true;
                continue;
            }
            if (inList && !line.equals("Empty")) return true;
        }
        return false;
    }

    /** The text of {@code jcmd <pid> Compiler.queue} for this VM, or null where the command is not there. */
    static String compilerQueue() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object out = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return out instanceof String s ? s : null;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
