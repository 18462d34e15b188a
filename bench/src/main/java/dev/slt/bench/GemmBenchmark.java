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
 * {@code dCols = Wᵀ·dY} (transA). A shape is {@code "m,n,k,transA,transB"}; the score is µs per call,
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
 * Add {@code -p shape=1024,1024,1024,false,false} for one shape. Do not pass {@code -jvmArgsAppend}:
 * it replaces the {@code --add-modules} given in {@link Fork}. On this shared host, compare against
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
            "128,128,128,false,false", "256,256,256,false,false", "512,512,512,false,false",
            "1024,1024,1024,false,false", "2048,2048,2048,false,false",
            // forward, (C_out, C_in·kh·kw) · (C_in·kh·kw, H_out·W_out)
            "16,1024,144,false,false", "32,256,288,false,false", "64,64,576,false,false",
            "32,784,25,false,false", "64,196,800,false,false",
            // dW = dY · colsᵀ
            "16,144,1024,false,true", "32,288,256,false,true", "64,576,64,false,true",
            "32,25,784,false,true", "64,800,196,false,true",
            // dCols = Wᵀ · dY
            "144,1024,16,true,false", "288,256,32,true,false", "576,64,64,true,false",
            "25,784,32,true,false", "800,196,64,true,false"})
    public String shape;

    private Kernels kernels;
    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] a, b, c;

    @Setup
    public void setUp() {
        String[] f = shape.split(",");
        m = Integer.parseInt(f[0]);
        n = Integer.parseInt(f[1]);
        k = Integer.parseInt(f[2]);
        transA = Boolean.parseBoolean(f[3]);
        transB = Boolean.parseBoolean(f[4]);
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
