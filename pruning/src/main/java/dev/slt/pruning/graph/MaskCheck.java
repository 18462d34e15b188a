package dev.slt.pruning.graph;

import java.util.Map;

/** Checks a plain conv mask against a model's graph: known conv weights, right sizes, 0/1 values. */
final class MaskCheck {

    private MaskCheck() {}

    static void check(ChannelGraph graph, Map<String, float[]> mask) {
        for (var e : mask.entrySet()) {
            String name = e.getKey();
            if (!graph.nodes().containsKey(name))
                throw new IllegalArgumentException("mask: '" + name + "' is not a conv weight of the model; conv weights: "
                        + graph.nodes().keySet());
            float[] m = e.getValue();
            int size = graph.node(name).conv().weight().size();
            if (m == null || m.length != size)
                throw new IllegalArgumentException("mask: '" + name + "' has " + (m == null ? "no" : m.length)
                        + " values but the weight has " + size);
            for (float v : m)
                if (v != 0f && v != 1f) throw new IllegalArgumentException("mask: '" + name + "' holds " + v + ", not 0 or 1");
        }
    }
}
