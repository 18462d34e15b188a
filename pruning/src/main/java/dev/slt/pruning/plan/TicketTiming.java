package dev.slt.pruning.plan;

import dev.slt.engine.Tensor;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.JitWarmup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times a ticket plan against the dense plan of the same model, per conv layer and end to end, interleaved in
 * one process: each repeat times the dense run and right after it the ticket run (layer by layer, then the
 * whole forward), so both see the same load on a shared host. Times are medians over the repeats after the
 * warm-up rounds (and after further ones while the JIT is still compiling, up to 10 s: {@link JitWarmup}) (a timing of a call shorter than 10 ms averages as many calls as fill 10 ms); a speedup is the median of the per-repeat ratios dense / ticket.
 */
public final class TicketTiming {

    /** One conv: the plan's layer and its timings in milliseconds per call. */
    public record LayerTiming(PlanLayer layer, double denseMs, double ticketMs, double speedup) {}

    /**
     * @param idealSpeedup dense conv multiply-adds / the ticket's ({@link InferencePlan#idealSpeedup})
     * @param jitSettled   false when the JIT was still compiling at the end of the warm-up (its limit reached), so some
     *                     timings may include code C2 had not compiled yet; true also without a warm-up
     */
    public record Result(int batch, int repeats, List<LayerTiming> layers, double denseMs, double ticketMs, double speedup,
                         double idealSpeedup, boolean compact, boolean jitSettled) {}

    private TicketTiming() {}

    /** Needs plans of the same model and image size ({@link InferencePlan#dense} and {@link InferencePlan#of}). */
    public static Result measure(InferencePlan dense, InferencePlan ticket, int batch, int repeats, int warmup, long seed) {
        return measure(dense, ticket, batch, repeats, warmup, seed, false);
    }

    /**
     * {@link #measure(InferencePlan, InferencePlan, int, int, int, long)}, timed by the calling thread's CPU time when
     * {@code cpuTime} (needs one {@link dev.slt.kernels.KernelPool} thread, so the kernels run on this thread): on
     * a loaded host, time spent descheduled then does not count.
     */
    public static Result measure(InferencePlan dense, InferencePlan ticket, int batch, int repeats, int warmup, long seed,
                                 boolean cpuTime) {
        if (cpuTime && dev.slt.kernels.KernelPool.threads() != 1)
            throw new IllegalArgumentException("ticket timing: CPU time needs 1 kernel thread, got " + dev.slt.kernels.KernelPool.threads());
        if (batch < 1 || repeats < 1 || warmup < 0)
            throw new IllegalArgumentException("ticket timing: batch " + batch + " and repeats " + repeats + " must be >= 1, warm-up "
                    + warmup + " >= 0");
        if (dense.layers().size() != ticket.layers().size() || dense.imageSize() != ticket.imageSize())
            throw new IllegalArgumentException("ticket timing: the dense and ticket plans are not of the same model and size");
        var r = new SplittableRandom(seed);
        int n = ticket.layers().size();
        float[][] dx = new float[n][], dy = new float[n][], tx = new float[n][], ty = new float[n][];
        for (int i = 0; i < n; i++) {
            PlanLayer d = dense.layers().get(i), t = ticket.layers().get(i);
            ConvGeometry g = d.geometry();
            int in = g.inH() * g.inW() * batch, out = g.outH() * g.outW() * batch;
            dx[i] = gaussian(r, in * g.inC());
            dy[i] = new float[out * g.outC()];
            tx[i] = Arrays.copyOf(dx[i], in * t.ticketInChannels());
            ty[i] = new float[out * t.ticketOutChannels()];
        }
        int s = ticket.imageSize();
        Tensor x = Tensor.fromArray(gaussian(r, batch * ticket.inChannels() * s * s), batch, ticket.inChannels(), s, s);
        double[][] ld = new double[n][repeats], lt = new double[n][repeats];
        double[] ed = new double[repeats], et = new double[repeats];
        boolean settled = true;
        for (int rep = -warmup; rep < repeats; rep++) {
            if (rep == 0 && warmup > 0) {
                // the warm-up rounds asked for, then more while the JIT is still compiling (a kernel C2 has not finished
                // runs tens of times slower)
                settled = JitWarmup.run(() -> round(dense, ticket, batch, dx, dy, tx, ty, x, cpuTime, null, null, null, null, -1), 0,
                        JitWarmup.WAIT_NANOS);
            }
            round(dense, ticket, batch, dx, dy, tx, ty, x, cpuTime, ld, lt, ed, et, rep);
        }
        var layers = new ArrayList<LayerTiming>();
        for (int i = 0; i < n; i++)
            layers.add(new LayerTiming(ticket.layers().get(i), median(ld[i]), median(lt[i]), medianRatio(ld[i], lt[i])));
        return new Result(batch, repeats, layers, median(ed), median(et), medianRatio(ed, et), ticket.idealSpeedup(), ticket.compact(),
                settled);
    }

    /** One round: each layer dense then ticket, then both whole forwards; recorded at index rep when rep >= 0. */
    private static void round(InferencePlan dense, InferencePlan ticket, int batch, float[][] dx, float[][] dy, float[][] tx, float[][] ty,
                              Tensor x, boolean cpuTime, double[][] ld, double[][] lt, double[] ed, double[] et, int rep) {
        for (int i = 0; i < dx.length; i++) {
            PlanLayer d = dense.layers().get(i), t = ticket.layers().get(i);
            final int k = i;
            double a = millis(() -> d.runTicket(batch, dx[k], dy[k]), cpuTime), b = millis(() -> t.runTicket(batch, tx[k], ty[k]), cpuTime);
            if (rep >= 0) {
                ld[i][rep] = a;
                lt[i][rep] = b;
            }
        }
        double a = millis(() -> dense.forward(x), cpuTime), b = millis(() -> ticket.forward(x), cpuTime);
        if (rep >= 0) {
            ed[rep] = a;
            et[rep] = b;
        }
    }

    /** Calls shorter than this are repeated and averaged, so one timing is not all timer and scheduler noise. */
    private static final long MIN_NANOS = 10_000_000L;

    private static double millis(Runnable run, boolean cpuTime) {
        int calls = 0;
        long t0 = now(cpuTime), t1;
        do {
            run.run();
            calls++;
            t1 = now(cpuTime);
        } while (t1 - t0 < MIN_NANOS);
        return (t1 - t0) / 1e6 / calls;
    }

    private static long now(boolean cpuTime) {
        return cpuTime ? THREAD_CLOCK.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final java.lang.management.ThreadMXBean THREAD_CLOCK = java.lang.management.ManagementFactory.getThreadMXBean();

    private static float[] gaussian(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double medianRatio(double[] a, double[] b) {
        double[] q = new double[a.length];
        for (int i = 0; i < a.length; i++) q[i] = a[i] / b[i];
        return median(q);
    }
}
