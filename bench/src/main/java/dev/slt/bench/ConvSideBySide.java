package dev.slt.bench;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.JitWarmup;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.KernelPool;
import dev.slt.kernels.VectorKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The Java half of the PyTorch side-by-side ({@code bench/compare-pytorch.sh}), measured exactly like
 * {@code bench/compare_pytorch.py}: batch 64, NCHW fp32, no bias; forward, and forward + backward
 * (weight and input gradient; the 1-channel first layer has no input gradient, as in PyTorch); square
 * sgemm 1024. Each repetition is the mean over k calls (k so a repetition lasts >= 0.3 s), after
 * warm-up; the median over repetitions is printed as one JSON line per measurement.
 *
 * <p>Shape set {@code resnet20-28}: the six distinct convolutions of ResNet-20 on 28x28 inputs (the model
 * {@code compare-training.sh} runs), strides included, each timed three ways as training needs them: forward, data
 * gradient and weight gradient, one JSON line each.
 *
 * <p>Usage: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.slt.bench.ConvSideBySide THREADS [REPS] [conv|gemm|all] [cifar|resnet20-28]}
 */
public final class ConvSideBySide {

    /** name, C_in, C_out, H=W, kernel, padding, needs input gradient, stride. */
    record Shape(String name, int ci, int co, int hw, int k, int pad, boolean needDx, int stride) {
        Shape(String name, int ci, int co, int hw, int k, int pad, boolean needDx) {
            this(name, ci, co, hw, k, pad, needDx, 1);
        }
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("resnet20 s1 16->16 @32x32 3x3", 16, 16, 32, 3, 1, true),
            new Shape("resnet20 s2 32->32 @16x16 3x3", 32, 32, 16, 3, 1, true),
            new Shape("resnet20 s3 64->64 @8x8 3x3", 64, 64, 8, 3, 1, true),
            new Shape("fmnist c1 1->32 @28x28 5x5", 1, 32, 28, 5, 2, false),
            new Shape("fmnist c2 32->64 @14x14 5x5", 32, 64, 14, 5, 2, true));
    /** ResNet-20 on 28x28x1 inputs: the stem, the two stride-1 shapes of each stage, the two stride-2 ones. */
    static final List<Shape> RESNET20_28 = List.of(
            new Shape("r20@28 stem 1->16 @28x28", 1, 16, 28, 3, 1, false),
            new Shape("r20@28 16->16 @28x28 (x6)", 16, 16, 28, 3, 1, true),
            new Shape("r20@28 16->32 s2 @28x28", 16, 32, 28, 3, 1, true, 2),
            new Shape("r20@28 32->32 @14x14 (x5)", 32, 32, 14, 3, 1, true),
            new Shape("r20@28 32->64 s2 @14x14", 32, 64, 14, 3, 1, true, 2),
            new Shape("r20@28 64->64 @7x7 (x5)", 64, 64, 7, 3, 1, true));
    static final int N = 64;

