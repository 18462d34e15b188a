package dev.slt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.pruning.lottery.DenseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's results as {@code demo.json} (the table's data) and {@code report.html}: one self-contained
 * page (inline CSS, every picture a base64 {@code data:} URI, no script, no link) that opens from disk.
 */
final class DemoReport {

    private DemoReport() {}

    /** The page's pictures: a caption and a PNG file. */
    record Picture(String caption, Path png) {}

    static void writeJson(Path file, DemoSettings settings, DenseResult dense, List<DemoRow> rows, Map<String, Object> run) {
        var json = new LinkedHashMap<String, Object>();
        json.put("settings", settings);
        json.put("dense", dense);
        json.put("rows", rows);
        json.put("run", run);
        try {
            AtomicFiles.write(file, new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeHtml(Path file, String title, List<String> notes, List<DemoRow> rows, List<Picture> plots, List<Picture> masks) {
        var h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.25em .7em}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}\n")
                .append("figure{display:inline-block;margin:.5em}figcaption{font-size:.9em;color:#555}img{max-width:100%}\n")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<ul>\n");
        for (String n : notes) h.append("<li>").append(esc(n)).append("</li>\n");
        h.append("</ul>\n<h2>Results</h2>\n<table>\n<tr><th>method</th><th>round</th><th>density</th><th>test accuracy</th>")
                .append("<th>measured speedup</th><th>ideal speedup</th><th>dense ms</th><th>ticket ms</th></tr>\n");
        for (DemoRow r : rows)
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=n>%d</td><td class=n>%.4f</td><td class=n>%s</td><td class=n>%s</td>"
                    + "<td class=n>%s</td><td class=n>%s</td><td class=n>%s</td></tr>%n", esc(r.method()), r.round(), r.density(),
                    LotteryTable.percent(r.testAccuracy()), DemoRow.times(r.measuredSpeedup()), DemoRow.times(r.idealSpeedup()), ms(r.denseMs()), ms(r.ticketMs())));
        h.append("</table>\n<h2>Accuracy and speed against density</h2>\n");
        figures(h, plots);
        h.append("<h2>Masks of the last round</h2>\n");
        figures(h, masks);
        h.append("</body></html>\n");
        AtomicFiles.write(file, h.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void figures(StringBuilder h, List<Picture> pictures) {
        for (Picture p : pictures) {
            byte[] png;
            try {
                png = Files.readAllBytes(p.png());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p.png() + ": " + e.getMessage(), e);
            }
            h.append("<figure><img alt=\"").append(esc(p.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(p.caption())).append("</figcaption></figure>\n");
        }
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
