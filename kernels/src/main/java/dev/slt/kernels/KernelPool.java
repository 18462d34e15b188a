package dev.slt.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The one thread pool every multi-threaded kernel shares. Its size comes from, in order:
 * {@link #setThreads(int)}, the system property {@code slt.threads}, the environment variable
 * {@code SLT_THREADS}, else the number of available processors.
 */
public final class KernelPool {

    /** A slice {@code [start, end)} of the work. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static volatile int threads = initialThreads();
    private static ForkJoinPool pool;

    private KernelPool() {}

    public static int threads() {
        return threads;
    }

    /** Sets the pool size used by every later kernel call. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    /** Runs {@code body} over {@code [0, count)} in at most {@link #threads()} contiguous slices. */
    public static void parallelFor(int count, RangeBody body) {
        parallelFor(count, threads, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} split into {@code tasks} contiguous, nearly equal slices
     * (fewer when count is smaller). The calling thread runs the first slice itself while the pool's
     * {@code threads - 1} workers take the others: one hand-off less per call than waiting on the pool, and the
     * caller's core does kernel work instead of sleeping. Nested calls (from a slice) run inline.
     */
    public static void parallelFor(int count, int tasks, RangeBody body) {
        int t = Math.min(tasks, count);
        if (t <= 1 || threads == 1 || INSIDE.get()[0] || ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
            if (count > 0) body.run(0, count);
            return;
        }
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] parts = new ForkJoinTask<?>[t];
        for (int i = 1; i < t; i++) {
            int start = (int) ((long) count * i / t);
            int end = (int) ((long) count * (i + 1) / t);
            parts[i] = ForkJoinTask.adapt(() -> body.run(start, end));
            p.execute(parts[i]);
        }
        boolean[] inside = INSIDE.get();
        Throwable failure = null;
        inside[0] = true;
        try {
            body.run(0, (int) ((long) count / t));
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            inside[0] = false;
        }
        for (int i = 1; i < t; i++) {
            try {
                parts[i].join();
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
    }

    /** Whether the calling (non-pool) thread is running a slice of a {@link #parallelFor}. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private static synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(Math.max(1, threads - 1), p -> {
                var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setName("slt-kernel-" + WORKERS.incrementAndGet());
                w.setDaemon(true);
                return w;
            }, null, false);
        }
        return pool;
    }

    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();

    private static int initialThreads() {
        String s = System.getProperty("slt.threads");
        if (s == null || s.isBlank()) s = System.getenv("SLT_THREADS");
        if (s != null && !s.isBlank()) {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the processor count
            }
            System.err.println("slt: ignoring invalid thread count '" + s + "' (slt.threads / SLT_THREADS)");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
