package dev.slt.pruning.regroup;

import java.util.List;

/**
 * What regroup made of one layer's mask.
 *
 * @param mask             the new row-major 0/1 mask: ones exactly on the blocks' {@code rows × cols},
 *                         or a copy of the input mask when {@code keptUnstructured}
 * @param blocks           the blocks, in part order (empty when {@code keptUnstructured})
 * @param keptUnstructured no part yielded a block, so the input mask was kept
 * @param parts            number of parts P the rows were partitioned into
 * @param partOfRow        part of every row, -1 for an empty row
 * @param cut              connectivity−1 of the partition (Σ over non-empty columns of parts touched − 1)
 * @param droppedRows      non-empty rows in no block (their part had fewer than b1 rows); 0 when kept
 * @param densityIn        non-zeros over size of the input mask
 * @param densityOut       non-zeros over size of the output mask
 * @param rowTile          tile height used by {@link #tilesPerBlock()}
 */
public record RegroupResult(float[] mask, List<Block> blocks, boolean keptUnstructured, int parts,
                            int[] partOfRow, int cut, int droppedRows, double densityIn,
                            double densityOut, int rowTile) {

    public RegroupResult {
        blocks = List.copyOf(blocks);
    }

    /** Row tiles of height {@code rowTile} per block, in block order: {@code ceil(height / rowTile)}. */
    public int[] tilesPerBlock() {
        int[] t = new int[blocks.size()];
        for (int i = 0; i < t.length; i++) t[i] = blocks.get(i).tiles(rowTile);
        return t;
    }

    /** Row tiles over all blocks. */
    public int totalTiles() {
        int s = 0;
        for (int t : tilesPerBlock()) s += t;
        return s;
    }
}
