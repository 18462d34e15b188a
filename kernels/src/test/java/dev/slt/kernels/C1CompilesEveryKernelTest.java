package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every kernel method must be compilable by C1 (HotSpot's first-tier compiler). A method that C2's busy queue sends to
 * tier 2 first and that C1 then fails to compile at tier 3 (say, "out of virtual registers" in a big unrolled kernel)
 * is never handed to C2: it keeps its tier-2 code, where the Vector API is not intrinsified and runs 20-100x slower.
 * That happened to {@code GemmDotKernel.tile} and made an inference plan 5x slower in {@code slt demo}. This runs
 * {@link KernelWorkout} in a child JVM that compiles each of our methods with C1 on its first call
 * ({@code -Xcomp -XX:TieredStopAtLevel=3}) and fails on any compile C1 skipped; with the old {@code tile} it reported
 * "GemmDotKernel::tile (1843 bytes) COMPILE SKIPPED: out of virtual registers in LIR generator".
 */
class C1CompilesEveryKernelTest {

    @Test
    void c1CompilesEveryKernelMethod() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--add-modules=jdk.incubator.vector", "-Xcomp", "-XX:TieredStopAtLevel=3",
                "-XX:+PrintCompilation", "-XX:CompileCommand=quiet", "-XX:CompileCommand=compileonly,dev.slt.kernels.*::*",
                // the Vector API compiled too (by C1: no intrinsics, but far faster than interpreted): 13 s instead of 50
                "-XX:CompileCommand=compileonly,jdk.incubator.vector.*::*", "-XX:CompileCommand=compileonly,jdk.internal.vm.vector.*::*",
                "-cp", System.getProperty("java.class.path"), KernelWorkout.class.getName(), "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> skipped = new ArrayList<>();
        int compiled = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.contains("dev.slt.kernels.")) continue;
                if (line.contains("COMPILE SKIPPED") && !line.contains("concurrent class loading")) skipped.add(line.trim());
                else compiled++;
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the workout did not finish in 5 minutes");
        assertEquals(0, p.exitValue(), "the workout failed");
        assertTrue(compiled > 100, "only " + compiled + " kernel methods compiled: is -XX:+PrintCompilation output missing?");
        assertTrue(skipped.isEmpty(), "C1 could not compile:\n" + String.join("\n", skipped));
    }
}
