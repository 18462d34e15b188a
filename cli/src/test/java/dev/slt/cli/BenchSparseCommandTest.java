package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt bench sparse}: parsing, the JSON fields, the plot file, and exit 2 with the reason on bad values. */
class BenchSparseCommandTest {

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
}
