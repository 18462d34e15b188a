package dev.slt.bench;

import dev.slt.pruning.regroup.Regroup;
import dev.slt.pruning.regroup.RegroupParams;
import dev.slt.pruning.regroup.RegroupResult;
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
 * Regroup (METHOD.md, Algorithm 3) of one 512 × 4608 mask, the shape of VGG-16's last conv layers
 * (C_out 512, C_in·3·3 = 4608), with the default parameters: ms per call. Masks:
 * {@code random} has every entry 1 with probability 0.2; {@code structured} has 8 hidden groups of
 * 64 rows, a row holding each column of its group's pattern (every 8th column) with probability 0.9
 * and any other column with probability 0.02 (density ≈ 0.13).
 *
 * <p>Run (single-threaded code; the target is ≤ 2 s per call):
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar RegroupBenchmark -f 1 -foe true
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegroupBenchmark {

    private static final int ROWS = 512, COLS = 4608;

    @Param({"random", "structured"})
    public String mask;

    private float[] m;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        m = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            int group = rnd.nextInt(8);
            for (int c = 0; c < COLS; c++) {
                double p = mask.equals("random") ? 0.2 : c % 8 == group ? 0.9 : 0.02;
                m[r * COLS + c] = rnd.nextDouble() < p ? 1f : 0f;
            }
        }
    }

    @Benchmark
    public RegroupResult regroup() {
        return Regroup.apply(m, ROWS, COLS, RegroupParams.defaults(), 7);
    }
}
