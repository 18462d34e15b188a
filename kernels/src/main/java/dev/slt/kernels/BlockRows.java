package dev.slt.kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks rewritten so that no output row is in two of them, for kernels that write each row once
 * ({@link PositionConv}). Rows are grouped by the list of blocks that reach them; a group reached by one block
 * is that block's rows, and a group reached by several gets one block whose columns are those blocks'
 * column lists one after another (a column may then appear twice) with each row's weights from each block:
 * the same products, summed in the same order as block after block.
 */
final class BlockRows {

    private BlockRows() {}

    /** Row-disjoint blocks with at least one row and one column, covering the rows in [0, rows) the blocks reach with columns. */
    static List<SparseBlock> disjoint(List<SparseBlock> blocks, int rows) {
        List<List<Integer>> reach = new ArrayList<>();
        for (int r = 0; r < rows; r++) reach.add(new ArrayList<>());
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).cols().length == 0) continue;
            for (int r : blocks.get(b).rows()) reach.get(r).add(b);
        }
        Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++)
            if (!reach.get(r).isEmpty()) groups.computeIfAbsent(reach.get(r), k -> new ArrayList<>()).add(r);
        List<SparseBlock> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Integer> members = e.getKey(), group = e.getValue();
            int k = 0;
            for (int b : members) k += blocks.get(b).cols().length;
            int[] rowIdx = group.stream().mapToInt(Integer::intValue).toArray(), cols = new int[k];
            float[] w = new float[rowIdx.length * k];
            int at = 0;
            for (int m = 0; m < members.size(); m++) {
                int b = members.get(m);
                SparseBlock blk = blocks.get(b);
                int kb = blk.cols().length, occurrence = java.util.Collections.frequency(members.subList(0, m), b);
                System.arraycopy(blk.cols(), 0, cols, at, kb);
                for (int i = 0; i < rowIdx.length; i++) {
                    int local = indexOf(blk.rows(), rowIdx[i], occurrence);
                    System.arraycopy(blk.weights(), local * kb, w, i * k + at, kb);
                }
                at += kb;
            }
            out.add(new SparseBlock(rowIdx, cols, w));
        }
        return out;
    }

    /** Position of the {@code occurrence}-th (from 0) {@code v} in {@code a}: a row listed twice in a block adds twice. */
    private static int indexOf(int[] a, int v, int occurrence) {
        for (int i = 0; i < a.length; i++) if (a[i] == v && occurrence-- == 0) return i;
        throw new IllegalStateException("row " + v + " not in block");
    }
}
