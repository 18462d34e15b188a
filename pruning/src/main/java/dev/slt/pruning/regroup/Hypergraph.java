package dev.slt.pruning.regroup;

/**
 * The hypergraph of a mask (METHOD.md, Algorithm 3, step 1): a vertex per non-empty row, a net
 * (hyperedge) per non-empty column joining the rows that are non-zero in it. Stored as compact CSR
 * both ways: net → pins ({@code netStart}, {@code netPins}) and vertex → nets ({@code vertexStart},
 * {@code vertexNets}); pins of a net and nets of a vertex are ascending. {@code vertexLabel[v]} and
 * {@code netLabel[e]} give the row and column of the mask they stand for.
 *
 * <p>Arrays are shared, not copied: treat them as read-only.
 */
public final class Hypergraph {

    private final int vertexCount;
    private final int[] netStart, netPins, vertexStart, vertexNets, vertexLabel, netLabel;

    private Hypergraph(int vertexCount, int[] netStart, int[] netPins, int[] vertexLabel, int[] netLabel) {
        this.vertexCount = vertexCount;
        this.netStart = netStart;
        this.netPins = netPins;
        this.vertexLabel = vertexLabel;
        this.netLabel = netLabel;
        // vertex -> nets by counting sort over the pins: O(pins), nets come out ascending
        int nets = netStart.length - 1;
        int[] start = new int[vertexCount + 1];
        for (int p = 0; p < netPins.length; p++) start[netPins[p] + 1]++;
        for (int v = 0; v < vertexCount; v++) start[v + 1] += start[v];
        int[] fill = new int[vertexCount];
        int[] list = new int[netPins.length];
        for (int e = 0; e < nets; e++)
            for (int p = netStart[e]; p < netStart[e + 1]; p++) {
                int v = netPins[p];
                list[start[v] + fill[v]++] = e;
            }
        this.vertexStart = start;
        this.vertexNets = list;
    }

