package dev.slt.pruning.graph;

import dev.slt.nn.Module;
import dev.slt.nn.layers.Conv2d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Who produces the channels each conv consumes. Channels are followed through batch norm, ReLU,
 * pools and flatten unchanged, through a depthwise conv channel {@code i -> i} (the depthwise conv is
 * the producer of its outputs), through an option-A shortcut shifted by its padding (the padded
 * channels have no producer: they are zero), and through a residual sum as the union of both sides'
 * producers. Every conv and the linear head get, per input channel, the set of {@link Source}s summed
 * into it; the image's channels come from {@link #INPUT}.
 *
 * <p>An input channel is dead under a mask when every producer of it dropped it (its output channel
 * is all zero in the mask; a conv the mask does not name drops nothing) — METHOD.md's rule for
 * counting. A depthwise conv passes channel i to channel i, so its output i also counts as dropped
 * when its input i is dead. A dead channel still carries its batch norm's constant {@code beta - gamma*mean/sqrt(var+eps)};
 * counting ignores it, {@link Slimmer} keeps its value exactly.
 */
public final class ChannelGraph {

    /** The producer name of the image's channels. */
    public static final String INPUT = "input";

    /** Output channel {@code channel} of the conv whose weight is {@code conv} (or of {@link #INPUT}). */
    public record Source(String conv, int channel) {}

    /**
     * One conv: its weight name, the layer, and per input channel the sources summed into it.
     * {@code producers} is the union of their conv names.
     */
    public record Node(String weight, Conv2d conv, List<Set<Source>> inputs, Set<String> producers) {}

    /**
     * The linear layer that consumes the last conv channels, per channel (after a flatten, channel c is
     * the block of {@code in_features / channels} columns starting at {@code c * in_features / channels}).
     */
    public record Head(String weight, List<Set<Source>> inputs, Set<String> producers) {}

    private final Program program;
    private final SequencedMap<String, Node> nodes = new LinkedHashMap<>();
    private final List<Set<String>> sums = new ArrayList<>();
    private Head head;

    private ChannelGraph(Program program, int inChannels) {
        this.program = program;
        var image = new ArrayList<Set<Source>>();
        for (int c = 0; c < inChannels; c++) image.add(Set.of(new Source(INPUT, c)));
        walk(program.steps(), image);
    }

    /** The graph of {@code model}; fails naming a module no recipe in {@link Program} knows. */
    public static ChannelGraph of(Module model) {
        Program p = Program.of(model);
        List<Step.Conv> convs = p.convs();
        if (convs.isEmpty()) throw new IllegalArgumentException("channel graph: the model has no conv layer");
        Conv2d first = convs.getFirst().conv();
        return new ChannelGraph(p, first.weight().shape().dim(1) * first.groups());
    }

    private List<Set<Source>> walk(List<Step> steps, List<Set<Source>> stream) {
        for (Step s : steps) {
            if (stream == null) return null; // past the head: no channels to follow
            stream = switch (s) {
                case Step.Conv c -> conv(c, stream);
                case Step.Norm n -> checked(stream, n.bn().weight().size(), n.name());
                case Step.Relu r -> stream;
                case Step.PerChannel p -> stream;
                case Step.Flatten f -> stream;
                case Step.Dense d -> {
                    head = new Head(d.name() + ".weight", stream, producers(stream));
                    yield null;
                }
                case Step.Pad p -> pad(p, stream);
                case Step.Residual r -> residual(r, stream);
            };
        }
        return stream;
    }

    private List<Set<Source>> conv(Step.Conv c, List<Set<Source>> in) {
        String w = c.name() + ".weight";
        Conv2d conv = c.conv();
        int cout = conv.weight().shape().dim(0), cin = conv.weight().shape().dim(1) * conv.groups();
        checked(in, cin, c.name());
        nodes.put(w, new Node(w, conv, in, producers(in)));
        var out = new ArrayList<Set<Source>>(cout);
        for (int o = 0; o < cout; o++) out.add(Set.of(new Source(w, o)));
        return out;
    }

    private static List<Set<Source>> pad(Step.Pad p, List<Set<Source>> in) {
        checked(in, p.shortcut().inChannels(), p.name());
        var out = new ArrayList<Set<Source>>();
        for (int c = 0; c < p.shortcut().outChannels(); c++) {
            int src = c - p.shortcut().pad();
            out.add(src >= 0 && src < in.size() ? in.get(src) : Set.of());
        }
        return out;
    }

    private List<Set<Source>> residual(Step.Residual r, List<Set<Source>> in) {
        List<Set<Source>> a = walk(r.main(), in), b = walk(r.shortcut(), in);
        if (a == null || b == null || a.size() != b.size())
            throw new IllegalArgumentException("channel graph: residual '" + r.name() + "' sums streams of different widths");
        var out = new ArrayList<Set<Source>>(a.size());
        for (int c = 0; c < a.size(); c++) {
            var u = new LinkedHashSet<>(a.get(c));
            u.addAll(b.get(c));
            out.add(Collections.unmodifiableSet(u));
        }
        var group = producers(out);
        group.remove(INPUT);
        sums.add(group);
        return out;
    }

