package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.kernels.Backends;
import dev.slt.kernels.VectorKernels;
import dev.slt.opencl.OpenClDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slt bench sparse}: parsing, the JSON fields, the plot file, exit 2 with the reason on bad values, and on an
 * OpenCL device the device rows checked against the CPU (no timings asserted).
 */
class BenchSparseCommandTest {

    @AfterEach
    void restoreCpuBackend() {
        Backends.use(new VectorKernels());  // --device is process-wide; later tests expect the CPU
    }

    private static final String[] TINY = {"bench", "sparse", "--layer", "3,8,3,5,5", "--batch", "2", "--repeats", "1",
            "--warmup", "0", "--threads", "1"};

    private static CliTest.Result run(String... extra) {
        String[] args = new String[TINY.length + extra.length];
        System.arraycopy(TINY, 0, args, 0, TINY.length);
        System.arraycopy(extra, 0, args, TINY.length, extra.length);
        return CliTest.run(args);
    }

    @Test
    void jsonHasOneResultPerPatternAndDensity() throws Exception {
        CliTest.Result r = run("--density", "1,0.5", "--patterns", "channel,group,unstructured", "--json", "--cpu-time");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("dense_ms").asDouble() > 0, r.out());
        assertTrue(j.get("channel_vectorised_dense_time_ratio").asDouble() > 0, r.out());
        JsonNode res = j.get("results");
        assertEquals(6, res.size(), r.out());
        assertEquals("channel", res.get(0).get("pattern").asText());
        assertEquals(1.0, res.get(0).get("density").asDouble());
        assertEquals("unstructured", res.get(5).get("pattern").asText());
        assertEquals(0.5, res.get(5).get("density").asDouble());
        for (JsonNode e : res) {
            assertTrue(e.get("ms").asDouble() > 0 && e.get("speedup").asDouble() > 0, e.toString());
            assertTrue(e.has("ideal_speedup"), e.toString());
        }
        // channel keeps ceil(0.5 * 8) = 4 of 8 filters whole: exactly half the work
        assertEquals(2.0, res.get(1).get("ideal_speedup").asDouble(), 1e-9, r.out());
        assertEquals(1.0, res.get(0).get("ideal_speedup").asDouble(), 1e-9, r.out());
    }

    @Test
    void tablePrintsEveryRowAndPlotIsWritten(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("speed.png");
        CliTest.Result r = run("--density", "0.3", "--patterns", "group", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense:") && r.out().contains("channel-vectorised dense conv takes") && r.out().contains("group")
                && r.out().contains("% ideal"), r.out());
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "not a PNG");
    }

    @Test
    void badValuesExitWith2AndNameTheOption() {
        String[][] cases = {
                {"--layer", "3,8,3,5"}, {"--layer", "3,8,x,5,5"}, {"--layer", "3,8,3,5,0"}, {"--density", "0"},
                {"--density", "1.5"}, {"--density", "abc"}, {"--patterns", "diagonal"}, {"--batch", "0"},
                {"--repeats", "0"}, {"--stride", "0"}, {"--threads", "0"}, {"--plot", "out.txt"},
        };
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run("bench", "sparse", c[0], c[1], "--repeats", "1", "--warmup", "0");
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[0]), String.join(" ", c) + ": " + r.err());
        }
        CliTest.Result cpu = CliTest.run("bench", "sparse", "--cpu-time", "--threads", "2");
        assertEquals(2, cpu.code());
        assertTrue(cpu.err().contains("--cpu-time"), cpu.err());
    }

    @Test
    void onOpenClDenseChannelAndGroupRunOnTheDeviceAndMatchTheCpu() throws Exception {
        CliTest.Result r = run("--device", "opencl", "--density", "1,0.5", "--json");
        skipUnlessDevice(r);
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        String name = OpenClDevices.best().get().getName().trim();
        assertEquals(name, j.get("device").asText(), r.out());
        assertEquals(name, j.get("dense_device").asText(), r.out());
        assertTrue(j.get("dense_max_rel_error").asDouble() <= 1e-4, r.out());
        JsonNode res = j.get("results");
        assertEquals(6, res.size(), r.out());
        for (JsonNode e : res) {
            if (e.get("pattern").asText().equals("unstructured")) {
                assertEquals("cpu", e.get("device").asText(), e.toString());
                assertTrue(e.get("note").asText().contains("Vector API"), e.toString());
                assertTrue(!e.has("max_rel_error"), e.toString());
            } else {
                assertEquals(name, e.get("device").asText(), e.toString());
                double err = e.get("max_rel_error").asDouble(-1);
                assertTrue(err >= 0 && err <= 1e-4, e.toString());
            }
            assertTrue(e.get("ms").asDouble() > 0, e.toString());
        }
    }

    @Test
    void onOpenClTheTableMarksTheCpuRows() {
        CliTest.Result r = run("--device", "opencl", "--density", "0.5", "--patterns", "group,unstructured");
        skipUnlessDevice(r);
        assertEquals(0, r.code(), r.err());
        String group = r.out().lines().filter(l -> l.startsWith("group")).findFirst().orElseThrow();
        String csr = r.out().lines().filter(l -> l.startsWith("unstructured")).findFirst().orElseThrow();
        assertTrue(group.contains(" device "), group);
        assertTrue(csr.contains(" cpu "), csr);
        assertTrue(r.out().contains("device: " + OpenClDevices.best().get().getName().trim()), r.out());
        CliTest.Result cpuTime = run("--device", "opencl", "--cpu-time");
        assertEquals(2, cpuTime.code(), cpuTime.err());
        assertTrue(cpuTime.err().contains("--cpu-time"), cpuTime.err());
    }

    @Test
    void unknownDeviceIsAUsageErrorAndCpuHasNoDeviceRows() throws Exception {
        CliTest.Result bad = run("--device", "nope");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--device must be cpu, opencl or auto, got 'nope'"), bad.err());
        CliTest.Result cpu = run("--device", "cpu", "--density", "0.5", "--patterns", "group", "--json");
        assertEquals(0, cpu.code(), cpu.err());
        JsonNode j = new ObjectMapper().readTree(cpu.out());
        assertEquals("cpu", j.get("device").asText());
        assertTrue(!j.get("results").get(0).has("max_rel_error") && !j.has("dense_max_rel_error"), cpu.out());
    }

    /** Without an OpenCL device, checks the one-line failure and skips the rest, saying why. */
    static void skipUnlessDevice(CliTest.Result r) {
        if (OpenClDevices.best().isPresent()) return;
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no OpenCL device found"), r.err());
        Assumptions.abort("no OpenCL device found (install an OpenCL driver, e.g. Debian's pocl-opencl-icd): device run skipped");
    }
}
