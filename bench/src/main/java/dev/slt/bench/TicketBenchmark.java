package dev.slt.bench;

import dev.slt.engine.Tensor;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.pruning.plan.InferencePlan;
import dev.slt.pruning.plan.PlanOptions;
import dev.slt.pruning.plan.SyntheticTickets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ResNet-20 inference end to end, batch 64: the dense plan against the ticket plan ({@link InferencePlan}) of a
 * refill-like (whole channels; runs the slimmed net) and a regroup-like (blocks; block-sparse layers) synthetic
 * ticket, at 28x28x1 and 32x32x3. For ratios on a shared host prefer the interleaved {@code slt bench ticket} or
 * {@link TicketSpeed}; this gives JMH's absolute times.
 * Run: {@code java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar TicketBenchmark -f 1 -foe true}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TicketBenchmark {

    /** Input side; 28 is one channel (MNIST-like), 32 three (CIFAR). */
    @Param({"28", "32"})
    public int size;

    /** dense, refill (channel density 0.5) or regroup (weight density 0.3). */
    @Param({"dense", "refill", "regroup"})
    public String plan;

    @Param({"2"})
    public int threads;

    private static final int BATCH = 64;

    private InferencePlan inference;
    private Tensor x;

    @Setup
    public void setup() {
        KernelPool.setThreads(threads);
        int channels = size == 28 ? 1 : 3;
        Module model = Models.create("resnet20", channels, size, 10, 1);
        Map<String, float[]> mask = switch (plan) {
            case "regroup" -> SyntheticTickets.of(SyntheticTickets.Pattern.REGROUP, model, 0.3, 2);
            default -> SyntheticTickets.of(SyntheticTickets.Pattern.REFILL, model, 0.5, 2);
        };
        PlanOptions o = PlanOptions.defaults(BATCH);
        inference = plan.equals("dense") ? InferencePlan.dense(model, mask, size, o) : InferencePlan.of(model, mask, size, o);
        var r = new SplittableRandom(3);
        float[] d = new float[BATCH * channels * size * size];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        x = Tensor.fromArray(d, BATCH, channels, size, size);
    }

    @Benchmark
    public Tensor forward() {
        return inference.forward(x);
    }
}
