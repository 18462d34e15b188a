package dev.slt.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

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
     * (fewer when count is smaller). Nested calls from inside the pool run inline.
     */
    public static void parallelFor(int count, int tasks, RangeBody body) {
        int t = Math.min(tasks, count);
        if (t <= 1 || threads == 1 || ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
            if (count > 0) body.run(0, count);
            return;
        }
        pool().invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                ForkJoinTask<?>[] parts = new ForkJoinTask<?>[t];
                for (int i = 0; i < t; i++) {
                    int start = (int) ((long) count * i / t);
                    int end = (int) ((long) count * (i + 1) / t);
                    parts[i] = ForkJoinTask.adapt(() -> body.run(start, end));
                }
                invokeAll(parts);
            }
        });
    }

    private static synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(threads, p -> {
                var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setName("slt-kernel-" + w.getPoolIndex());
                w.setDaemon(true);
                return w;
            }, null, false);
        }
        return pool;
    }

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
