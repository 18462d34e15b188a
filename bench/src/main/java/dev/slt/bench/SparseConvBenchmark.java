package dev.slt.bench;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.DenseConv;
import dev.slt.kernels.KernelPool;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.kernels.SyntheticSparsity;
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
 * The sparse conv kernels (inference, batch 64) at ResNet-20 and VGG-16 (CIFAR) 3x3 layer shapes: dense
 * against channel-slimmed, block-sparse (regroup-shaped blocks) and CSR layers at a weight density, built by
 * {@link SyntheticSparsity} from the same seeded weights. For ratios on a shared host prefer the interleaved
 * {@code slt bench sparse}; this gives JMH's absolute times.
 * Run: {@code java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar SparseConvBenchmark -f 1 -foe true}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SparseConvBenchmark {

    /** C_in x C_out @ H=W (3x3, stride 1, padding 1): ResNet-20 stages 2 and 3, VGG-16's 256-channel CIFAR layer at 8x8. */
    @Param({"32x32@16", "64x64@8", "256x256@8"})
    public String layer;

    /** dense, or a pattern of {@link SyntheticSparsity.Pattern}. */
    @Param({"dense", "channel", "group", "unstructured"})
    public String kernel;

    @Param({"0.5", "0.2"})
    public double density;

    @Param({"1", "2"})
    public int threads;

    private static final int BATCH = 64;

    private PreparedConv conv;
    private float[] x, y;

    @Setup
    public void setup() {
        KernelPool.setThreads(threads);
        String[] p = layer.split("[x@]");
        int ci = Integer.parseInt(p[0]), co = Integer.parseInt(p[1]), hw = Integer.parseInt(p[2]);
        ConvGeometry g = ConvGeometry.of(1, ci, hw, hw, co, 3, 1, 1);
        SplittableRandom r = new SplittableRandom(1);
        float[] w = fill(r, g.weightSize());
        x = fill(r, g.withBatch(BATCH).inputSize());
        y = new float[(int) g.withBatch(BATCH).outputSize()];
        conv = kernel.equals("dense") ? new DenseConv(g, w, null)
                : SyntheticSparsity.layer(SyntheticSparsity.Pattern.parse(kernel), g, w, null, density, 7);
    }

    private static float[] fill(SplittableRandom r, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    /** A slimmed layer writes compact output, as inside a chain of slimmed layers (see {@code slt bench sparse}). */
    @Benchmark
    public float[] forward() {
        if (conv instanceof SlimConv s) s.forward(BATCH, x, false, y, true);
        else conv.forward(BATCH, x, y);
        return y;
    }
}
