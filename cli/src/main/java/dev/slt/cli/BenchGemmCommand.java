package dev.slt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slt.kernels.FmaPeak;
import dev.slt.kernels.JitWarmup;
import dev.slt.kernels.KernelPool;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.VectorKernels;
import dev.slt.opencl.OpenClKernels;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt bench gemm}: the GEMM rate and this machine's FMA peak, measured interleaved in one
 * process on the same threads, so their ratio survives a noisy shared host.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "GEMM GFLOP/s at size N (C = A·B, N×N×N) next to the in-process FMA peak.")
final class BenchGemmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", description = "Matrix size N (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
    int size;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;

    @Mixin
    DeviceOption device;

    @Option(names = "--repeats", paramLabel = "R", description = "Timed repetitions, each GEMM then peak (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    int repeats;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up time before timing, then up to 10 s more while the JIT is still compiling (default: ${DEFAULT-VALUE}).", defaultValue = "1.5")
    double warmupSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    /**
     * A bench's warm-up: {@code step} for {@code seconds}, then on while the JIT still compiles, up to
     * {@link JitWarmup#WAIT_NANOS} more ({@link JitWarmup}: a kernel C2 has not finished yet runs tens of times slower);
     * nothing at 0 seconds.
     */
    static void warmUp(double seconds, Runnable step, PrintWriter err) {
        if (!(seconds > 0)) return;
        long min = (long) (seconds * 1e9);
        if (!JitWarmup.run(step, min, min + JitWarmup.WAIT_NANOS)) warnJitBusy(err);
    }

    /** Says on stderr that the JIT was still compiling when the timings began. */
    static void warnJitBusy(PrintWriter err) {
        err.println("slt bench: warning: the JIT was still compiling " + JitWarmup.WAIT_NANOS / 1_000_000_000L
                + " s after the warm-up; some timings may include code C2 had not compiled yet (try a longer --warmup)");
        err.flush();
    }

    @Override
    public Integer call() throws Exception {
        if (size < 1 || size > 16384) throw new ParameterException(spec.commandLine(), "--size must be in 1..16384, got " + size);
        if (repeats < 1) throw new ParameterException(spec.commandLine(), "--repeats must be >= 1, got " + repeats);
        if (threads != null) {
            if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
            KernelPool.setThreads(threads);
        }
        Kernels k = device.install();
        int t = KernelPool.threads();
        int n = size;
        float[] a = random(n * n, 1), b = random(n * n, 2), c = new float[n * n];
        Double maxRelError = k instanceof OpenClKernels ? maxRelError(k, a, b, n) : null;
        double flop = 2.0 * n * n * n;

        warmUp(warmupSeconds, () -> k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n), spec.commandLine().getErr());
        FmaPeak.measure(t, 200);

        double[] gflops = new double[repeats], peak = new double[repeats], ratio = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            int calls = 0;
            long t0 = System.nanoTime(), t1;
            do {
                k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                calls++;
                t1 = System.nanoTime();
            } while (t1 - t0 < 250_000_000L);
            gflops[r] = flop * calls / ((t1 - t0) * 1e-9) / 1e9;
            peak[r] = FmaPeak.measure(t, 250);
            ratio[r] = gflops[r] / peak[r];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("size", n);
        out.put("threads", t);
        out.put("device", DeviceOption.describe(k));
        out.put("backend", k.name());
        if (maxRelError != null) out.put("max_rel_error", maxRelError);
        out.put("gflops", round(median(gflops)));
        out.put("peak_gflops", round(median(peak)));
        out.put("ratio", Math.round(median(ratio) * 10_000) / 10_000.0);
        out.put("gflops_min", round(min(gflops)));
        out.put("gflops_max", round(max(gflops)));
        out.put("repeats", repeats);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else {
            o.printf("GEMM %d×%d×%d on %s, %s backend, %d CPU thread(s), median of %d%n", n, n, n, DeviceOption.describe(k), k.name(), t, repeats);
            if (maxRelError != null) o.printf("  max relative error vs the CPU backend: %.2e%n", maxRelError);
            o.printf("  GEMM      %8.1f GFLOP/s  (min %.1f, max %.1f)%n", median(gflops), min(gflops), max(gflops));
            o.printf("  FMA peak  %8.1f GFLOP/s  (same threads, measured between GEMM runs)%n", median(peak));
            o.printf("  ratio     %8.1f %%%n", 100 * median(ratio));
        }
        return ExitCodes.OK;
    }

    /**
     * max |C_k − C_cpu| / max |C_cpu| for one product, C_cpu from the Vector API backend: normwise, since
     * an elementwise relative error is meaningless for the entries of C near zero.
     */
    private static double maxRelError(Kernels k, float[] a, float[] b, int n) {
        float[] got = new float[n * n], want = new float[n * n];
        k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, got, 0, n);
        new VectorKernels().gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, want, 0, n);
        return maxRelError(got, want);
    }

    /** max |got − want| / max |want| (the absolute error when want is all 0; NaN when got has a NaN where want has none). */
    static double maxRelError(float[] got, float[] want) {
        double err = 0, scale = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs((double) got[i] - want[i]);
            err = Double.isNaN(d) || d > err ? d : err;
            if (Double.isNaN(err)) break;
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return scale == 0 ? err : err / scale;
    }

    private static float[] random(int len, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static double min(double[] v) { return Arrays.stream(v).min().orElse(Double.NaN); }

    private static double max(double[] v) { return Arrays.stream(v).max().orElse(Double.NaN); }

    /** Three significant digits at least, one decimal at most for large values. */
    private static double round(double v) {
        double scale = v >= 100 ? 10 : v >= 1 ? 100 : 10_000;
        return Math.round(v * scale) / scale;
    }
}
