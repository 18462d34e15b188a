package dev.slt.pruning.regroup;

import java.util.SplittableRandom;

/**
 * Our stand-in for hMETIS (METHOD.md, Algorithm 3, step 2): P-way partitioning of a hypergraph's
 * vertices by recursive bisection, minimising connectivity−1 (Σ over nets of parts touched − 1).
 *
 * <p>Each bisection splits P parts into {@code floor(P/2)} and {@code ceil(P/2)} with target sizes
 * in that proportion (so P need not be a power of two), tries {@code restarts} seeded initial
 * partitions (restart 0, 4, ...: greedy growing by affinity; 2, 6, ...: greedy growing by gain; odd
 * ones: random) each refined by
 * {@link FmBisection Fiduccia–Mattheyses}, and keeps the one with the fewest cut nets (first wins
 * ties). Cut nets are then split: each side keeps its own pins of the net (net splitting), so the
 * cut nets of all bisections add up to exactly the connectivity−1 of the final partition.
 *
 * <p>Balance: with {@code cap = floor((1+ε)·ceil(V/P))}, every part ends with at most {@code cap}
 * vertices. Each bisection level may deviate from its proportional target by a factor
 * {@code (1+ε)^(1/levels)}, and is clamped so both sides can still be split within {@code cap}.
 * Deterministic: the same hypergraph, P and seed give the same partition.
 */
public final class Partitioner {

    private final double imbalance;
    private final int restarts, fmPasses;

    public Partitioner(double imbalance, int restarts, int fmPasses) {
        if (!(imbalance >= 0) || Double.isInfinite(imbalance))
            throw new IllegalArgumentException("imbalance must be a finite number >= 0, got " + imbalance);
        if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
        if (fmPasses < 0) throw new IllegalArgumentException("fmPasses must be >= 0, got " + fmPasses);
        this.imbalance = imbalance;
        this.restarts = restarts;
        this.fmPasses = fmPasses;
    }

    /** The partitioner regroup uses: imbalance, restarts and passes from {@code params}. */
    public static Partitioner of(RegroupParams params) {
        return new Partitioner(params.imbalance(), params.restarts(), params.fmPasses());
    }

    /** Largest part size allowed: {@code floor((1+ε)·ceil(V/P))}. */
    public static int maxPartSize(int vertices, int parts, double imbalance) {
        int even = (vertices + parts - 1) / parts;
        return (int) Math.floor((1 + imbalance) * even + 1e-9);
    }

    /**
     * Partitions the vertices of {@code h} into {@code parts} parts.
     *
     * @return {@code part[v]} in {@code [0, parts)} for every vertex
     */
    public int[] partition(Hypergraph h, int parts, long seed) {
        if (parts < 1) throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        int n = h.vertexCount();
        int[] part = new int[n];
        if (parts == 1 || n == 0) return part;
        int cap = maxPartSize(n, parts, imbalance);
        int levels = 32 - Integer.numberOfLeadingZeros(parts - 1);   // ceil(log2 parts)
        double levelSlack = Math.pow(1 + imbalance, 1.0 / levels);
        int[] identity = new int[n];
        for (int v = 0; v < n; v++) identity[v] = v;
        split(h, identity, parts, 0, cap, levelSlack, new SplittableRandom(seed), part);
        return part;
    }

    private void split(Hypergraph h, int[] toTop, int parts, int firstPart, int cap, double slack,
                       SplittableRandom rnd, int[] out) {
        int n = h.vertexCount();
        if (parts == 1 || n == 0) {
            for (int v = 0; v < n; v++) out[toTop[v]] = firstPart;
            return;
        }
        int p0 = parts / 2, p1 = parts - p0;
        double t = (double) n * p0 / parts;
        int lo0 = Math.min(n - (int) Math.floor(slack * (n - t) + 1e-9), (int) Math.floor(t));
        int hi0 = Math.max((int) Math.floor(slack * t + 1e-9), (int) Math.ceil(t));
        lo0 = Math.max(lo0, Math.max(0, n - p1 * cap));               // side 1 must fit in p1 parts
        hi0 = Math.min(hi0, Math.min(n, p0 * cap));                   // side 0 must fit in p0 parts
        int target0 = Math.clamp(Math.round(t), lo0, hi0);
        int[] side = bisect(h, lo0, hi0, target0, rnd);

        int n0 = 0;
        for (int v = 0; v < n; v++) if (side[v] == 0) n0++;
        int[] v0 = new int[n0], v1 = new int[n - n0], top0 = new int[n0], top1 = new int[n - n0];
        for (int v = 0, a = 0, b = 0; v < n; v++) {
            if (side[v] == 0) { v0[a] = v; top0[a++] = toTop[v]; }
            else { v1[b] = v; top1[b++] = toTop[v]; }
        }
        split(h.induced(v0), top0, p0, firstPart, cap, slack, rnd, out);
        split(h.induced(v1), top1, p1, firstPart + p0, cap, slack, rnd, out);
    }

    /** Best of the seeded restarts, each refined by FM; returns a fresh side array. */
    private int[] bisect(Hypergraph h, int lo0, int hi0, int target0, SplittableRandom rnd) {
        FmBisection fm = new FmBisection(h);
        int[] best = null;
        int bestCut = Integer.MAX_VALUE;
        for (int r = 0; r < restarts; r++) {
            switch (r % 4) {
                case 0 -> fm.greedyStart(target0, rnd, true);
                case 2 -> fm.greedyStart(target0, rnd, false);
                default -> fm.randomStart(target0, rnd);
            }
            int cut = fm.refine(lo0, hi0, target0, fmPasses);
            if (cut < bestCut) {
                bestCut = cut;
                best = fm.side().clone();
                if (cut == 0) break;
            }
        }
        return best;
    }
}
