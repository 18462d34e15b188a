package dev.slt.engine;

import dev.slt.kernels.Backends;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays nobody uses any more, handed out again for new gradients and op outputs: interior gradients once
 * their rule has consumed them ({@link Tape}), intermediates a module has {@link Tensor#free}d (inference), and a
 * training step's whole graph once the loop has {@link Tensor#releaseGraph released} it.
 * A new array costs its zeroing, on the allocating thread while the kernel threads wait: a ResNet-20 training step at
 * batch 128 allocates about 200 MB of gradients and as much of activations, and a 3 MB output made a batch-norm pass
 * 3x slower than the pass itself (measured: 0.3 ms into an old array, 0.9 ms into a new one). Per thread (ops and
 * backward run on the caller's thread), up to {@link #PER_LENGTH} arrays per length, at most {@link #MAX_BYTES}.
 * Switched off by {@code -Dslt.recycle=false} (then every array is new, as before).
 */
final class Recycler {

    /** Arrays shorter than this come from the allocator's thread-local buffers cheaply; not worth keeping. */
    static final int MIN_LENGTH = 4096;
    /** Arrays kept per length, and bytes kept per thread. */
    static final int PER_LENGTH = 64;
    static final long MAX_BYTES = 256L << 20;

    private static volatile boolean enabled = !"false".equals(System.getProperty("slt.recycle"));

    private static final ThreadLocal<Recycler> POOL = ThreadLocal.withInitial(Recycler::new);

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long bytes;

    private Recycler() {}

    /** Turns recycling on or off for the whole process (benchmarks compare the two). */
    static void enabled(boolean on) {
        enabled = on;
    }

    /** An array of n floats whose contents are unspecified: the caller overwrites every element. */
    static float[] uninitialised(int n) {
        if (!enabled || n < MIN_LENGTH) return new float[n];
        float[] a = POOL.get().poll(n);
        return a != null ? a : new float[n];
    }

    /** An array of n zeros. */
    static float[] zeroed(int n) {
        if (!enabled || n < MIN_LENGTH) return new float[n];
        float[] a = POOL.get().poll(n);
        if (a == null) return new float[n];
        Backends.current().fill(0f, a, 0, n);
        return a;
    }

    /** Gives {@code a} back; the caller must hold no other reference that is still used. */
    static void recycle(float[] a) {
        if (!enabled || a == null || a.length < MIN_LENGTH) return;
        POOL.get().offer(a);
    }

    private float[] poll(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.pollFirst();
        if (a != null) bytes -= 4L * n;
        return a;
    }

    private void offer(float[] a) {
        if (bytes + 4L * a.length > MAX_BYTES) return;
        ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() >= PER_LENGTH) return;
        q.addFirst(a);
        bytes += 4L * a.length;
    }
}
