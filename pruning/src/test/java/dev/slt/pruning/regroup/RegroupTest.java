package dev.slt.pruning.regroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class RegroupTest {

    @Property(tries = 40, seed = "31")
    void maskIsExactlyTheUnionOfBlocksOfAtLeastB1Rows(
            @ForAll @IntRange(min = 1, max = 96) int rows, @ForAll @IntRange(min = 1, max = 72) int cols,
            @ForAll @DoubleRange(min = 0.0, max = 0.6) double density, @ForAll @IntRange(min = 1, max = 12) int b1,
            @ForAll @DoubleRange(min = 0.5, max = 3) double t1, @ForAll long seed) {
        float[] m = Masks.random(rows, cols, density, seed);
        RegroupParams params = RegroupParams.defaults().withB1(b1).withT1(t1);
        RegroupResult res = Regroup.apply(m, rows, cols, params, seed);
        assertEquals(rows * cols, res.mask().length);
        if (res.keptUnstructured()) {
            assertTrue(res.blocks().isEmpty());
            assertArrayEquals(m, res.mask());
            return;
        }
        float[] union = new float[rows * cols];
        boolean[] rowUsed = new boolean[rows];
        for (Block b : res.blocks()) {
            assertTrue(b.height() >= b1, "block of " + b.height() + " rows < b1 = " + b1);
            for (int r : b.rows()) {
                assertFalse(rowUsed[r], "row " + r + " in two blocks");
                rowUsed[r] = true;
                for (int c : b.cols()) union[r * cols + c] = 1f;
            }
            assertT1RuleHolds(m, cols, b, t1);
        }
        assertArrayEquals(union, res.mask());
        long ones = 0;
        for (float x : res.mask()) ones += (long) x;
        assertEquals((double) ones / (rows * cols), res.densityOut(), 1e-12);
    }

    /** At the chosen width every row of the block has fewer than w/t1 non-zeros outside the block's columns. */
    private static void assertT1RuleHolds(float[] m, int cols, Block b, double t1) {
        boolean[] in = new boolean[cols];
        for (int c : b.cols()) in[c] = true;
        for (int r : b.rows()) {
            int outside = 0;
            for (int c = 0; c < cols; c++) if (!in[c] && m[r * cols + c] == 1f) outside++;
            assertTrue(b.width() > t1 * outside, "row " + r + ": width " + b.width() + " vs outside " + outside);
        }
    }

    @Property(tries = 10, seed = "32")
    void plantedBlocksAreOneClusterTimesPartOfItsPattern(@ForAll @IntRange(min = 2, max = 6) int k, @ForAll long seed) {
        // k clusters of 16 rows, pattern columns always on, no noise: P = k parts, cut 0, and every
        // block is one whole cluster times the columns the t1 rule keeps of its pattern
        Masks.Planted pl = Masks.planted(k, 16, 12 * k, 1.0, 0.0, seed);
        RegroupResult res = Regroup.apply(pl.mask(), pl.rows(), pl.cols(), RegroupParams.defaults(), seed);
        assertFalse(res.keptUnstructured());
        assertEquals(k, res.parts());
        assertEquals(0, res.cut());
        assertEquals(k, res.blocks().size());
        for (Block b : res.blocks()) {
            assertEquals(16, b.height());
            int c = pl.cluster()[b.rows()[0]];
            for (int r : b.rows()) assertEquals(c, pl.cluster()[r]);
            for (int col : b.cols()) assertEquals(c, col % k);
            assertEquals(8, b.width());           // 12 pattern columns: first w with w > 1.5·(12 − w)
        }
    }

    @Example
    void aLayerWithNoBlockKeepsItsMaskAndSaysSo() {
        // 7 non-empty rows < b1 = 8: the single part yields no block
        float[] m = Masks.random(7, 20, 0.9, 5);
        RegroupResult res = Regroup.apply(m, 7, 20, RegroupParams.defaults(), 1);
        assertTrue(res.keptUnstructured());
        assertTrue(res.blocks().isEmpty());
        assertArrayEquals(m, res.mask());
        assertEquals(res.densityIn(), res.densityOut());
        float[] empty = new float[4 * 9];
        assertTrue(Regroup.apply(empty, 4, 9, RegroupParams.defaults(), 1).keptUnstructured());
    }

    @Example
    void tilesPerBlockFollowRowTile() {
        float[] m = Masks.random(512, 64, 0.3, 3);
        RegroupResult res = Regroup.apply(m, 512, 64, RegroupParams.defaults().withRowTile(16), 7);
        assertEquals(8, res.parts());
        for (int i = 0; i < res.blocks().size(); i++)
            assertEquals((res.blocks().get(i).height() + 15) / 16, res.tilesPerBlock()[i]);
        RegroupResult same = Regroup.apply(m, 512, 64, RegroupParams.defaults(), 7);
        assertArrayEquals(same.mask(), res.mask());            // the tile height does not change the mask
    }

    @Example
    void partsFollowTheLayerSize() {
        RegroupParams d = RegroupParams.defaults();
        assertEquals(1, d.partsFor(8));
        assertEquals(1, d.partsFor(31));
        assertEquals(2, d.partsFor(32));
        assertEquals(4, d.partsFor(64));
        assertEquals(8, d.partsFor(512));
    }

    @Example
    void rejectsBadInputWithClearMessages() {
        RegroupParams d = RegroupParams.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Regroup.apply(new float[6], 2, 2, d, 0))
                .getMessage().contains("mask has 6 entries"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Regroup.apply(new float[] {2f}, 1, 1, d, 0))
                .getMessage().contains("expected 0 or 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Regroup.apply(new float[1], 1, 1, null, 0))
                .getMessage().contains("params"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Regroup.apply(new float[0], 0, 3, d, 0))
                .getMessage().contains("shape"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withT1(0))
                .getMessage().contains("t1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withB1(0))
                .getMessage().contains("b1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withImbalance(Double.NaN))
                .getMessage().contains("imbalance"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Block(new int[] {2, 1}, new int[] {0}))
                .getMessage().contains("ascending"));
    }
}
