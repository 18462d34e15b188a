package dev.slt.bench;

import dev.slt.kernels.Backends;
import dev.slt.kernels.Kernels;
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
 * GEMM of the vector backend on square sizes and on the per-image im2col shapes of the conv layers
 * (batch 64): forward {@code Y = W·cols}, and backward {@code dW = dY·colsᵀ} (transB) and
 * {@code dCols = Wᵀ·dY} (transA). A shape is {@code "MxNxK"} plus
 * {@code n}/{@code t} for A and B (not transposed / transposed); the score is µs per call,
 * so GFLOP/s = 2·m·n·k / (score · 1e3).
 *
 * <p>Run (threads from {@code -Dslt.threads}, default all processors; JMH forks inherit host flags):
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java --add-modules=jdk.incubator.vector -Dslt.threads=2 -jar bench/target/benchmarks.jar \
 *     GemmBenchmark -f 1 -i 3 -foe true
 * </pre>
 * Keep the warm-up long: until C2 has compiled the micro-kernel (seconds on a busy host) the Vector
 * API runs interpreted, hundreds of times slower, and short warm-ups report that.
 * Add {@code -p shape=1024x1024x1024nn} for one shape (JMH splits {@code -p} values on commas).
 * Do not pass {@code -jvmArgsAppend}: it replaces the {@code --add-modules} given in {@link Fork}. On this shared host, compare against
 * {@code ./slt bench gemm}, which measures the FMA peak in the same process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    @Param({
            "128x128x128nn", "256x256x256nn", "512x512x512nn",
            "1024x1024x1024nn", "2048x2048x2048nn",
            // forward, (C_out, C_in·kh·kw) · (C_in·kh·kw, H_out·W_out)
            "16x1024x144nn", "32x256x288nn", "64x64x576nn",
            "32x784x25nn", "64x196x800nn",
            // dW = dY · colsᵀ
            "16x144x1024nt", "32x288x256nt", "64x576x64nt",
            "32x25x784nt", "64x800x196nt",
            // dCols = Wᵀ · dY
            "144x1024x16tn", "288x256x32tn", "576x64x64tn",
            "25x784x32tn", "800x196x64tn"})
    public String shape;

    private Kernels kernels;
    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] a, b, c;

    @Setup
    public void setUp() {
        String[] f = shape.substring(0, shape.length() - 2).split("x");
        m = Integer.parseInt(f[0]);
        n = Integer.parseInt(f[1]);
        k = Integer.parseInt(f[2]);
        transA = shape.charAt(shape.length() - 2) == 't';
        transB = shape.charAt(shape.length() - 1) == 't';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        a = random(m * k, 1);
        b = random(k * n, 2);
        c = new float[m * n];
        kernels = Backends.byName("vector");
    }

    @Benchmark
    public float[] gemm() {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        return c;
    }

    private static float[] random(int len, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
