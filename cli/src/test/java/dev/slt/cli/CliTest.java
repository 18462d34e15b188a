package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesSltJvmAndSimdWidth() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("slt "), r.out());
        assertTrue(r.out().contains("SIMD"), r.out());
    }

    @Test
    void helpListsTheSubcommands() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("bench") && r.out().contains("demo"), r.out());
    }

    @Test
    void unknownOptionOrCommandIsAUsageError() {
        assertEquals(2, run("--no-such-option").code());
        Result r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"), r.err());
    }

    @Test
    void demoHelpListsItsOptionsButNotTheTestOnlyOne() {
        Result r = run("demo", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--out", "--resume", "--force", "--threads"}) assertTrue(r.out().contains(o), r.out());
        assertTrue(!r.out().contains("--smoke"), r.out());
    }

    @Test
    void benchGemmRejectsBadValuesWithExitCode2() {
        Result size = run("bench", "gemm", "--size", "0");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("--size"), size.err());
        Result device = run("bench", "gemm", "--device", "tpu");
        assertEquals(2, device.code());
        assertTrue(device.err().contains("--device"), device.err());
        assertEquals(2, run("bench", "gemm", "--threads", "0").code());
    }

    @Test
    void benchGemmJsonHasTheDocumentedFields() throws Exception {
        Result r = run("bench", "gemm", "--size", "33", "--threads", "1", "--repeats", "1", "--warmup", "0.05", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(33, j.get("size").asInt());
        assertEquals(1, j.get("threads").asInt());
        assertEquals("cpu", j.get("device").asText());
        double gflops = j.get("gflops").asDouble(), peak = j.get("peak_gflops").asDouble();
        assertTrue(gflops > 0 && peak > 0, r.out());
        assertEquals(gflops / peak, j.get("ratio").asDouble(), 0.01, r.out());  // one repeat: the plain quotient
    }
}
