package dev.slt.pruning.graph;

import dev.slt.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the reports count for a ticket (METHOD.md, "What the reports count"), per conv and overall.
 * A conv is prunable when the mask names it. Weight and channel density are over the prunable convs;
 * FLOP density is over every conv (an unnamed conv counts as all ones, so the stem is credited for
 * nothing but a layer after it can lose columns to dead channels); linear layers are not counted.
 *
 * @param weightDensity     mask non-zeros / prunable weights
 * @param channelDensity    prunable output channels with any non-zero / prunable output channels
 * @param flopDensity       ticket multiply-adds / dense multiply-adds over all convs
 * @param parameterSparsity masked-out weights / all trainable parameters of the model
 */
public record TicketStats(List<Layer> layers, double weightDensity, double channelDensity, double flopDensity,
                          double parameterSparsity, long denseMacs, long ticketMacs) {

    /**
     * One conv. {@code ticketMacs = nnz(live part of the mask) * outH * outW}, where a weight is in
     * the live part when its input channel is not dead ({@link ChannelGraph#deadInputs}).
     */
    public record Layer(String weight, boolean prunable, long weights, long nonzero, int outChannels, int keptOutChannels,
                        int deadInputChannels, int outH, int outW, long denseMacs, long ticketMacs) {

        public double weightDensity() {
            return (double) nonzero / weights;
        }

        public double channelDensity() {
            return (double) keptOutChannels / outChannels;
        }

        public double flopDensity() {
            return (double) ticketMacs / denseMacs;
        }
    }

    public TicketStats {
        layers = List.copyOf(layers);
    }

    /** The statistics of {@code mask} on {@code model} for square inputs of side {@code imageSize}. */
    public static TicketStats of(Module model, Map<String, float[]> mask, int imageSize) {
        return of(ChannelGraph.of(model), model, mask, imageSize);
    }

    public static TicketStats of(ChannelGraph graph, Module model, Map<String, float[]> mask, int imageSize) {
        MaskCheck.check(graph, mask);
        Map<String, int[]> sizes = Geometry.outputSizes(graph, imageSize);
        var layers = new ArrayList<Layer>();
        long pw = 0, pnz = 0, pc = 0, pkc = 0, dense = 0, ticket = 0;
        for (var node : graph.nodes().values()) {
            Layer l = layer(graph, node, mask, sizes.get(node.weight()));
            layers.add(l);
            dense += l.denseMacs();
            ticket += l.ticketMacs();
            if (l.prunable()) {
                pw += l.weights();
                pnz += l.nonzero();
                pc += l.outChannels();
                pkc += l.keptOutChannels();
            }
        }
        return new TicketStats(layers, pw == 0 ? 1 : (double) pnz / pw, pc == 0 ? 1 : (double) pkc / pc,
                dense == 0 ? 1 : (double) ticket / dense, (double) (pw - pnz) / model.parameterCount(), dense, ticket);
    }

    private static Layer layer(ChannelGraph graph, ChannelGraph.Node node, Map<String, float[]> mask, int[] hw) {
        var shape = node.conv().weight().shape();
        int cout = shape.dim(0), cinPerGroup = shape.dim(1), taps = shape.dim(2) * shape.dim(3);
        int outPerGroup = cout / node.conv().groups();
        float[] m = mask.get(node.weight());
        boolean[] dead = graph.deadInputs(node.weight(), mask);
        boolean[] dropped = graph.droppedOutputs(node.weight(), mask);
        long nonzero = 0, live = 0;
        int kept = 0, deadCount = 0;
        for (boolean d : dead) if (d) deadCount++;
        for (int o = 0; o < cout; o++) {
            if (!dropped[o]) kept++;
            int firstInput = (o / outPerGroup) * cinPerGroup;
            for (int j = 0; j < cinPerGroup; j++) {
                for (int t = 0; t < taps; t++) {
                    boolean on = m == null || m[(o * cinPerGroup + j) * taps + t] != 0f; // (C_out, C_in/g, k*k)
                    if (!on) continue;
                    nonzero++;
                    if (!dead[firstInput + j]) live++;
                }
            }
        }
        long positions = (long) hw[0] * hw[1];
        long weights = shape.size();
        return new Layer(node.weight(), m != null, weights, nonzero, cout, kept, deadCount, hw[0], hw[1],
                weights * positions, live * positions);
    }
}
