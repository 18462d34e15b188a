package dev.slt.engine;

import dev.slt.kernels.Backends;
import java.util.Arrays;

/**
 * NumPy broadcasting: shapes align at the right, and a dimension of 1 (or a missing one) stretches to
 * the other's. The forward pass materialises a stretched operand ({@link #expand}); the backward pass
 * undoes it by summing over the stretched dimensions ({@link #unbroadcast}).
 */
final class Broadcast {

    private Broadcast() {}

    /** The broadcast result shape, e.g. {@code [3, 1, 4]} and {@code [2, 1]} give {@code [3, 2, 4]}. */
    static Shape shape(String op, Shape a, Shape b) {
        if (a.equals(b)) return a;
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i), db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot broadcast ("
                        + da + " != " + db + " at dimension " + (i - rank) + ")");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Dimension {@code k} counted from the right (0 = last), 1 where the shape is shorter. */
    private static int dimFromRight(Shape s, int k) {
        return k < s.rank() ? s.dim(s.rank() - 1 - k) : 1;
    }

    /** {@code from} with leading 1s up to {@code rank}. */
    private static int[] padded(Shape from, int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        int[] f = from.dims();
        System.arraycopy(f, 0, d, rank - f.length, f.length);
        return d;
    }

    /** {@code x} (shape {@code from}) copied out to shape {@code to}; returns {@code x} itself when the shapes match. */
    static float[] expand(float[] x, Shape from, Shape to) {
        if (from.equals(to)) return x;
        int rank = to.rank();
        int[] src = padded(from, rank);
        int[] dst = to.dims();
        int[] srcStride = new int[rank];
        for (int i = rank - 1, acc = 1; i >= 0; i--) {
            srcStride[i] = src[i] == 1 ? 0 : acc;
            acc *= src[i];
        }
        float[] out = new float[to.size()];
        int row = rank == 0 ? 1 : dst[rank - 1];
        boolean copyRow = rank > 0 && src[rank - 1] == row;
        int rows = out.length / Math.max(row, 1);
        int[] idx = new int[Math.max(rank - 1, 0)];
        int srcOff = 0;
        for (int r = 0; r < rows; r++) {
            if (copyRow) System.arraycopy(x, srcOff, out, r * row, row);
            else Arrays.fill(out, r * row, r * row + row, x[srcOff]);
            // odometer over the outer dimensions, tracking the source offset
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < dst[d]) {
                    srcOff += srcStride[d];
                    break;
                }
                srcOff -= srcStride[d] * (idx[d] - 1);
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * The gradient {@code g} of a broadcast result (shape {@code gShape}) summed down to a parent of
     * shape {@code parent}: one {@code sumAxis} per stretched dimension. Returns {@code g} itself when
     * nothing was stretched.
     */
    static float[] unbroadcast(float[] g, Shape gShape, Shape parent) {
        if (gShape.equals(parent)) return g;
        int rank = gShape.rank();
        int[] cur = gShape.dims();
        int[] target = padded(parent, rank);
        float[] acc = g;
        for (int d = 0; d < rank; d++) {
            if (target[d] != 1 || cur[d] == 1) continue;
            int outer = 1, inner = 1;
            for (int i = 0; i < d; i++) outer *= cur[i];
            for (int i = d + 1; i < rank; i++) inner *= cur[i];
            float[] reduced = new float[outer * inner];
            Backends.current().sumAxis(acc, outer, cur[d], inner, reduced);
            acc = reduced;
            cur[d] = 1;
        }
        return acc;
    }
}
