package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt lottery} and {@code slt compare}: usage errors, the files of a tiny run, refusing and resuming. */
class LotteryCommandTest {

    @TempDir
    Path dir;

    private static String[] tiny(String command, Path out, String... more) {
        var args = new ArrayList<>(List.of(command, "--model", "lenet5", "--rounds", "2", "--epochs", "1", "--batch", "32", "--lr", "0.05",
                "--limit-train", "128", "--limit-test", "100", "--threads", "1", "--seed", "3", "--out", out.toString()));
        for (int i = 0; i < more.length; i++) {   // an option given in more replaces its default here
            int at = more[i].startsWith("--") ? args.indexOf(more[i]) : -1;
            if (at > 0 && at + 1 < args.size() && !args.get(at + 1).startsWith("--")) args.subList(at, at + 2).clear();
        }
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static JsonNode json(Path f) throws Exception {
        return new ObjectMapper().readTree(f.toFile());
    }

    @Test
    void badValuesAreUsageErrorsWithTheReason() {
        Path out = dir.resolve("x");
        record Case(String[] args, String reason) {}
        for (var c : List.of(
                new Case(new String[] {"--rate", "0"}, "rate must be in (0, 1)"),
                new Case(new String[] {"--rate", "1.5"}, "rate must be in (0, 1)"),
                new Case(new String[] {"--method", "lth"}, "unknown method 'lth'"),
                new Case(new String[] {"--rewind-epoch", "1"}, "rewind epoch must be in [0, epochs)"),
                new Case(new String[] {"--rounds", "0"}, "rounds must be >= 1"),
                new Case(new String[] {"--method", "imp", "--postprocess", "in-loop"}, "in-loop needs a structural method"),
                new Case(new String[] {"--model", "alexnet"}, "unknown model 'alexnet'"))) {
            var r = TrainCommandTest.run(tiny("lottery", out, c.args()));
            assertEquals(2, r.code(), String.join(" ", c.args()) + ": " + r.err());
            assertTrue(r.err().contains(c.reason()), r.err());
        }
        var r = TrainCommandTest.run(tiny("compare", out, "--methods", "imp,nope"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown method 'nope'"), r.err());
        assertTrue(Files.notExists(out), "nothing is written on a usage error");
    }

    @Test
    void lotteryWritesTablePlotsAndFilesThenRefusesOrResumes() throws Exception {
        Path out = dir.resolve("run");
        var r = TrainCommandTest.run(tiny("lottery", out, "--method", "refill"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("round") && r.out().contains("dense"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("2 ")), "a row for round 2: " + r.out());
        assertTrue(r.err().contains("round 2: ticket training"), r.err());
        for (String f : List.of("summary.json", "accuracy.png", "config.json", "dense.safetensors", "rewind.safetensors",
                "round-1/ticket.safetensors", "round-1/report.json", "round-2/masks.png", "round-2/imp.safetensors"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
        JsonNode s = json(out.resolve("summary.json"));
        assertEquals(2, s.get("rounds").size());

        var again = TrainCommandTest.run(tiny("lottery", out, "--method", "refill"));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--resume"), again.err());

        var resumed = TrainCommandTest.run(tiny("lottery", out, "--method", "refill", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("round 2: ticket training: done before, skipped"), resumed.err());
        assertEquals(s, json(out.resolve("summary.json")));

        var other = TrainCommandTest.run(tiny("lottery", out, "--method", "refill", "--resume", "--rate", "0.3"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("cannot resume"), other.err());
    }

    @Test
    void compareSharesTheDensePhaseAndTheImpChainAndWritesOneTableAndPlot() throws Exception {
        Path out = dir.resolve("cmp");
        var r = TrainCommandTest.run(tiny("compare", out, "--methods", "imp,refill", "--rounds", "1"));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("dense training (")).count(), r.err());
        assertTrue(r.err().contains("refill: dense training: done before, skipped"), r.err());
        assertFalse(r.err().contains("IMP ticket training (weight density"), "the IMP chain is trained once, by imp: " + r.err());
        assertTrue(r.err().contains("refill: round 1: IMP ticket training (the IMP ticket of"), "refill reuses imp's IMP ticket: " + r.err());
        for (String f : List.of("compare.md", "compare.csv", "compare.json", "compare.png", "dense/dense.safetensors", "imp/summary.json",
                "refill/round-1/ticket.safetensors", "refill/accuracy.png"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
        JsonNode j = json(out.resolve("compare.json"));
        assertEquals(List.of("imp", "refill"), iterable(j.get("methods").fieldNames()));
        assertTrue(j.get("dense").has("test_accuracy"));
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("method,round,weight_density"), csv.get(0));
        assertTrue(r.out().contains("| refill | 1 |"), r.out());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        var out = new ArrayList<String>();
        it.forEachRemaining(out::add);
        return out;
    }
}
