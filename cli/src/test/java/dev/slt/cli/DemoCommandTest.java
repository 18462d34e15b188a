package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt demo}: usage errors, and the whole pipeline shrunk ({@code --smoke}): table, demo.json, report.html, resume, force. */
class DemoCommandTest {

    @TempDir
    Path dir;

    private static TrainCommandTest.Result demo(Path out, String... more) {
        var args = new ArrayList<>(List.of("demo", "--smoke", "--out", out.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--threads")) args.addAll(List.of("--threads", "1"));
        return TrainCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void badOptionsAreUsageErrorsAndTouchNothing() throws Exception {
        Path out = dir.resolve("x");
        record Case(String[] args, String reason) {}
        for (var c : List.of(new Case(new String[] {"--resume", "--force"}, "contradict"),
                new Case(new String[] {"--threads", "0"}, "--threads must be >= 1"),
                new Case(new String[] {"--rounds", "3"}, "Unknown option"))) {
            var r = demo(out, c.args());
            assertEquals(2, r.code(), String.join(" ", c.args()) + ": " + r.err());
            assertTrue(r.err().contains(c.reason()), r.err());
        }
        assertTrue(Files.notExists(out), "nothing is written on a usage error");
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("thesis.tex"), "precious");
        var r = demo(mine);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("pass --resume to continue the demo there, --force to delete it"), r.err());
        r = demo(mine, "--force");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("does not look like a demo folder"), r.err());
        assertEquals("precious", Files.readString(mine.resolve("thesis.tex")));
    }

    @Test
    void smokeDemoPrintsTheTableAndWritesSelfContainedReportThenResumesOrStartsAfresh() throws Exception {
        Path out = dir.resolve("demo");
        var r = demo(out);
        assertEquals(0, r.code(), r.err());
        List<String> table = tableLines(r.out());
        assertEquals(1 + 1 + 3 * DemoSettings.SMOKE.rounds(), table.size(), r.out());
        assertTrue(table.getFirst().matches("method\\s+round\\s+density\\s+test acc\\s+measured\\s+ideal"), table.getFirst());
        assertTrue(table.get(1).startsWith("dense "), table.get(1));
        for (String m : DemoSettings.METHODS)
            assertEquals(DemoSettings.SMOKE.rounds(), table.stream().filter(l -> l.startsWith(m + " ")).count(), m + " rows: " + r.out());
        assertTrue(r.err().contains("demo [1/" + (DemoSettings.SMOKE.trainings() + 1) + "] dense training"), r.err());
        assertTrue(r.err().contains("ETA"), r.err());

        JsonNode json = new ObjectMapper().readTree(out.resolve("demo.json").toFile());
        for (String k : List.of("settings", "dense", "rows", "run")) assertTrue(json.has(k), "demo.json lacks " + k);
        assertEquals(table.size() - 1, json.get("rows").size());
        for (JsonNode row : json.get("rows"))
            for (String k : List.of("method", "round", "density", "test_accuracy", "measured_speedup", "ideal_speedup"))
                assertTrue(row.has(k), "a row lacks " + k + ": " + row);
        JsonNode last = json.get("rows").get(json.get("rows").size() - 1);
        assertEquals("regroup", last.get("method").asText());
        assertTrue(last.get("density").asDouble() < 0.5 && last.get("ideal_speedup").asDouble() > 1, last.toString());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "report.html embeds its pictures");
        assertEquals(2 + DemoSettings.METHODS.size(), Pattern.compile("<img ").matcher(html).results().count(), "plots and mask pictures");
        long sources = Pattern.compile("src\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).results().count();
        assertEquals(sources, Pattern.compile("src=\"data:image/png;base64,").matcher(html).results().count(), "every src is a data: URI");
        assertFalse(Pattern.compile("https?://|href\\s*=|@import|url\\(", Pattern.CASE_INSENSITIVE).matcher(html).find(), "nothing from the network");
        assertFalse(html.toLowerCase().contains("<script"), "no scripts");
        assertTrue(html.contains("<td>refill</td>"), "the table is in the page");
        assertTrue(Files.isRegularFile(out.resolve("refill/round-1/imp.safetensors")), "IMP's ticket is shared with refill");

        var again = demo(out);
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("--resume"), again.err());

        var resumed = demo(out, "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("done before, skipped"), resumed.err());
        assertFalse(resumed.err().contains("epoch 1/1 step"), "nothing is trained again: " + resumed.err());
        assertEquals(withoutTimes(table), withoutTimes(tableLines(resumed.out())));

        var fresh = demo(out, "--force");
        assertEquals(0, fresh.code(), fresh.err());
        assertTrue(fresh.err().contains("dense training"), fresh.err());
        assertEquals(withoutTimes(table), withoutTimes(tableLines(fresh.out())), "the same seed gives the same table");
    }

    /** The header and rows of the printed table. */
    private static List<String> tableLines(String out) {
        var lines = out.lines().toList();
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith("method ")) at++;
        var t = new ArrayList<String>();
        for (int i = at; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("measured") && !lines.get(i).startsWith("wrote"); i++)
            t.add(lines.get(i));
        return t;
    }

    /** Rows without the measured speedup (a timing, different every run). */
    private static List<String> withoutTimes(List<String> table) {
        return table.stream().map(l -> {
            var cells = new ArrayList<>(List.of(l.trim().split("\\s+")));
            cells.remove(cells.size() - 2);
            return String.join(" ", cells);
        }).toList();
    }
}
