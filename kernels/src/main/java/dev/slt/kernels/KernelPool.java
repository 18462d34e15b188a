package dev.slt.kernels;

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
    private static KernelTeam team;

    private KernelPool() {}

    public static int threads() {
        return threads;
    }

    /** Sets the pool size used by every later kernel call. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n != threads && team != null) {
            team.shutdown();
            team = null;
        }
        threads = n;
    }

    /** Runs {@code body} over {@code [0, count)} in at most {@link #threads()} contiguous slices. */
    public static void parallelFor(int count, RangeBody body) {
        parallelFor(count, threads, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} split into {@code tasks} contiguous, nearly equal slices
     * (fewer when count is smaller), on the calling thread and the {@code threads - 1} workers of a
     * {@link KernelTeam}, whichever is free first. Nested calls (from a slice) run inline.
     */
    public static void parallelFor(int count, int tasks, RangeBody body) {
        int t = Math.min(tasks, count);
        if (t <= 1 || threads == 1 || INSIDE.get()[0]) {
            if (count > 0) body.run(0, count);
            return;
        }
        team().run(count, t, body);
    }

    /** Whether the calling thread is running a slice of a {@link #parallelFor} (or is a worker). */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    static boolean[] insideFlag() {
        return INSIDE.get();
    }

    /**
     * How long an idle worker spins before it parks: {@code slt.spinMicros} (system property), default
     * {@value #DEFAULT_SPIN_MICROS} microseconds, longer than the gaps between a training step's kernels.
     */
    static final long DEFAULT_SPIN_MICROS = 2000;

    private static synchronized KernelTeam team() {
        if (team == null) team = new KernelTeam(threads, spinMicros() * 1000, WORKERS);
        return team;
    }

    private static long spinMicros() {
        return setting(System.getProperty("slt.spinMicros"), 0, DEFAULT_SPIN_MICROS, "slt.spinMicros");
    }

    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();

    private static int initialThreads() {
        String s = System.getProperty("slt.threads");
        if (s == null || s.isBlank()) s = System.getenv("SLT_THREADS");
        return (int) setting(s, 1, Runtime.getRuntime().availableProcessors(), "thread count (slt.threads / SLT_THREADS)");
    }

    /** {@code s} as a whole number of at least {@code min}; unset: the fallback; invalid: a warning and the fallback. */
    private static long setting(String s, long min, long fallback, String what) {
        if (s == null || s.isBlank()) return fallback;
        try {
            long v = Long.parseLong(s.trim());
            if (v >= min && v <= Integer.MAX_VALUE) return v;
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        System.err.println("slt: ignoring invalid " + what + " '" + s + "'");
        return fallback;
    }
}
