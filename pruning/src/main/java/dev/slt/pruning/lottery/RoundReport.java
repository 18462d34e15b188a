package dev.slt.pruning.lottery;

import dev.slt.nn.Module;
import dev.slt.pruning.Mask;
import dev.slt.pruning.graph.TicketStats;
import dev.slt.pruning.post.Block;
import dev.slt.pruning.post.LayerReport;
import dev.slt.pruning.post.Structured;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code round-K/report.json}: for the IMP mask and the ticket mask, the totals of {@link TicketStats};
 * per prunable layer its shape, densities and live channels before (IMP) and after post-processing,
 * regroup's blocks (height × width and their indices), whether it kept its unstructured mask, and
 * its multiply-adds dense, under the IMP mask and under the ticket mask.
 */
final class RoundReport {

    private RoundReport() {}

    static Map<String, Object> of(int round, LotteryConfig config, Structured post, Mask imp, TicketStats impStats, TicketStats ticketStats) {
        var out = new LinkedHashMap<String, Object>();
        out.put("round", round);
        out.put("method", config.method());
        out.put("post_processor", config.methodValue().postProcessor());
        out.put("imp", totals(impStats));
        out.put("ticket", totals(ticketStats));
        Map<String, TicketStats.Layer> impLayers = byName(impStats), ticketLayers = byName(ticketStats);
        var layers = new ArrayList<Map<String, Object>>();
        for (LayerReport r : post.layers()) {
            var l = new LinkedHashMap<String, Object>();
            l.put("layer", r.layer());
            l.put("shape", imp.shape(r.layer()));
            l.put("rows", r.rows());
            l.put("cols", r.cols());
            l.put("density_before", r.densityBefore());
            l.put("density_after", r.densityAfter());
            l.put("channels_before", r.channelsBefore());
            l.put("kept_channels", r.keptChannels());
            l.put("kept_unstructured", r.keptUnstructured());
            var blocks = new ArrayList<Map<String, Object>>();
            for (Block b : r.blocks()) {
                var bm = new LinkedHashMap<String, Object>();
                bm.put("rows", b.rows().length);
                bm.put("cols", b.cols().length);
                bm.put("row_indices", b.rows());
                bm.put("col_indices", b.cols());
                blocks.add(bm);
            }
            l.put("blocks", blocks);
            TicketStats.Layer i = impLayers.get(r.layer()), t = ticketLayers.get(r.layer());
            if (i != null && t != null) {
                l.put("out_hw", new int[] {t.outH(), t.outW()});
                l.put("dense_macs", t.denseMacs());
                l.put("imp_macs", i.ticketMacs());
                l.put("ticket_macs", t.ticketMacs());
                l.put("ticket_dead_input_channels", t.deadInputChannels());
            }
            layers.add(l);
        }
        out.put("layers", layers);
        return out;
    }

    private static Map<String, TicketStats.Layer> byName(TicketStats s) {
        var m = new LinkedHashMap<String, TicketStats.Layer>();
        for (TicketStats.Layer l : s.layers()) m.put(l.weight(), l);
        return m;
    }

    private static Map<String, Object> totals(TicketStats s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("weight_density", s.weightDensity());
        m.put("channel_density", s.channelDensity());
        m.put("flop_density", s.flopDensity());
        m.put("parameter_sparsity", s.parameterSparsity());
        m.put("dense_macs", s.denseMacs());
        m.put("macs", s.ticketMacs());
        return m;
    }

}
