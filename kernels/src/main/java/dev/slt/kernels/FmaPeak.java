package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's fused-multiply-add peak, measured the way the GEMM runs: Vector API on the
 * {@link KernelPool} threads. Sixteen independent accumulators held in locals hide the FMA latency
 * (4 cycles × 2 ports needs at least 8; 16 reach the C peak, see research/perf-anchors.md).
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> F = Simd.F;

    /** Keeps the JIT from discarding the loop. */
    private static volatile float sink;

    private FmaPeak() {}

    /**
     * GFLOP/s of a burst of about {@code millis} ms on {@code threads} pool threads: the burst grows
     * until it lasts long enough to time (the first, interpreted ones warm the JIT up), then the best
     * of two bursts of that length counts.
     */
    public static double measure(int threads, double millis) {
        long iters = 100_000;
        while (iters < (1L << 40)) {
            double seconds = burst(threads, iters);
            if (seconds * 1e3 >= millis * 0.5) break;
            iters = (long) (iters * Math.min(16.0, Math.max(2.0, millis / 1e3 / Math.max(seconds, 1e-6))));
        }
        double best = Math.min(burst(threads, iters), burst(threads, iters));
        return flops(threads, iters) / best / 1e9;
    }

    static double flops(int threads, long iters) {
        return 2.0 * 16 * F.length() * iters * threads;
    }

    private static double burst(int threads, long iters) {
        long t0 = System.nanoTime();
        KernelPool.parallelFor(threads, threads, (s, e) -> {
            for (int i = s; i < e; i++) sink = chains16(iters);
        });
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** Sixteen dependent FMA chains, interleaved so each step issues 16 independent FMAs. */
    static float chains16(long iters) {
        FloatVector b = FloatVector.broadcast(F, 0.9999999f), c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1.00f), a1 = FloatVector.broadcast(F, 1.01f);
        FloatVector a2 = FloatVector.broadcast(F, 1.02f), a3 = FloatVector.broadcast(F, 1.03f);
        FloatVector a4 = FloatVector.broadcast(F, 1.04f), a5 = FloatVector.broadcast(F, 1.05f);
        FloatVector a6 = FloatVector.broadcast(F, 1.06f), a7 = FloatVector.broadcast(F, 1.07f);
        FloatVector a8 = FloatVector.broadcast(F, 1.08f), a9 = FloatVector.broadcast(F, 1.09f);
        FloatVector a10 = FloatVector.broadcast(F, 1.10f), a11 = FloatVector.broadcast(F, 1.11f);
        FloatVector a12 = FloatVector.broadcast(F, 1.12f), a13 = FloatVector.broadcast(F, 1.13f);
        FloatVector a14 = FloatVector.broadcast(F, 1.14f), a15 = FloatVector.broadcast(F, 1.15f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(b, c); a1 = a1.fma(b, c); a2 = a2.fma(b, c); a3 = a3.fma(b, c);
            a4 = a4.fma(b, c); a5 = a5.fma(b, c); a6 = a6.fma(b, c); a7 = a7.fma(b, c);
            a8 = a8.fma(b, c); a9 = a9.fma(b, c); a10 = a10.fma(b, c); a11 = a11.fma(b, c);
            a12 = a12.fma(b, c); a13 = a13.fma(b, c); a14 = a14.fma(b, c); a15 = a15.fma(b, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
