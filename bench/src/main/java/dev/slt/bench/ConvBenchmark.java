package dev.slt.bench;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.KernelPool;
import dev.slt.kernels.PoolGeometry;
import dev.slt.kernels.VectorKernels;
import java.util.Arrays;
import java.util.Random;
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
 * Conv and pool kernels of the vector backend at the layers SLT trains (batch 64): the ResNet-20 3x3
 * stages and the Fashion-MNIST 5x5 layers, forward, data gradient and weight gradient, plus the 2x2
 * max pool after the Fashion-MNIST convs. Side-by-side with PyTorch: {@code bench/compare-pytorch.sh}.
 * Run: {@code java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBenchmark -f 1 -foe true}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBenchmark {

    /** C_in x C_out @ H=W, kernel, padding (stride 1). */
    @Param({"16x16@32k3p1", "32x32@16k3p1", "64x64@8k3p1", "1x32@28k5p2", "32x64@14k5p2"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private final Kernels k = new VectorKernels();
    private ConvGeometry g;
    private PoolGeometry pool;
    private float[] x, w, y, dy, dx, dw, pooled;
    private int[] argmax;

    @Setup
    public void setup() {
        KernelPool.setThreads(threads);
        String[] p = layer.split("[x@kp]");
        int ci = Integer.parseInt(p[0]), co = Integer.parseInt(p[1]), hw = Integer.parseInt(p[2]);
        g = ConvGeometry.of(64, ci, hw, hw, co, Integer.parseInt(p[3]), 1, Integer.parseInt(p[4]));
        Random r = new Random(1);
        x = fill(r, g.inputSize());
        w = fill(r, g.weightSize());
        y = new float[(int) g.outputSize()];
        dy = fill(r, g.outputSize());
        dx = new float[x.length];
        dw = new float[w.length];
        pool = PoolGeometry.of(64 * co, hw, hw, 2, 2, 0);
        pooled = new float[pool.outputSize()];
        argmax = new int[pooled.length];
    }

    private static float[] fill(Random r, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Benchmark
    public float[] forward() {
        k.conv2dForward(g, x, w, null, y);
        return y;
    }

    @Benchmark
    public float[] backwardInput() {
        Arrays.fill(dx, 0f);
        k.conv2dBackwardInput(g, dy, w, dx);
        return dx;
    }

    @Benchmark
    public float[] backwardWeight() {
        Arrays.fill(dw, 0f);
        k.conv2dBackwardWeight(g, x, dy, dw, null);
        return dw;
    }

    /** 2x2 stride-2 max pool of this layer's output (the Fashion-MNIST CNN pools after each conv). */
    @Benchmark
    public int[] maxPool2x2() {
        k.maxPool2dForward(pool, y, pooled, argmax);
        return argmax;
    }
}
