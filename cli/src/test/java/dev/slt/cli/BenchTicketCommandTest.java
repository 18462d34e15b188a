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
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt bench ticket} on a tiny ticket written by a fast {@code slt lottery} run: JSON, table, errors. */
class BenchTicketCommandTest {

    @TempDir
    static Path dir;

    static Path round;

    @BeforeAll
    static void lottery() {
        Path out = dir.resolve("run");
        var r = CliTest.run("lottery", "--model", "lenet5", "--rounds", "1", "--epochs", "1", "--batch", "32", "--lr", "0.05",
                "--limit-train", "64", "--limit-test", "50", "--threads", "1", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        round = out.resolve("round-1");
    }

    @AfterEach
    void restoreCpuBackend() {
        Backends.use(new VectorKernels());  // --device is process-wide; later tests expect the CPU
    }

    private static CliTest.Result bench(String... extra) {
        String[] head = {"bench", "ticket", round.toString(), "--batch", "4", "--repeats", "2", "--warmup", "0", "--threads", "1"};
        String[] args = Arrays.copyOf(head, head.length + extra.length);
        System.arraycopy(extra, 0, args, head.length, extra.length);
        return CliTest.run(args);
    }

    @Test
    void jsonHasTheTotalsAndOneObjectPerConv() throws Exception {
        var r = bench("--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : new String[] {"dense_ms", "ticket_ms", "speedup", "ideal_speedup"}) assertTrue(j.get(k).asDouble() > 0, k + ": " + r.out());
        assertTrue(j.get("ideal_speedup").asDouble() >= 1, r.out());
        assertTrue(j.get("max_relative_difference").asDouble() <= 1e-4, r.out());
        JsonNode layers = j.get("layers");
        assertEquals(2, layers.size(), "lenet5 has two convs: " + r.out());
        for (JsonNode l : layers) {
            for (String k : new String[] {"weight", "shape", "density", "kernel", "dense_ms", "ticket_ms", "ideal_speedup", "speedup"})
                assertTrue(l.has(k), k + " missing: " + l);
            assertTrue(l.get("kernel").asText().matches("dense|slimmed|block-sparse|csr"), l.toString());
        }
        assertEquals("dense", layers.get(0).get("kernel").asText(), "the stem is not pruned");
        assertTrue(layers.get(1).get("density").asDouble() < 1, "round 1 pruned the second conv: " + layers.get(1));
    }

    @Test
    void cpuTimeTimesTheCallingThreadAndNeedsOneThread() throws Exception {
        var r = bench("--json", "--cpu-time");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("thread-cpu", j.get("clock").asText(), r.out());
        assertTrue(j.get("jit_settled").asBoolean(), "no warm-up asked for, so nothing to wait for: " + r.out());
        assertTrue(j.get("dense_ms").asDouble() > 0 && j.get("ticket_ms").asDouble() > 0, r.out());
        assertEquals("wall", new ObjectMapper().readTree(bench("--json").out()).get("clock").asText());
        assertTrue(bench("--cpu-time").out().contains("thread CPU clock"));
        for (String[] c : new String[][] {{"--cpu-time"}, {"--cpu-time", "--threads", "2"}}) {
            String[] args = new String[3 + c.length];
            args[0] = "bench";
            args[1] = "ticket";
            args[2] = round.toString();
            System.arraycopy(c, 0, args, 3, c.length);
            var bad = CliTest.run(args);
            assertEquals(2, bad.code(), String.join(" ", c) + ": " + bad.err());
            assertTrue(bad.err().contains("--cpu-time needs --threads 1"), bad.err());
        }
    }

    @Test
    void layeredRunsTheRefillTicketLayerByLayerInsteadOfTheCompactNet() throws Exception {
        var compact = new ObjectMapper().readTree(bench("--json").out());
        assertTrue(compact.get("compact").asBoolean(), "a refill ticket runs as the compact slimmed net by default: " + compact);
        var r = bench("--json", "--layered");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(!j.get("compact").asBoolean(), r.out());
        assertTrue(j.get("max_relative_difference").asDouble() <= 1e-4, r.out());
        assertEquals("slimmed", j.get("layers").get(1).get("kernel").asText(), r.out());
    }

    @Test
    void thePlanOfTheLotteryTicketEqualsTheMaskedModel() {
        var ticket = dev.slt.pruning.lottery.Ticket.load(round);
        var masks = dev.slt.pruning.plan.InferencePlan.convMasks(ticket.model(), ticket.mask());
        var r = new java.util.SplittableRandom(4);
        float[] d = new float[3 * 28 * 28];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        var x = dev.slt.engine.Tensor.fromArray(d, 3, 1, 28, 28);
        float[] expected;
        try (var g = dev.slt.engine.Grad.disabled()) {
            expected = dev.slt.pruning.graph.Program.of(ticket.model()).forward(x, masks).data();
        }
        for (boolean autotune : new boolean[] {false, true}) {
            var options = dev.slt.pruning.plan.PlanOptions.defaults(3).withAutotune(autotune);
            float[] got = dev.slt.pruning.plan.InferencePlan.of(ticket.model(), masks, 28, options).forward(x).data();
            float scale = 0, err = 0;
            for (int i = 0; i < got.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                err = Math.max(err, Math.abs(expected[i] - got[i]));
            }
            assertTrue(err <= 1e-4f * scale, "autotune " + autotune + ": error " + err + " at scale " + scale);
        }
    }

    @Test
    void tableAndAutotuneRun() {
        var r = bench("--autotune");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("end to end: dense") && r.out().contains("ideal") && r.out().contains("6→16 5x5 @14x14"), r.out());
    }

    @Test
    void missingOrWrongOrCorruptTicketsFailWithOneLine() throws Exception {
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        byte[] bytes = Files.readAllBytes(round.resolve("ticket.safetensors"));
        Files.write(corrupt.resolve("ticket.safetensors"), Arrays.copyOf(bytes, bytes.length / 2));
        String[][] cases = {{dir.resolve("nope").toString(), "does not exist"}, {dir.toString(), "not a ticket round directory"},
                {corrupt.toString(), "ticket.safetensors"}};
        for (String[] c : cases) {
            var r = CliTest.run("bench", "ticket", c[0]);
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }

    @Test
    void badOptionsExitWith2() {
        for (String[] c : new String[][] {{"--batch", "0"}, {"--repeats", "0"}, {"--warmup", "-1"}, {"--threads", "0"}, {"--image-size", "0"},
                {"--batch", "x"}}) {
            var r = bench(c);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
        }
        assertEquals(2, CliTest.run("bench", "ticket").code(), "DIR is required");
    }

    @Test
    void onOpenClEachLayerSaysWhereItRanAndTheTicketMatchesTheCpu() throws Exception {
        var r = bench("--device", "opencl", "--json");
        BenchSparseCommandTest.skipUnlessDevice(r);
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        String name = OpenClDevices.best().get().getName().trim();
        assertEquals(name, j.get("device").asText(), r.out());
        double err = j.get("max_rel_error").asDouble(-1);
        assertTrue(err >= 0 && err <= 1e-4, r.out());
        assertTrue(!j.get("compact").asBoolean(), "a device plan runs layer by layer: " + r.out());
        for (JsonNode l : j.get("layers")) {
            assertEquals(name, l.get("dense_device").asText(), "lenet5's dense convs all have a device twin: " + l);
            assertEquals(l.get("kernel").asText().equals("csr") ? "cpu" : name, l.get("device").asText(), l.toString());
        }
        var table = bench("--device", "opencl");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("device: " + name) && table.out().contains("device/"), table.out());
    }

    @Test
    void unknownDeviceIsAUsageError() {
        var r = bench("--device", "nope");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--device must be cpu, opencl or auto, got 'nope'"), r.err());
    }
}
