package dev.slt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.engine.Tensor;
import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.KernelPool;
import dev.slt.pruning.lottery.Ticket;
import dev.slt.pruning.plan.InferencePlan;
import dev.slt.pruning.plan.PlanLayer;
import dev.slt.pruning.plan.PlanOptions;
import dev.slt.pruning.plan.TicketTiming;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt bench ticket DIR}: a ticket written by {@code slt lottery} run as an {@link InferencePlan} (each conv
 * on the kernel its mask suits) against the dense plan of the same model, per layer and end to end, interleaved
 * in one process ({@link TicketTiming}). With {@code --device opencl} both plans hand their convs to the device
 * ({@link PlanOptions#device}): dense, slimmed and block-sparse convs run there, CSR and grouped convs on the CPU, and
 * the output names where each layer ran; the device's ticket plan is first checked against the CPU's.
 */
@Command(name = "ticket", mixinStandardHelpOptions = true,
        description = "Inference speed of a lottery ticket against its dense model, per layer and end to end.")
final class BenchTicketCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A round directory written by slt lottery (DIR/round-K, holding ticket.safetensors).")
    Path dir;

    @Option(names = "--batch", paramLabel = "N", description = "Images per forward (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int batch;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--repeats", paramLabel = "R", description = "Timed rounds, dense and ticket each (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    int repeats;

    // a register-tile variant that one layer alone uses reaches the optimising JIT only after a few forwards; until
    // then the Vector API runs unintrinsified, 10-100x slower (round-5 refill ticket: 2.60x after 2 rounds, 2.74x after 30)
    @Option(names = "--warmup", paramLabel = "W", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int warmup;

    @Option(names = "--autotune", description = "Time every valid kernel of each layer once and keep the fastest, instead of choosing by the mask's structure.")
    boolean autotune;

    @Option(names = "--layered", description = "Run a channel-structured ticket layer by layer (slimmed convs on full-size activations) "
            + "instead of as the compact slimmed net.")
    boolean layered;

    @Option(names = "--image-size", paramLabel = "S", description = "Input side (default: the ticket's).")
    Integer imageSize;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--cpu-time", description = "Time by the thread's CPU time instead of the wall clock (needs --threads 1): "
            + "on a loaded host, time spent descheduled then does not count.")
    boolean cpuTime;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Mixin
    DeviceOption device;

    /** A device's ticket plan may differ from the CPU's by at most this, relative to the largest CPU output. */
    static final double TOLERANCE = 1e-4;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batch > 4096) throw usage("--batch must be in 1..4096, got " + batch);
        if (repeats < 1) throw usage("--repeats must be >= 1, got " + repeats);
        if (warmup < 0) throw usage("--warmup must be >= 0, got " + warmup);
        if (threads != null && threads < 1) throw usage("--threads must be >= 1, got " + threads);
        if (imageSize != null && (imageSize < 1 || imageSize > 1024)) throw usage("--image-size must be in 1..1024, got " + imageSize);
        if (!Files.isDirectory(dir)) throw new IllegalStateException("ticket directory " + dir + " does not exist");
        if (!Files.isRegularFile(dir.resolve("ticket.safetensors")))
            throw new IllegalStateException(dir + " is not a ticket round directory (no ticket.safetensors; give DIR/round-K)");
        if (cpuTime && (threads == null || threads != 1)) throw usage("--cpu-time needs --threads 1 (the kernels must run on this thread)");
        if (threads != null) KernelPool.setThreads(threads);
        ConvDevice dev = DeviceOption.convDevice(device.install());
        if (cpuTime && dev != ConvDevice.CPU) throw usage("--cpu-time times this thread only, not an OpenCL device: use the wall clock");

        Ticket ticket = Ticket.load(dir);
        int size = imageSize != null ? imageSize : Integer.parseInt(ticket.metadata().getOrDefault("image_size", "32"));
        var masks = InferencePlan.convMasks(ticket.model(), ticket.mask());
        var options = PlanOptions.defaults(batch).withAutotune(autotune).withCompact(!layered).withDevice(dev);
        InferencePlan dense = InferencePlan.dense(ticket.model(), masks, size, options);
        InferencePlan plan = InferencePlan.of(ticket.model(), masks, size, options);
        Tensor x = randomImages(plan, size);
        double diff = relativeDifference(dense, plan, x);
        if (diff > 1e-3) throw new IllegalStateException("ticket plan and dense plan disagree (relative difference " + diff + ")");
        Double deviceError = null;
        if (dev != ConvDevice.CPU) {
            deviceError = relativeDifference(InferencePlan.of(ticket.model(), masks, size, PlanOptions.defaults(batch)), plan, x);
            if (!(deviceError <= TOLERANCE))
                throw new IllegalStateException("the ticket plan on " + dev.name() + " differs from the CPU plan by " + deviceError
                        + " relative (more than " + TOLERANCE + ")");
        }
        TicketTiming.Result r = TicketTiming.measure(dense, plan, batch, repeats, warmup, seed, cpuTime);
        if (!r.jitSettled()) BenchGemmCommand.warnJitBusy(spec.commandLine().getErr());
        report(r, ticket, diff, dev, dense, deviceError);
        return ExitCodes.OK;
    }

    /** Two random images of the plan's input shape. */
    private Tensor randomImages(InferencePlan plan, int size) {
        var r = new SplittableRandom(seed + 1);
        float[] d = new float[2 * plan.inChannels() * size * size];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.fromArray(d, 2, plan.inChannels(), size, size);
    }

    /** Largest |plan - reference| over the largest |reference| on {@code x}. */
    private static double relativeDifference(InferencePlan reference, InferencePlan plan, Tensor x) {
        return BenchGemmCommand.maxRelError(plan.forward(x).data(), reference.forward(x).data());
    }

    private void report(TicketTiming.Result r, Ticket ticket, double diff, ConvDevice dev, InferencePlan dense, Double deviceError)
            throws Exception {
        boolean onDevice = dev != ConvDevice.CPU;
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ticket", dir.toString());
            out.put("model", ticket.config().model());
            out.put("round", ticket.round());
            out.put("batch", r.batch());
            out.put("threads", KernelPool.threads());
            out.put("repeats", r.repeats());
            out.put("clock", cpuTime ? "thread-cpu" : "wall");
            out.put("jit_settled", r.jitSettled());
            out.put("autotune", autotune);
            out.put("compact", r.compact());
            out.put("dense_ms", round(r.denseMs()));
            out.put("ticket_ms", round(r.ticketMs()));
            out.put("speedup", round(r.speedup()));
            out.put("ideal_speedup", finite(r.idealSpeedup()));
            out.put("percent_of_ideal", finite(100 * r.speedup() / r.idealSpeedup()));
            out.put("max_relative_difference", diff);
            out.put("device", dev.name());
            if (onDevice) out.put("max_rel_error", deviceError);
            List<Map<String, Object>> layers = new ArrayList<>();
            for (int i = 0; i < r.layers().size(); i++) {
                var t = r.layers().get(i);
                PlanLayer l = t.layer();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("weight", l.weight());
                m.put("shape", l.shape());
                m.put("density", round(l.density()));
                m.put("kernel", l.kernel().label());
                if (onDevice) {
                    m.put("device", l.device());
                    m.put("dense_device", dense.layers().get(i).device());
                }
                m.put("dense_ms", round(t.denseMs()));
                m.put("ticket_ms", round(t.ticketMs()));
                m.put("ideal_speedup", finite(l.idealSpeedup()));
                m.put("speedup", round(t.speedup()));
                layers.add(m);
            }
            out.put("layers", layers);
            o.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        o.printf("%s: %s round %d, batch %d, %d thread(s), median of %d interleaved rounds (%s clock)%s%n", dir, ticket.config().model(),
                ticket.round(), r.batch(), KernelPool.threads(), r.repeats(), cpuTime ? "thread CPU" : "wall",
                r.compact() ? ", slimmed net end to end" : "");
        if (onDevice)
            o.printf("device: %s, layer by layer (ticket plan within %.1e of the CPU's); column 'on': where the dense / ticket conv ran%n",
                    dev.name(), deviceError);
        o.printf("%-26s %-22s %7s %-12s %9s %9s %7s %7s%s%n", "layer", "shape", "density", "kernel", "dense ms", "ticket ms", "ideal", "speedup",
                onDevice ? "  on" : "");
        for (int i = 0; i < r.layers().size(); i++) {
            var t = r.layers().get(i);
            PlanLayer l = t.layer();
            o.printf("%-26s %-22s %7.3f %-12s %9.3f %9.3f %7.2f %7.2f%s%n", l.weight().replace(".weight", ""), l.shape(), l.density(),
                    l.kernel().label(), t.denseMs(), t.ticketMs(), l.idealSpeedup(), t.speedup(),
                    onDevice ? "  " + DeviceOption.where(dense.layers().get(i).device()) + "/" + DeviceOption.where(l.device()) : "");
        }
        o.printf("end to end: dense %.3f ms, ticket %.3f ms, speedup %.2f, ideal %.2f (%.0f%% of ideal)%n", r.denseMs(), r.ticketMs(),
                r.speedup(), r.idealSpeedup(), 100 * r.speedup() / r.idealSpeedup());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
