package dev.slt.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads behind {@link KernelPool}: {@code size - 1} daemon threads that, between jobs, spin for a
 * while before they park. A network runs hundreds of short kernels per step with serial work in between; a
 * parked thread takes tens to hundreds of microseconds to wake on a virtual machine, and by then the calling
 * thread has often run the other slices itself, so the second core sat idle (kernels that scaled 1.8-2.0x alone
 * scaled 1.1-1.4x inside a network). Spinning through the short gaps keeps the workers ready, as OpenMP runtimes
 * do; a worker parks after {@link #spinNanos} without work, so an idle process burns no CPU.
 *
 * <p>Slices are claimed from a counter by the caller and the workers alike, so a worker that is late (its core
 * taken by another process) costs only its share, never a wait. Which thread runs a slice never changes the
 * slices, so results do not depend on it. One job at a time: a second calling thread waits for the first.
 */
final class KernelTeam {

    /** One {@code parallelFor}: slice i is {@code [count*i/t, count*(i+1)/t)}. */
    private static final class Job {
        final KernelPool.RangeBody body;
        final int count, slices;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;

        Job(KernelPool.RangeBody body, int count, int slices) {
            this.body = body;
            this.count = count;
            this.slices = slices;
        }

        /** Claims and runs slices until none is left. */
        void work() {
            for (int s; (s = next.getAndIncrement()) < slices; ) {
                try {
                    body.run((int) ((long) count * s / slices), (int) ((long) count * (s + 1) / slices));
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Thread[] workers;
    private final long spinNanos;
    private volatile Job job;
    /** Bumped once per job (and at shutdown); workers wait for it to change. */
    private volatile long epoch;
    private volatile boolean alive = true;
    /** Per worker: set (volatile, via {@link #sleeping}) before it parks, so a new job knows to unpark it. */
    private final AtomicInteger[] sleeping;

    KernelTeam(int size, long spinNanos, AtomicInteger names) {
        this.spinNanos = spinNanos;
        this.workers = new Thread[Math.max(0, size - 1)];
        this.sleeping = new AtomicInteger[workers.length];
        for (int i = 0; i < workers.length; i++) {
            sleeping[i] = new AtomicInteger();
            int id = i;
            Thread w = new Thread(() -> loop(id), "slt-kernel-" + names.incrementAndGet());
            w.setDaemon(true);
            workers[i] = w;
        }
        for (Thread w : workers) w.start();
    }

    /** Runs the job's slices on the caller and the workers; rethrows the first failure. */
    synchronized void run(int count, int slices, KernelPool.RangeBody body) {
        Job j = new Job(body, count, slices);
        job = j;
        epoch++;
        for (int i = 0; i < workers.length; i++) if (sleeping[i].get() != 0) LockSupport.unpark(workers[i]);
        boolean[] inside = KernelPool.insideFlag();
        inside[0] = true;
        try {
            j.work();
        } finally {
            inside[0] = false;
        }
        // the slices still running are on workers already: waiting for them is short
        while (j.done.get() < slices) Thread.onSpinWait();
        job = null;
        Throwable f = j.failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error er) throw er;
        if (f != null) throw new IllegalStateException(f);
    }

    /** Stops the workers (they finish the job in hand first). */
    void shutdown() {
        alive = false;
        epoch++;
        for (Thread w : workers) LockSupport.unpark(w);
    }

    private void loop(int id) {
        KernelPool.insideFlag()[0] = true;   // nested parallelFor calls from a slice run inline
        long seen = epoch;
        while (true) {
            long e = awaitEpoch(id, seen);
            if (!alive) return;
            seen = e;
            Job j = job;
            if (j != null) j.work();
        }
    }

    /** Spins, then parks, until the epoch is no longer {@code seen}; returns the new one. */
    private long awaitEpoch(int id, long seen) {
        long e, start = System.nanoTime();
        while ((e = epoch) == seen) {
            if (System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait();
                continue;
            }
            sleeping[id].set(1);
            if ((e = epoch) == seen && alive) LockSupport.park(this);
            sleeping[id].set(0);
            start = System.nanoTime();
        }
        return e;
    }
}