    private ConvSideBySide() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String what = args.length > 2 ? args[2] : "all";
        String set = args.length > 3 ? args[3] : "cifar";
        if (!set.equals("cifar") && !set.equals("resnet20-28"))
            throw new IllegalArgumentException("unknown shape set '" + set + "' (expected cifar or resnet20-28)");
        KernelPool.setThreads(threads);
        Kernels k = new VectorKernels();
        Random r = new Random(0);
        if (set.equals("resnet20-28")) {
            if (!what.equals("gemm")) threeWays(k, r, threads, reps);
            return;
        }
        for (Shape s : what.equals("gemm") ? List.<Shape>of() : SHAPES) {
            ConvGeometry g = ConvGeometry.of(N, s.ci(), s.hw(), s.hw(), s.co(), s.k(), 1, s.pad());
            float[] x = random(r, g.inputSize()), w = random(r, g.weightSize()), gy = random(r, g.outputSize());
            float[] y = new float[(int) g.outputSize()], dx = new float[(int) g.inputSize()], dw = new float[w.length];
            double fwd = 2.0 * g.macs();
            emit("conv fwd " + s.name(), threads, bench(() -> k.conv2dForward(g, x, w, null, y), reps), fwd);
            emit("conv fwd+bwd " + s.name(), threads, bench(() -> {
                k.conv2dForward(g, x, w, null, y);
                Arrays.fill(dw, 0f);
                k.conv2dBackwardWeight(g, x, gy, dw, null);
                if (s.needDx()) {
                    Arrays.fill(dx, 0f);
                    k.conv2dBackwardInput(g, gy, w, dx);
                }
            }, reps), fwd * (s.needDx() ? 3 : 2));
        }
        if (what.equals("conv")) return;
        int n = 1024;
        float[] a = random(r, (long) n * n), b = random(r, (long) n * n), c = new float[n * n];
        emit("sgemm " + n, threads, bench(() -> k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n),
                Math.min(reps, 5)), 2.0 * n * n * n);
    }

    /** Forward, data gradient (written, not added: as a training step's first gradient) and weight gradient, apart. */
    private static void threeWays(Kernels k, Random r, int threads, int reps) {
        for (Shape s : RESNET20_28) {
            ConvGeometry g = ConvGeometry.of(N, s.ci(), s.hw(), s.hw(), s.co(), s.k(), s.stride(), s.pad());
            float[] x = random(r, g.inputSize()), w = random(r, g.weightSize()), gy = random(r, g.outputSize());
            float[] y = new float[(int) g.outputSize()], dx = new float[(int) g.inputSize()], dw = new float[w.length];
            double flops = 2.0 * g.macs();
            emit("conv fwd " + s.name(), threads, bench(() -> k.conv2dForward(g, x, w, null, y), reps), flops);
            if (s.needDx())
                emit("conv dgrad " + s.name(), threads, bench(() -> k.conv2dBackwardInputOverwrite(g, gy, w, dx), reps), flops);
            emit("conv wgrad " + s.name(), threads, bench(() -> {
                Arrays.fill(dw, 0f);
                k.conv2dBackwardWeight(g, x, gy, dw, null);
            }, reps), flops);
        }
    }

    private static float[] random(Random r, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /** Seconds per call, one entry per repetition. */
    /**
     * {@code SLT_BENCH_CLOCK=cpu}: time with the process's CPU time instead of the wall clock. On a host shared
     * with other jobs a 1-thread run then counts only the cycles it got, not the time it waited for a core
     * (bench/timing.py reads the same variable). {@code SLT_BENCH_CLOCK=thread}: the calling thread's CPU time,
     * for A/B runs of two SLT builds at 1 thread (all kernel work runs on the caller; JIT and GC threads are left
     * out, so it is steadier but not comparable with PyTorch's figures). Wall clock otherwise.
     */
    static final String CLOCK = System.getenv().getOrDefault("SLT_BENCH_CLOCK", "wall");

    static long now() {
        return switch (CLOCK) {
            case "cpu" -> ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            case "thread" -> java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            default -> System.nanoTime();
        };
    }

    static double[] bench(Runnable fn, int reps) {
        long t0 = System.nanoTime();
        int warm = 0;
        // warm-up: at least 3 calls and ~1 s, then on while the JIT still compiles (at most 10 s more), so C2 has
        // compiled the kernels before timing
        while (warm < 3 || System.nanoTime() - t0 < 1_000_000_000L && warm < 200) {
            fn.run();
            warm++;
        }
        JitWarmup.run(fn, 0, JitWarmup.WAIT_NANOS);
        long t = now();
        fn.run();
        double dt = (now() - t) * 1e-9;
        int k = (int) Math.max(1, 0.3 / Math.max(dt, 1e-9));
        double[] res = new double[reps];
        for (int i = 0; i < reps; i++) {
            t = now();
            for (int j = 0; j < k; j++) fn.run();
            res[i] = (now() - t) * 1e-9 / k;
        }
        return res;
    }

    static void emit(String name, int threads, double[] secs, double flops) {
        double[] s = secs.clone();
        Arrays.sort(s);
        double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        List<String> f = new ArrayList<>();
        f.add(String.format("\"name\": \"%s\"", name));
        f.add("\"threads\": " + threads);
        f.add("\"impl\": \"slt\"");
        f.add("\"n\": " + s.length);
        f.add(String.format("\"ms_min\": %.4f", s[0] * 1e3));
        f.add(String.format("\"ms_med\": %.4f", med * 1e3));
        f.add(String.format("\"ms_max\": %.4f", s[s.length - 1] * 1e3));
        f.add(String.format("\"gflops_med\": %.2f", flops / med / 1e9));
        System.out.println("{" + String.join(", ", f) + "}");
        System.out.flush();
    }
}
