package dev.slt.pruning.regroup;

import java.util.Arrays;

/**
 * The column set of one part's block (METHOD.md, Algorithm 3, step 3). Columns are ordered by their
 * non-zeros within the part, descending (ties: lower column first); the set {@code Cb} grows along
 * that order and stops at the first width {@code w} with {@code w > t1 · outside(r)} for every row
 * {@code r} of the part, where {@code outside(r)} counts r's non-zeros in columns not yet in
 * {@code Cb}. Every row's count is updated for the column just added (the SLT correction of the
 * released code's bookkeeping). If no width satisfies the rule, {@code Cb} is every column.
 */
final class BlockExtractor {

    private BlockExtractor() {}

    /**
     * @param h        hypergraph of the whole mask (vertex degree = row non-zeros)
     * @param part     part of every vertex
     * @param members  vertices of part {@code p}
     * @param cols     columns of the mask
     * @return the block's columns, ascending
     */
    static int[] columns(Hypergraph h, int[] part, int p, int[] members, int cols, double t1) {
        int[] vStart = h.vertexStart(), vNets = h.vertexNets(), netStart = h.netStart(), pins = h.netPins();
        int[] inPart = new int[h.netCount()];
        int maxOut = 0;
        int[] outside = new int[members.length];
        int[] local = new int[h.vertexCount()];
        for (int i = 0; i < members.length; i++) {
            int v = members[i];
            local[v] = i;
            outside[i] = vStart[v + 1] - vStart[v];
            maxOut = Math.max(maxOut, outside[i]);
            for (int q = vStart[v]; q < vStart[v + 1]; q++) inPart[vNets[q]]++;
        }
        int[] histogram = new int[maxOut + 1];                  // rows per outside count
        for (int o : outside) histogram[o]++;

        int[] order = byCountDescending(inPart, members.length); // nets with a pin in the part
        for (int w = 1; w <= order.length; w++) {
            int e = order[w - 1];
            for (int q = netStart[e]; q < netStart[e + 1]; q++) {
                int u = pins[q];
                if (part[u] != p) continue;
                int i = local[u];
                histogram[outside[i]]--;
                histogram[--outside[i]]++;
            }
            while (maxOut > 0 && histogram[maxOut] == 0) maxOut--;
            if (w > t1 * maxOut) {
                int[] cb = new int[w];
                for (int k = 0; k < w; k++) cb[k] = h.netLabel(order[k]);
                Arrays.sort(cb);
                return cb;
            }
        }
        // unreachable for non-empty rows (outside reaches 0 once every touched column is in),
        // kept because the method says so
        int[] all = new int[cols];
        for (int c = 0; c < cols; c++) all[c] = c;
        return all;
    }

    /** Nets with a positive count, by count descending then net id ascending (a counting sort). */
    private static int[] byCountDescending(int[] count, int maxCount) {
        int[] start = new int[maxCount + 2];
        int touched = 0;
        for (int c : count) if (c > 0) { start[maxCount - c + 1]++; touched++; }
        for (int k = 0; k <= maxCount; k++) start[k + 1] += start[k];
        int[] order = new int[touched];
        for (int e = 0; e < count.length; e++) {
            int c = count[e];
            if (c > 0) order[start[maxCount - c]++] = e;
        }
        return order;
    }
}
