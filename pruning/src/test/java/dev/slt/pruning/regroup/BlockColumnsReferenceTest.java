package dev.slt.pruning.regroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The incremental t1 rule of {@link BlockExtractor} against a from-scratch reference of METHOD.md step 3. */
class BlockColumnsReferenceTest {

    @Property(tries = 50, seed = "41")
    void columnsMatchTheReference(@ForAll @IntRange(min = 16, max = 80) int rows,
                                  @ForAll @IntRange(min = 1, max = 40) int cols,
                                  @ForAll @DoubleRange(min = 0.05, max = 0.7) double density,
                                  @ForAll @DoubleRange(min = 0.3, max = 3) double t1, @ForAll long seed) {
        float[] m = Masks.random(rows, cols, density, seed);
        RegroupResult res = Regroup.apply(m, rows, cols, RegroupParams.defaults().withT1(t1), seed);
        for (Block b : res.blocks()) assertArrayEquals(reference(m, cols, b.rows(), t1), b.cols(), "block rows " + Arrays.toString(b.rows()));
    }

    /** Sort all columns by count in the part (desc, lower first), recount outside non-zeros from scratch at every width. */
    private static int[] reference(float[] m, int cols, int[] rows, double t1) {
        int[] count = new int[cols];
        for (int r : rows) for (int c = 0; c < cols; c++) count[c] += (int) m[r * cols + c];
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < cols; c++) order.add(c);
        order.sort(Comparator.comparingInt((Integer c) -> -count[c]).thenComparingInt(c -> c));
        boolean[] in = new boolean[cols];
        for (int w = 1; w <= cols; w++) {
            in[order.get(w - 1)] = true;
            boolean ok = true;
            for (int r : rows) {
                int outside = 0;
                for (int c = 0; c < cols; c++) if (!in[c] && m[r * cols + c] == 1f) outside++;
                if (!(w > t1 * outside)) { ok = false; break; }
            }
            if (ok) return order.subList(0, w).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        int[] all = new int[cols];
        for (int c = 0; c < cols; c++) all[c] = c;
        return all;
    }
}
