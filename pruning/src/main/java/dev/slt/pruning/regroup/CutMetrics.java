package dev.slt.pruning.regroup;

/** Cut measures of a partition of a hypergraph's vertices ({@code part[v]} in {@code [0, parts)}). */
public final class CutMetrics {

    private CutMetrics() {}

    /** Σ over nets of (number of parts the net touches − 1): the objective the partitioner minimises. */
    public static int connectivity(Hypergraph h, int[] part, int parts) {
        return measure(h, part, parts, false);
    }

    /** Number of nets that touch more than one part. */
    public static int cutNets(Hypergraph h, int[] part, int parts) {
        return measure(h, part, parts, true);
    }

    private static int measure(Hypergraph h, int[] part, int parts, boolean netsOnly) {
        if (part.length != h.vertexCount())
            throw new IllegalArgumentException("partition has " + part.length + " entries, expected " + h.vertexCount());
        int[] seen = new int[parts];          // seen[p] == e+1: net e already touched part p
        int[] start = h.netStart(), pins = h.netPins();
        int total = 0;
        for (int e = 0; e < h.netCount(); e++) {
            int lambda = 0;
            for (int q = start[e]; q < start[e + 1]; q++) {
                int p = part[pins[q]];
                if (seen[p] != e + 1) { seen[p] = e + 1; lambda++; }
            }
            if (lambda > 1) total += netsOnly ? 1 : lambda - 1;
        }
        return total;
    }
}
