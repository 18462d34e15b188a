package dev.slt.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A kernel OpenCL cannot run is reported once and computes nothing on Aparapi's Java thread pool. */
class FallbackTest {

    @Test
    void untranslatableKernelIsSwitchedOffOnceWithoutRunningInJava() {
        OpenClKernels k = OpenClTestSupport.kernels();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeviceRunner runner = new DeviceRunner(k.device(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        UnsupportedKernel kernel = new UnsupportedKernel();
        assertFalse(runner.launch("unsupported", kernel, runner.range(4, 4)));
        assertFalse(runner.launch("unsupported", kernel, runner.range(4, 4)));
        assertArrayEquals(new float[4], kernel.out, "the Java thread pool must not have run the kernel");
        String notice = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, notice.lines().count(), notice);
        assertTrue(notice.contains("'unsupported'") && notice.contains("Vector API"), notice);
        assertEquals(java.util.Set.of("unsupported"), runner.switchedOff());
    }
}
