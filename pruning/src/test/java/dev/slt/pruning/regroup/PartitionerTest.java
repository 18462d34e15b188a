package dev.slt.pruning.regroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class PartitionerTest {

    @Property(tries = 80, seed = "21")
    void everyVertexInExactlyOnePartWithinTheImbalanceBound(
            @ForAll @IntRange(min = 1, max = 120) int rows, @ForAll @IntRange(min = 1, max = 60) int cols,
            @ForAll @DoubleRange(min = 0.02, max = 0.5) double density, @ForAll @IntRange(min = 1, max = 9) int parts,
            @ForAll @DoubleRange(min = 0, max = 0.3) double imbalance, @ForAll long seed) {
        Hypergraph h = Hypergraph.fromMask(Masks.random(rows, cols, density, seed), rows, cols);
        int[] part = new Partitioner(imbalance, 2, 4).partition(h, parts, seed);
        assertEquals(h.vertexCount(), part.length);
        int[] size = new int[parts];
        for (int p : part) {
            assertTrue(p >= 0 && p < parts, "part id " + p);
            size[p]++;
        }
        int cap = Partitioner.maxPartSize(h.vertexCount(), parts, imbalance);
        for (int p = 0; p < parts; p++)
            assertTrue(size[p] <= cap, "part " + p + " has " + size[p] + " > cap " + cap);
    }

    @Property(tries = 10, seed = "22")
    void deterministicFromTheSeed(@ForAll @IntRange(min = 2, max = 8) int parts, @ForAll long seed) {
        Hypergraph h = Hypergraph.fromMask(Masks.random(64, 80, 0.15, seed), 64, 80);
        Partitioner p = new Partitioner(0.1, 4, 8);
        assertArrayEquals(p.partition(h, parts, seed), p.partition(h, parts, seed));
    }

    @Property(tries = 10, seed = "23")
    void plantedClustersAreRecoveredWithAFarLowerCutThanRandom(
            @ForAll @IntRange(min = 2, max = 8) int k, @ForAll long seed) {
        Masks.Planted pl = Masks.planted(k, 24, 40 * k, 0.5, 0.01, seed);
        Hypergraph h = Hypergraph.fromMask(pl.mask(), pl.rows(), pl.cols());
        assertEquals(pl.rows(), h.vertexCount());                   // all rows non-empty: vertex v = row v
        int[] part = new Partitioner(0.1, 4, 8).partition(h, k, seed);
        int ours = CutMetrics.connectivity(h, part, k);
        int random = CutMetrics.connectivity(h, Masks.randomBalanced(h.vertexCount(), k, seed ^ 1), k);
        assertTrue(ours <= 0.5 * random, "cut " + ours + " vs random " + random);
        // most rows of each hidden cluster share one part
        for (int c = 0; c < k; c++) {
            int[] inPart = new int[k];
            int total = 0;
            for (int v = 0; v < part.length; v++)
                if (pl.cluster()[v] == c) { inPart[part[v]]++; total++; }
            int most = 0;
            for (int x : inPart) most = Math.max(most, x);
            assertTrue(most >= 0.8 * total, "cluster " + c + ": " + most + " of " + total + " rows in one part");
        }
    }

    @Property(tries = 60, seed = "24")
    void fmNeverIncreasesTheCutOfItsStart(@ForAll @IntRange(min = 2, max = 80) int rows,
                                          @ForAll @IntRange(min = 1, max = 60) int cols,
                                          @ForAll @DoubleRange(min = 0.02, max = 0.5) double density,
                                          @ForAll @IntRange(min = 0, max = 10) int slack,
                                          @ForAll long seed) {
        Hypergraph h = Hypergraph.fromMask(Masks.random(rows, cols, density, seed), rows, cols);
        int n = h.vertexCount();
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] sides = new int[n];
        for (int v = 0; v < n; v++) sides[v] = rnd.nextInt(2);
        FmBisection fm = new FmBisection(h);
        fm.setSides(sides);
        int before = fm.cut(), size0 = fm.size0();
        int lo0 = Math.max(0, size0 - slack), hi0 = Math.min(n, size0 + slack);
        int after = fm.refine(lo0, hi0, size0, 8);
        assertTrue(after <= before, "cut went from " + before + " to " + after);
        assertTrue(fm.size0() >= lo0 && fm.size0() <= hi0, "balance window left");
        // the incremental bookkeeping agrees with a recount from scratch
        int[] copy = fm.side().clone();
        FmBisection check = new FmBisection(h);
        check.setSides(copy);
        assertEquals(check.cut(), after);
        assertEquals(CutMetrics.cutNets(h, copy, 2), after);
    }
}