    /**
     * The hypergraph of a row-major 0/1 {@code mask} of {@code rows × cols}: O(rows·cols) to read the
     * mask, O(nnz) to build.
     *
     * @throws IllegalArgumentException if the sizes disagree or an entry is neither 0 nor 1
     */
    public static Hypergraph fromMask(float[] mask, int rows, int cols) {
        requireMask(mask, rows, cols);
        int[] rowVertex = new int[rows];
        int[] colCount = new int[cols];
        int vertices = 0;
        long nnz = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols, before = (int) nnz;
            for (int c = 0; c < cols; c++) {
                float m = mask[base + c];
                if (m == 1f) { colCount[c]++; nnz++; }
                else if (m != 0f)
                    throw new IllegalArgumentException("mask entry (" + r + ", " + c + ") is " + m + ", expected 0 or 1");
            }
            rowVertex[r] = nnz > before ? vertices++ : -1;
        }
        int[] vertexLabel = new int[vertices];
        for (int r = 0; r < rows; r++) if (rowVertex[r] >= 0) vertexLabel[rowVertex[r]] = r;
        int nets = 0;
        for (int c = 0; c < cols; c++) if (colCount[c] > 0) nets++;
        int[] netLabel = new int[nets];
        int[] netStart = new int[nets + 1];
        int[] colNet = new int[cols];
        for (int c = 0, e = 0; c < cols; c++) {
            if (colCount[c] == 0) { colNet[c] = -1; continue; }
            colNet[c] = e;
            netLabel[e] = c;
            netStart[e + 1] = netStart[e] + colCount[c];
            e++;
        }
        int[] pins = new int[(int) nnz];
        int[] fill = new int[nets];
        for (int r = 0; r < rows; r++) {
            int v = rowVertex[r];
            if (v < 0) continue;
            int base = r * cols;
            for (int c = 0; c < cols; c++)
                if (mask[base + c] == 1f) {
                    int e = colNet[c];
                    pins[netStart[e] + fill[e]++] = v;
                }
        }
        return new Hypergraph(vertices, netStart, pins, vertexLabel, netLabel);
    }

    /**
     * A hypergraph given by its nets: {@code netPins[netStart[e] .. netStart[e+1])} are the vertices
     * of net {@code e}, each in {@code [0, vertexCount)}, ascending, no repeats. Labels are the identity.
     */
    public static Hypergraph fromNets(int vertexCount, int[] netStart, int[] netPins) {
        if (vertexCount < 0) throw new IllegalArgumentException("vertexCount must be >= 0, got " + vertexCount);
        if (netStart == null || netStart.length == 0 || netStart[0] != 0 || netPins == null
                || netStart[netStart.length - 1] != netPins.length)
            throw new IllegalArgumentException("netStart must start at 0 and end at netPins.length");
        for (int e = 0; e + 1 < netStart.length; e++)
            for (int p = netStart[e]; p < netStart[e + 1]; p++) {
                int v = netPins[p];
                if (v < 0 || v >= vertexCount || (p > netStart[e] && v <= netPins[p - 1]))
                    throw new IllegalArgumentException("net " + e + " pins must be ascending vertices in [0, "
                            + vertexCount + "), got " + v);
            }
        int[] vl = new int[vertexCount];
        for (int v = 0; v < vertexCount; v++) vl[v] = v;
        int[] nl = new int[netStart.length - 1];
        for (int e = 0; e < nl.length; e++) nl[e] = e;
        return new Hypergraph(vertexCount, netStart, netPins, vl, nl);
    }

    /**
     * The sub-hypergraph on {@code vertices} (ascending indices of this one), with net splitting:
     * each net keeps its pins inside the subset and survives only if at least 2 remain (a net with
     * one pin can never be cut). Labels carry over.
     */
    Hypergraph induced(int[] vertices) {
        int[] local = new int[vertexCount];
        java.util.Arrays.fill(local, -1);
        for (int i = 0; i < vertices.length; i++) local[vertices[i]] = i;
        int nets = netStart.length - 1, kept = 0, pinCount = 0;
        for (int e = 0; e < nets; e++) {
            int k = 0;
            for (int p = netStart[e]; p < netStart[e + 1]; p++) if (local[netPins[p]] >= 0) k++;
            if (k >= 2) { kept++; pinCount += k; }
        }
        int[] start = new int[kept + 1];
        int[] pins = new int[pinCount];
        int[] nl = new int[kept];
        for (int e = 0, out = 0, w = 0; e < nets; e++) {
            int k = 0;
            for (int p = netStart[e]; p < netStart[e + 1]; p++) if (local[netPins[p]] >= 0) k++;
            if (k < 2) continue;
            for (int p = netStart[e]; p < netStart[e + 1]; p++) {
                int l = local[netPins[p]];
                if (l >= 0) pins[w++] = l;
            }
            nl[out] = netLabel[e];
            start[++out] = w;
        }
        int[] vl = new int[vertices.length];
        for (int i = 0; i < vertices.length; i++) vl[i] = vertexLabel[vertices[i]];
        return new Hypergraph(vertices.length, start, pins, vl, nl);
    }

    public int vertexCount() { return vertexCount; }

    public int netCount() { return netStart.length - 1; }

    public int pinCount() { return netPins.length; }

    /** CSR offsets of the nets' pin lists, length {@code netCount()+1}. */
    public int[] netStart() { return netStart; }

    /** Pins (vertex ids) of all nets, net after net. */
    public int[] netPins() { return netPins; }

    /** CSR offsets of the vertices' net lists, length {@code vertexCount()+1}. */
    public int[] vertexStart() { return vertexStart; }

    /** Nets of all vertices, vertex after vertex. */
    public int[] vertexNets() { return vertexNets; }

    /** Row of the mask that vertex {@code v} stands for. */
    public int vertexLabel(int v) { return vertexLabel[v]; }

    /** Column of the mask that net {@code e} stands for. */
    public int netLabel(int e) { return netLabel[e]; }

    static void requireMask(float[] mask, int rows, int cols) {
        if (mask == null) throw new IllegalArgumentException("mask must not be null");
        if (rows < 1 || cols < 1)
            throw new IllegalArgumentException("mask shape must be positive, got " + rows + " x " + cols);
        if ((long) rows * cols != mask.length)
            throw new IllegalArgumentException("mask has " + mask.length + " entries, expected rows*cols = "
                    + rows + "*" + cols + " = " + (long) rows * cols);
    }
}
