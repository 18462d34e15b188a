package dev.slt.pruning.regroup;

/**
 * Parameters of regroup (METHOD.md, Algorithm 3). Every (SLT) choice of the method is a field here;
 * {@link #defaults()} gives the documented defaults.
 *
 * @param pMax      upper bound on the number of parts, {@code P = min(pMax, max(1, floor(rows / (2*b1))))}
 * @param imbalance allowed imbalance ε: every part has at most {@code (1+ε)·ceil(V/P)} of the V vertices
 * @param t1        column-growth threshold: stop at the first width {@code w > t1 · (max outside
 *                  non-zeros of a row of the part)}
 * @param b1        minimum rows of a block; a part with fewer rows yields no block
 * @param rowTile   height of the tiles into which the block-sparse kernel splits a block's rows
 *                  (reported as tiles per block; it does not change the mask)
 * @param restarts  seeded initial partitions tried per bisection (alternately greedy growing and random)
 * @param fmPasses  at most this many Fiduccia–Mattheyses passes per restart (stops earlier when a
 *                  pass gains nothing)
 */
public record RegroupParams(int pMax, double imbalance, double t1, int b1, int rowTile,
                            int restarts, int fmPasses) {

    /** The defaults of METHOD.md: Pmax 8, 10% imbalance, t1 1.5, b1 8, row tile 8; 4 restarts, 8 passes. */
    public static RegroupParams defaults() {
        return new RegroupParams(8, 0.10, 1.5, 8, 8, 4, 8);
    }

    public RegroupParams {
        if (pMax < 1) throw new IllegalArgumentException("regroup pMax must be >= 1, got " + pMax);
        if (!(imbalance >= 0) || Double.isInfinite(imbalance))
            throw new IllegalArgumentException("regroup imbalance must be a finite number >= 0, got " + imbalance);
        if (!(t1 > 0) || Double.isInfinite(t1))
            throw new IllegalArgumentException("regroup t1 must be a finite number > 0, got " + t1);
        if (b1 < 1) throw new IllegalArgumentException("regroup b1 must be >= 1, got " + b1);
        if (rowTile < 1) throw new IllegalArgumentException("regroup rowTile must be >= 1, got " + rowTile);
        if (restarts < 1) throw new IllegalArgumentException("regroup restarts must be >= 1, got " + restarts);
        if (fmPasses < 0) throw new IllegalArgumentException("regroup fmPasses must be >= 0, got " + fmPasses);
    }

    /** {@code P = min(pMax, max(1, floor(rows / (2*b1))))}: small layers are not cut into parts too small for a block. */
    public int partsFor(int rows) {
        return Math.min(pMax, Math.max(1, rows / (2 * b1)));
    }

    public RegroupParams withPMax(int v) { return new RegroupParams(v, imbalance, t1, b1, rowTile, restarts, fmPasses); }
    public RegroupParams withImbalance(double v) { return new RegroupParams(pMax, v, t1, b1, rowTile, restarts, fmPasses); }
    public RegroupParams withT1(double v) { return new RegroupParams(pMax, imbalance, v, b1, rowTile, restarts, fmPasses); }
    public RegroupParams withB1(int v) { return new RegroupParams(pMax, imbalance, t1, v, rowTile, restarts, fmPasses); }
    public RegroupParams withRowTile(int v) { return new RegroupParams(pMax, imbalance, t1, b1, v, restarts, fmPasses); }
}
