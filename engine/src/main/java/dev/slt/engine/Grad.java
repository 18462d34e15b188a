package dev.slt.engine;

/**
 * Gradient recording mode of the current thread. {@code try (var g = Grad.disabled()) { ... }} runs
 * evaluation code without building a graph: ops inside record nothing and their outputs do not
 * require grad. Scopes nest; closing one restores the mode that was current when it opened.
 */
public final class Grad implements AutoCloseable {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private final boolean previous;
    private boolean closed;

    private Grad(boolean enabled) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enabled;
    }

    /** Opens a scope in which ops record nothing. */
    public static Grad disabled() {
        return new Grad(false);
    }

    /** Opens a scope in which ops record again (inside a disabled one). */
    public static Grad enabled() {
        return new Grad(true);
    }

    /** Whether ops on this thread currently record the graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ENABLED.get()[0] = previous;
    }
}
