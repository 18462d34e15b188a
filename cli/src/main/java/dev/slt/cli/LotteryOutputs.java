package dev.slt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.pruning.Mask;
import dev.slt.pruning.lottery.LotteryRunner;
import dev.slt.pruning.lottery.RoundResult;
import dev.slt.pruning.lottery.RunPaths;
import dev.slt.pruning.lottery.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the lottery commands share around a run: the start checks, the plots and the mask pictures. */
final class LotteryOutputs {

    private LotteryOutputs() {}

    /** Without --resume, a folder that already holds files is refused (the caller turns the message into exit 2). */
    static String refusal(Path out, boolean resume) {
        if (resume || !Files.isDirectory(out)) return null;
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent())
                return out + " already holds a run; pass --resume to continue it (the config must match), or choose another --out";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out + ": " + e.getMessage(), e);
        }
        return null;
    }

    /** accuracy.png and each round's masks.png. */
    static void write(RunPaths paths, LotteryRunner.Result r) {
        String m = r.config().method();
        var series = new LinkedHashMap<String, List<LotteryPlot.Point>>();
        var imp = new ArrayList<LotteryPlot.Point>();
        var ticket = new ArrayList<LotteryPlot.Point>();
        for (RoundResult row : r.rounds()) {
            if (row.impTestAccuracy() != null) imp.add(new LotteryPlot.Point(row.weightDensity(), row.impTestAccuracy()));
            ticket.add(new LotteryPlot.Point(row.ticketWeightDensity(), nan(row.ticketTestAccuracy())));
        }
        if (!imp.isEmpty()) series.put("IMP", imp);
        if (!m.equals("imp")) series.put(m + " ticket", ticket);
        LotteryPlot.write(paths.accuracyPlot(), r.config().model() + " on " + r.config().dataset() + ": " + m, series, nan(r.dense().testAccuracy()));
        for (RoundResult row : r.rounds()) {
            var c = Safetensors.read(paths.masks(row.round())).tensors();
            MaskPicture.write(paths.maskPicture(row.round()), Mask.fromTensors(c, Ticket.IMP_MASK_PREFIX), Mask.fromTensors(c, Ticket.MASK_PREFIX),
                    blockRowOrder(paths.report(row.round())), m + ", round " + row.round());
        }
    }

    /** Per layer with blocks (report.json): the rows of each block in turn, then the rows in no block. */
    static Map<String, int[]> blockRowOrder(Path report) {
        JsonNode layers;
        try {
            layers = new ObjectMapper().readTree(report.toFile()).get("layers");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report + ": " + e.getMessage(), e);
        }
        var out = new LinkedHashMap<String, int[]>();
        for (JsonNode l : layers) {
            if (l.get("blocks").isEmpty()) continue;
            int rows = l.get("rows").asInt();
            var order = new LinkedHashSet<Integer>();
            for (JsonNode b : l.get("blocks")) for (JsonNode r : b.get("row_indices")) order.add(r.asInt());
            for (int r = 0; r < rows; r++) order.add(r);
            out.put(l.get("layer").asText(), order.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
