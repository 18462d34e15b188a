package dev.slt.pruning.regroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class HypergraphTest {

    @Property(tries = 60, seed = "11")
    void pinsAreExactlyTheNonZerosBothWays(@ForAll @IntRange(min = 1, max = 30) int rows,
                                           @ForAll @IntRange(min = 1, max = 40) int cols,
                                           @ForAll @DoubleRange(min = 0, max = 0.6) double density,
                                           @ForAll long seed) {
        float[] m = Masks.random(rows, cols, density, seed);
        Hypergraph h = Hypergraph.fromMask(m, rows, cols);
        int nnz = 0, nonEmptyRows = 0, nonEmptyCols = 0;
        for (int r = 0; r < rows; r++) {
            int k = 0;
            for (int c = 0; c < cols; c++) k += (int) m[r * cols + c];
            nnz += k;
            if (k > 0) nonEmptyRows++;
        }
        for (int c = 0; c < cols; c++) {
            int k = 0;
            for (int r = 0; r < rows; r++) k += (int) m[r * cols + c];
            if (k > 0) nonEmptyCols++;
        }
        assertEquals(nonEmptyRows, h.vertexCount());
        assertEquals(nonEmptyCols, h.netCount());
        assertEquals(nnz, h.pinCount());
        for (int e = 0; e < h.netCount(); e++)
            for (int q = h.netStart()[e]; q < h.netStart()[e + 1]; q++)
                assertEquals(1f, m[h.vertexLabel(h.netPins()[q]) * cols + h.netLabel(e)]);
        int seen = 0;
        for (int v = 0; v < h.vertexCount(); v++)
            for (int q = h.vertexStart()[v]; q < h.vertexStart()[v + 1]; q++, seen++) {
                assertEquals(1f, m[h.vertexLabel(v) * cols + h.netLabel(h.vertexNets()[q])]);
                if (q > h.vertexStart()[v]) assertTrue(h.vertexNets()[q] > h.vertexNets()[q - 1]);
            }
        assertEquals(nnz, seen);
    }

    @Example
    void inducedKeepsOnlyNetsWithTwoPinsInside() {
        // nets: {0,1,2}, {0,3}, {2,3}
        Hypergraph h = Hypergraph.fromNets(4, new int[] {0, 3, 5, 7}, new int[] {0, 1, 2, 0, 3, 2, 3});
        Hypergraph sub = h.induced(new int[] {0, 1, 3});
        assertEquals(3, sub.vertexCount());
        assertEquals(2, sub.netCount());            // {0,1} and {0,3} -> local {0,1}, {0,2}; {2,3} keeps one pin
        assertEquals(0, sub.netLabel(0));
        assertEquals(1, sub.netLabel(1));
        assertEquals(2, sub.netPins()[3]);
    }

    @Example
    void rejectsBadMasks() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hypergraph.fromMask(new float[5], 2, 3))
                .getMessage().contains("expected rows*cols"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hypergraph.fromMask(new float[] {0, 0.5f}, 1, 2))
                .getMessage().contains("(0, 1) is 0.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hypergraph.fromMask(null, 1, 1))
                .getMessage().contains("null"));
    }
}
