package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    /** Output of {@code jcmd <pid> Compiler.queue} as JDK 25 prints it, idle. */
    static final String IDLE = """
            Current compiles:\s

            C1 compile queue:
            Empty

            C2 compile queue:
            Empty

            """;

    @Test
    void readsTheCompilerQueue() {
        assertFalse(JitWarmup.busy(IDLE));
        assertTrue(JitWarmup.busy("""
                Current compiles:\s
                C2 CompilerThread0  1479   !   4       dev.slt.kernels.PositionWideKernel::r13 (2284 bytes)

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """), "a method being compiled");
        assertTrue(JitWarmup.busy("""
                Current compiles:\s

                C1 compile queue:
                Empty

                C2 compile queue:
                1472       4       java.util.HashMap::getOrDefault (19 bytes)
                """), "a method queued for C2");
        assertTrue(JitWarmup.busy("""
                Current compiles:\s

                C1 compile queue:
                1865       2       javax.management.StandardMBean::equal (23 bytes)

                C2 compile queue:
                Empty
                """), "a method queued for C1");
    }

    @Test
    void runsAtLeastTheMinimumThenUntilTheJitIsIdle() {
        AtomicInteger steps = new AtomicInteger(), looks = new AtomicInteger();
        long t0 = System.nanoTime();
        boolean idle = JitWarmup.run(steps::incrementAndGet, 30_000_000L, 10_000_000_000L, () -> looks.incrementAndGet() < 4);
        long took = System.nanoTime() - t0;
        assertTrue(idle);
        assertTrue(took >= 30_000_000L, "ran " + took + " ns, asked for at least 30 ms");
        assertEquals(4, looks.get(), "looked until the JIT was idle");
        assertTrue(steps.get() >= 4, "a step between looks");
    }

    @Test
    void stopsAtTheLimitWhenTheJitStaysBusy() {
        AtomicInteger steps = new AtomicInteger();
        long t0 = System.nanoTime();
        assertFalse(JitWarmup.run(steps::incrementAndGet, 0, 50_000_000L, () -> true));
        long took = System.nanoTime() - t0;
        assertTrue(took >= 50_000_000L && took < 5_000_000_000L, "stopped after " + took + " ns, limit 50 ms");
        assertTrue(steps.get() >= 1);
    }

    @Test
    void aZeroWarmupStillRunsOneStep() {
        AtomicInteger steps = new AtomicInteger();
        assertTrue(JitWarmup.run(steps::incrementAndGet, 0, 0, () -> false));
        assertEquals(1, steps.get());
        assertThrows(IllegalArgumentException.class, () -> JitWarmup.run(() -> {}, 10, 5, () -> false));
    }

    @Test
    void thisVmTellsItsQueue() {
        String queue = JitWarmup.compilerQueue();
        assertTrue(queue != null && queue.contains("Current compiles:") && queue.contains("C2 compile queue:"), "got: " + queue);
    }
}
