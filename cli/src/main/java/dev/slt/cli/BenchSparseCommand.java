package dev.slt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.KernelPool;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.kernels.SyntheticSparsity;
import dev.slt.kernels.SyntheticSparsity.Pattern;
import dev.slt.opencl.DeviceConv;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code slt bench sparse}: one conv layer, dense against its channel-slimmed, block-sparse and CSR versions
 * at several weight densities ({@link SyntheticSparsity}), all timed interleaved in one process so the
 * speedups survive a noisy shared host: every round times each sparse layer right after the dense one, and
 * a speedup is the median over rounds of dense time / sparse time.
 *
 * <p>With {@code --device opencl} the dense, channel and group layers run as their {@link DeviceConv} twins (im2col
 * and GEMM, or the block-sparse GEMM, on the device), each first checked against its CPU result; unstructured has no
 * OpenCL kernel, so its row runs the Vector API CSR kernel and says so.
 */
@Command(name = "sparse", mixinStandardHelpOptions = true,
        description = "Speed of the sparse conv kernels (channel, group, unstructured) against dense, per density.")
final class BenchSparseCommand implements Callable<Integer> {

    /** Each timing runs the layer until at least this long has passed. */
    private static final long MIN_NANOS = 25_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--layer", paramLabel = "CIN,COUT,K,H,W", description = "Conv layer (default: ${DEFAULT-VALUE}); same padding.",
            defaultValue = "64,64,3,8,8")
    String layer;

    @Option(names = "--batch", paramLabel = "N", description = "Images per call (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int batch;

    @Option(names = "--density", paramLabel = "D,...", split = ",", description = "Weight densities in (0, 1] (default: ${DEFAULT-VALUE}).",
            defaultValue = "1,0.8,0.5,0.3,0.2,0.1")
    List<String> densities;

    @Option(names = "--patterns", paramLabel = "P,...", split = ",", description = "channel, group, unstructured (default: ${DEFAULT-VALUE}).",
            defaultValue = "channel,group,unstructured")
    List<String> patterns;

    @Option(names = "--stride", paramLabel = "S", description = "Stride (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int stride;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--repeats", paramLabel = "R", description = "Timed rounds, each over every kernel (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    int repeats;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up time before timing, then up to 10 s more while the JIT is still compiling (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    double warmupSeconds;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of weights, inputs and masks (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Mixin
    DeviceOption device;

    @Option(names = "--cpu-time", description = "Time by the thread's CPU time instead of the wall clock (needs --threads 1): "
            + "on a loaded host, time spent descheduled then does not count.")
    boolean cpuTime;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write speedup vs density per pattern, with the ideal line.")
    Path plot;

    /** Device results may differ from the CPU's by at most this, relative to the largest CPU output. */
    static final double TOLERANCE = 1e-4;

    /** One sparse kernel under test: the timed layer (a device twin or the CPU conv itself) and its CPU conv. */
    record Case(Pattern pattern, double density, PreparedConv layer, PreparedConv cpu) {}

    /**
     * A measured case.
     *
     * @param device      where the layer ran: {@code cpu} or the device's name
     * @param maxRelError against the CPU result, for a layer that ran on a device (else null)
     */
    record Row(Pattern pattern, double density, double ms, double speedup, double ideal, String device, Double maxRelError) {}

    @Override
    public Integer call() throws Exception {
        ConvGeometry g = parseLayer();
        List<Double> ds = parseDensities();
        List<Pattern> ps = parsePatterns();
        if (batch < 1 || batch > 4096) throw usage("--batch must be in 1..4096, got " + batch);
        if (repeats < 1) throw usage("--repeats must be >= 1, got " + repeats);
        if (!(warmupSeconds >= 0)) throw usage("--warmup must be >= 0 seconds, got " + warmupSeconds);
        if (threads != null) {
            if (threads < 1) throw usage("--threads must be >= 1, got " + threads);
            KernelPool.setThreads(threads);
        }
        if (cpuTime && (threads == null || threads != 1)) throw usage("--cpu-time needs --threads 1 (the kernel must run on this thread)");
        ConvDevice dev = DeviceOption.convDevice(device.install());
        if (cpuTime && dev != ConvDevice.CPU) throw usage("--cpu-time times this thread only, not an OpenCL device: use the wall clock");
        if (plot != null && !plot.getFileName().toString().endsWith(".png"))
            throw usage("--plot must name a .png file, got '" + plot + "'");

        SplittableRandom r = new SplittableRandom(seed);
        float[] w = random(r, g.weightSize()), bias = random(r, g.outC()), x = random(r, g.withBatch(batch).inputSize());
        float[] y = new float[(int) g.withBatch(batch).outputSize()];
        PreparedConv cpuDense = new DenseConv(g, w, bias), dense = dev.place(cpuDense);
        // the dense conv of before the position kernels, for reference (CPU runs only)
        PreparedConv channelDense = dev == ConvDevice.CPU ? DenseConv.channelVectorised(g, w, bias) : null;
        List<Case> cases = new ArrayList<>();
        for (Pattern p : ps)
            for (double d : ds) {
                PreparedConv cpu = SyntheticSparsity.layer(p, g, w, bias, d, seed + 31L * cases.size());
                cases.add(new Case(p, d, dev.place(cpu), cpu));
            }

        // device results are checked before any timing: a wrong kernel is not worth timing
        Double denseError = dense == cpuDense ? null : checkedError("dense", dense, cpuDense, x);
        Double[] errors = new Double[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.layer() != c.cpu()) errors[i] = checkedError(c.pattern().label() + " at density " + c.density(), c.layer(), c.cpu(), x);
        }

        BenchGemmCommand.warmUp(warmupSeconds, () -> {
            dense.forward(batch, x, y);
            if (channelDense != null) channelDense.forward(batch, x, y);
            for (Case c : cases) run(c.layer(), x, y);
        }, spec.commandLine().getErr());

        // each sparse timing right after a dense one: a pair sees the same load on a shared host
        double[] denseMs = new double[repeats * cases.size()];
        double[][] ms = new double[cases.size()][repeats], ratio = new double[cases.size()][repeats];
        // the channel-vectorised dense kernel (the dense conv of before the position kernels), paired the same way
        double[] channelRatio = new double[repeats];
        for (int rep = 0; rep < repeats; rep++) {
            if (channelDense != null) {
                double d0 = time(dense, x, y);
                channelRatio[rep] = time(channelDense, x, y) / d0;
            }
            for (int i = 0; i < cases.size(); i++) {
                double d = time(dense, x, y);
                denseMs[rep * cases.size() + i] = d;
                ms[i][rep] = time(cases.get(i).layer(), x, y);
                ratio[i][rep] = d / ms[i][rep];
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            double ideal = (double) dense.macsPerImage() / Math.max(1, c.layer().macsPerImage());
            rows.add(new Row(c.pattern(), c.density(), BenchGemmCommand.median(ms[i]), BenchGemmCommand.median(ratio[i]), ideal,
                    c.layer().device(), errors[i]));
        }
        report(g, BenchGemmCommand.median(denseMs), channelDense == null ? null : BenchGemmCommand.median(channelRatio), rows, dev,
                dense.device(), denseError);
        if (plot != null) BenchSparsePlot.write(rows, g, batch, plot);
        return ExitCodes.OK;
    }

    /** Median-ready time of one call in ms: the mean over as many calls as fill {@link #MIN_NANOS}. */
    private double time(PreparedConv layer, float[] x, float[] y) {
        int calls = 0;
        long t0 = now(), t1;
        do {
            run(layer, x, y);
            calls++;
            t1 = now();
        } while (t1 - t0 < MIN_NANOS);
        return (t1 - t0) / 1e6 / calls;
    }

    /**
     * max |device − CPU| / max |CPU| of one call of {@code layer} and of its CPU conv on {@code x}; a runtime failure
     * naming the layer when it exceeds {@link #TOLERANCE}.
     */
    private double checkedError(String what, PreparedConv layer, PreparedConv cpu, float[] x) {
        float[] want = new float[(int) cpu.geometry().withBatch(batch).outputSize()], got = new float[want.length];
        run(cpu, x, want);
        run(layer, x, got);
        double err = BenchGemmCommand.maxRelError(got, want);
        if (!(err <= TOLERANCE))
            throw new IllegalStateException("the " + what + " layer on " + layer.device() + " differs from the CPU result by "
                    + String.format(java.util.Locale.ROOT, "%.2e", err) + " relative (more than " + TOLERANCE + ")");
        return err;
    }

    /**
     * One call. A slimmed layer writes its output compact, as it does inside a chain of slimmed layers (the
     * next layer reads the kept channels only); its input is the full tensor, which is compact already when
     * every input channel is kept, as in {@link SyntheticSparsity}'s channel pattern.
     */
    private void run(PreparedConv layer, float[] x, float[] y) {
        if (layer instanceof SlimConv s) s.forward(batch, x, false, y, true);
        else if (layer instanceof DeviceConv d) d.forward(batch, x, false, y, true);  // compact as its CPU twin, if slimmed
        else layer.forward(batch, x, y);
    }

    private long now() {
        return cpuTime ? THREAD_CLOCK.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final java.lang.management.ThreadMXBean THREAD_CLOCK = java.lang.management.ManagementFactory.getThreadMXBean();

    private void report(ConvGeometry g, double denseMs, Double channelDenseRatio, List<Row> rows, ConvDevice dev, String denseDevice,
            Double denseError) throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        boolean onDevice = dev != ConvDevice.CPU;
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("layer", layer);
            out.put("batch", batch);
            out.put("stride", stride);
            out.put("threads", KernelPool.threads());
            out.put("repeats", repeats);
            out.put("clock", cpuTime ? "thread-cpu" : "wall");
            out.put("device", dev.name());
            out.put("dense_ms", round(denseMs));
            if (channelDenseRatio != null) out.put("channel_vectorised_dense_time_ratio", round(channelDenseRatio));
            if (onDevice) {
                out.put("dense_device", denseDevice);
                out.put("dense_max_rel_error", denseError);
            }
            List<Map<String, Object>> res = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pattern", row.pattern().label());
                m.put("density", row.density());
                m.put("ms", round(row.ms()));
                m.put("speedup", round(row.speedup()));
                m.put("ideal_speedup", round(row.ideal()));
                m.put("percent_of_ideal", round(100 * row.speedup() / row.ideal()));
                if (onDevice) {
                    m.put("device", row.device());
                    if (row.maxRelError() != null) m.put("max_rel_error", row.maxRelError());
                    else m.put("note", CPU_ROW_NOTE);
                }
                res.add(m);
            }
            out.put("results", res);
            o.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        o.printf("conv %d->%d k%d @%dx%d stride %d, batch %d, %d thread(s), median of %d interleaved rounds, %s time%n",
                g.inC(), g.outC(), g.kh(), g.inH(), g.inW(), stride, batch, KernelPool.threads(), repeats,
                cpuTime ? "thread CPU" : "wall");
        if (onDevice) {
            o.printf("device: %s; each device result within %.1e of the CPU's (max relative error)%n", dev.name(), TOLERANCE);
            if (rows.stream().anyMatch(r -> "cpu".equals(r.device()))) o.printf("rows on cpu: %s%n", CPU_ROW_NOTE);
        }
        o.printf("dense: %.3f ms%s%s%n", denseMs, onDevice ? " on " + DeviceOption.where(denseDevice) : "",
                channelDenseRatio == null ? "" : String.format(java.util.Locale.ROOT, " (the channel-vectorised dense conv takes %.2fx as long)",
                        channelDenseRatio));
        o.printf("%-13s %8s %10s %8s %8s %9s%s%n", "pattern", "density", "ms", "speedup", "ideal", "% ideal", onDevice ? "  on        rel err" : "");
        for (Row row : rows)
            o.printf("%-13s %8.3f %10.3f %8.2f %8.2f %8.1f%%%s%n", row.pattern().label(), row.density(), row.ms(),
                    row.speedup(), row.ideal(), 100 * row.speedup() / row.ideal(), !onDevice ? ""
                            : String.format(java.util.Locale.ROOT, "  %-6s %10s", DeviceOption.where(row.device()),
                            row.maxRelError() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1e", row.maxRelError())));
    }

    /** Why a row of a device run says cpu. */
    static final String CPU_ROW_NOTE = "no OpenCL kernel for this pattern (unstructured: CSR), so the Vector API kernel ran; "
            + "its speedup is against the device's dense conv";

    private ConvGeometry parseLayer() {
        String[] f = layer.split(",");
        if (f.length != 5) throw usage("--layer must be CIN,COUT,K,H,W (five integers), got '" + layer + "'");
        int[] v = new int[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Integer.parseInt(f[i].trim());
            } catch (NumberFormatException e) {
                throw usage("--layer must be CIN,COUT,K,H,W (five integers), got '" + layer + "'");
            }
            if (v[i] < 1 || v[i] > 4096) throw usage("--layer values must be in 1..4096, got '" + layer + "'");
        }
        if (stride < 1) throw usage("--stride must be >= 1, got " + stride);
        try {
            return ConvGeometry.of(1, v[0], v[3], v[4], v[1], v[2], stride, v[2] / 2);
        } catch (IllegalArgumentException e) {
            throw usage("--layer: " + e.getMessage());
        }
    }

    private List<Double> parseDensities() {
        List<Double> out = new ArrayList<>();
        for (String s : densities) {
            double d;
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw usage("--density values must be numbers in (0, 1], got '" + s + "'");
            }
            if (!(d > 0 && d <= 1)) throw usage("--density values must be in (0, 1], got " + s);
            out.add(d);
        }
        return out;
    }

    private List<Pattern> parsePatterns() {
        List<Pattern> out = new ArrayList<>();
        for (String s : patterns) {
            try {
                Pattern p = Pattern.parse(s);
                if (!out.contains(p)) out.add(p);
            } catch (IllegalArgumentException e) {
                throw usage("--patterns: " + e.getMessage());
            }
        }
        return out;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static float[] random(SplittableRandom r, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