    private static List<Set<Source>> checked(List<Set<Source>> stream, int expected, String name) {
        if (stream.size() != expected)
            throw new IllegalArgumentException("channel graph: '" + name + "' expects " + expected + " channels but receives "
                    + stream.size());
        return stream;
    }

    private static Set<String> producers(List<Set<Source>> stream) {
        var out = new LinkedHashSet<String>();
        for (Set<Source> ch : stream) for (Source s : ch) out.add(s.conv());
        return out;
    }

    // ---------------------------------------------------------------- queries

    /** The steps this graph was derived from. */
    public Program program() {
        return program;
    }

    /** Every conv by weight name, in forward order. */
    public SequencedMap<String, Node> nodes() {
        return Collections.unmodifiableSequencedMap(nodes);
    }

    /** The node of conv weight {@code weight}; fails naming it when the model has no such conv. */
    public Node node(String weight) {
        Node n = nodes.get(weight);
        if (n == null) throw new IllegalArgumentException("channel graph: no conv weight '" + weight + "'; convs: " + nodes.keySet());
        return n;
    }

    /** The linear layer that consumes the final channels, or null when the model ends in a conv. */
    public Head head() {
        return head;
    }

    /**
     * Residual-sum groups: each set holds the convs whose outputs are added into one stream (a block's
     * last conv, projection shortcuts, and, through identity and option-A shortcuts, the earlier
     * members of the chain). Sums that share a producer are merged.
     */
    public List<Set<String>> residualGroups() {
        var groups = new ArrayList<Set<String>>();
        for (Set<String> s : sums) {
            var merged = new LinkedHashSet<>(s);
            for (var it = groups.iterator(); it.hasNext(); ) {
                Set<String> g = it.next();
                if (!Collections.disjoint(g, merged)) {
                    merged.addAll(g);
                    it.remove();
                }
            }
            groups.add(merged);
        }
        return groups.stream().<Set<String>>map(Collections::unmodifiableSet).toList();
    }

    /** For each input channel of conv {@code weight}: dead under {@code mask} (see the class comment). */
    public boolean[] deadInputs(String weight, Map<String, float[]> mask) {
        return dead(node(weight).inputs(), mask, new LinkedHashMap<>());
    }

    /** For each input channel of the head; null when there is no head. */
    public boolean[] deadHeadInputs(Map<String, float[]> mask) {
        return head == null ? null : dead(head.inputs(), mask, new LinkedHashMap<>());
    }

    private boolean[] dead(List<Set<Source>> inputs, Map<String, float[]> mask, Map<String, boolean[]> silent) {
        boolean[] out = new boolean[inputs.size()];
        for (int c = 0; c < out.length; c++) {
            boolean allDropped = true;
            for (Source s : inputs.get(c)) {
                if (s.conv().equals(INPUT) || !silentOutputs(s.conv(), mask, silent)[s.channel()]) {
                    allDropped = false;
                    break;
                }
            }
            out[c] = allDropped;
        }
        return out;
    }

    /**
     * Output channels of {@code weight} that pass nothing on: dropped by the mask, or, for a depthwise
     * conv (channel i -> i), whose one input channel is dead.
     */
    private boolean[] silentOutputs(String weight, Map<String, float[]> mask, Map<String, boolean[]> memo) {
        boolean[] known = memo.get(weight);
        if (known != null) return known;
        Node n = node(weight);
        boolean[] out = droppedOutputs(weight, mask);
        if (isDepthwise(n.conv())) {
            boolean[] in = dead(n.inputs(), mask, memo);
            for (int i = 0; i < out.length; i++) out[i] |= in[i];
        }
        memo.put(weight, out);
        return out;
    }

    /** One input channel per output channel, as many groups as channels. */
    static boolean isDepthwise(Conv2d conv) {
        var shape = conv.weight().shape();
        return conv.groups() > 1 && shape.dim(1) == 1 && shape.dim(0) == conv.groups();
    }

    /** Output channels of conv {@code weight} whose mask row is all zero; none when the mask does not name it. */
    public boolean[] droppedOutputs(String weight, Map<String, float[]> mask) {
        Node n = node(weight);
        int cout = n.conv().weight().shape().dim(0);
        boolean[] out = new boolean[cout];
        float[] m = mask.get(weight);
        if (m == null) return out;
        int row = m.length / cout;
        for (int o = 0; o < cout; o++) {
            boolean zero = true;
            for (int i = o * row; i < (o + 1) * row && zero; i++) zero = m[i] == 0f;
            out[o] = zero;
        }
        return out;
    }
}
