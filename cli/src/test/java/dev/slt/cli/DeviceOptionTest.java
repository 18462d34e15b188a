package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.kernels.Backends;
import dev.slt.kernels.VectorKernels;
import dev.slt.opencl.OpenClDevices;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device}: bad names are usage errors; opencl runs on the device or fails with one line. */
class DeviceOptionTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreCpuBackend() {
        Backends.use(new VectorKernels());  // --device is process-wide; later tests expect the CPU
    }

    @Test
    void unknownDeviceIsAUsageError() {
        CliTest.Result bench = CliTest.run("bench", "gemm", "--device", "cuda");
        assertEquals(2, bench.code());
        assertTrue(bench.err().contains("--device must be cpu, opencl or auto, got 'cuda'"), bench.err());
        CliTest.Result train = CliTest.run("train", "--device", "gpu0", "--out", dir.toString());
        assertEquals(2, train.code());
        assertTrue(train.err().contains("--device"), train.err());
        for (String cmd : new String[] {"lottery", "compare"}) {
            CliTest.Result r = CliTest.run(cmd, "--device", "tpu", "--out", dir.resolve(cmd).toString());
            assertEquals(2, r.code(), cmd + ": " + r.err());
            assertTrue(r.err().contains("--device must be cpu, opencl or auto, got 'tpu'"), cmd + ": " + r.err());
        }
    }

    @Test
    void benchGemmOnOpenClReportsTheDeviceAndItsErrorOrFailsWithOneLine() throws Exception {
        CliTest.Result r = CliTest.run("bench", "gemm", "--device", "opencl", "--size", "40", "--threads", "1",
                "--repeats", "1", "--warmup", "0.05", "--json");
        if (OpenClDevices.best().isEmpty()) {
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("no OpenCL device found"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            return;
        }
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(OpenClDevices.best().get().getName().trim(), j.get("device").asText());
        assertEquals("opencl", j.get("backend").asText());
        double err = j.get("max_rel_error").asDouble();
        assertTrue(err >= 0 && err <= 1e-4, r.out());
        assertTrue(j.get("gflops").asDouble() > 0, r.out());
    }

    @Test
    void autoTakesAGpuOrTheCpu() throws Exception {
        CliTest.Result r = CliTest.run("bench", "gemm", "--device", "auto", "--size", "20", "--threads", "1",
                "--repeats", "1", "--warmup", "0.05", "--json");
        assertEquals(0, r.code(), r.err());
        String device = new ObjectMapper().readTree(r.out()).get("device").asText();
        String expected = OpenClDevices.bestGpu().map(d -> d.getName().trim()).orElse("cpu");
        assertEquals(expected, device);
    }

    @Test
    void benchChainGivesTheSameResultResidentAndCopying() throws Exception {
        CliTest.Result r = CliTest.run("bench", "chain", "--size", "24", "--length", "3", "--repeats", "1", "--json");
        if (OpenClDevices.best().isEmpty()) {
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("no OpenCL device found"), r.err());
            return;
        }
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(0.0, j.get("max_abs_diff_resident_vs_copying").asDouble(), 1e-5, r.out());
        assertEquals(6, j.get("copying_transfers_per_chain").asInt());
    }
}
