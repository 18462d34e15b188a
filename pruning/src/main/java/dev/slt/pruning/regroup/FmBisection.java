package dev.slt.pruning.regroup;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two-way partitioning of one hypergraph by Fiduccia–Mattheyses: a seeded initial partition
 * (random, or greedy growing from a random vertex), then passes that move every free vertex once,
 * best gain first among the moves the balance window allows, and roll back to the best prefix.
 * The objective is the number of cut nets (for two parts the same as connectivity−1). Gains live
 * in bucket lists (one per side, index {@code gain + maxDegree}), so a move costs O(its nets) plus
 * a scan of a net only where that net's side counts reach 0 or 1. All arrays are allocated once
 * per hypergraph and reused across restarts and passes.
 */
final class FmBisection {

    private final int n, maxDeg;
    private final int[] netStart, netPins, vStart, vNets;
    private final int[] side, gain, next, prev, moves;
    private final int[][] count;     // [side][net]: pins of the net on that side
    private final int[][] head;      // [side][gain + maxDeg]: first vertex of the bucket, -1 if empty
    private final int[] top = new int[2];
    private final boolean[] locked;
    private int size0;
    private boolean trackGains;       // false while rolling back: the next pass recomputes every gain

    FmBisection(Hypergraph h) {
        n = h.vertexCount();
        netStart = h.netStart();
        netPins = h.netPins();
        vStart = h.vertexStart();
        vNets = h.vertexNets();
        int d = 0;
        for (int v = 0; v < n; v++) d = Math.max(d, vStart[v + 1] - vStart[v]);
        maxDeg = d;
        side = new int[n];
        gain = new int[n];
        next = new int[n];
        prev = new int[n];
        moves = new int[n];
        locked = new boolean[n];
        count = new int[2][h.netCount()];
        head = new int[2][2 * maxDeg + 1];
        trackGains = true;
    }

    /** Current side (0/1) of every vertex; owned by this object. */
    int[] side() { return side; }

    int size0() { return size0; }

    /** Sets the partition to {@code sides} (0/1 per vertex). */
    void setSides(int[] sides) {
        if (sides.length != n) throw new IllegalArgumentException("sides has " + sides.length + " entries, expected " + n);
        for (int v = 0; v < n; v++) {
            if (sides[v] != 0 && sides[v] != 1)
                throw new IllegalArgumentException("side of vertex " + v + " is " + sides[v] + ", expected 0 or 1");
            side[v] = sides[v];
        }
        recount();
    }

    /** A uniformly random partition with {@code target0} vertices on side 0. */
    void randomStart(int target0, SplittableRandom rnd) {
        int[] order = moves;
        for (int v = 0; v < n; v++) order[v] = v;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < n; i++) side[order[i]] = i < target0 ? 0 : 1;
        recount();
    }

    /**
     * Greedy growing: everything on side 1, a random seed vertex to side 0, then one side-1 vertex at
     * a time joins side 0 until it holds {@code target0} vertices. {@code byAffinity} false: the
     * vertex of highest FM gain (classic greedy graph growing). True: the vertex sharing the largest
     * fraction of its nets' pins with side 0, {@code affinity(u) / degree(u)} with
     * {@code affinity(u)} = Σ over u's nets of their pins on side 0; on dense masks nearly every net
     * is cut early, gains go flat and only this criterion still follows the rows' column patterns.
     * Ties: the other criterion, then lower id.
     */
    void greedyStart(int target0, SplittableRandom rnd, boolean byAffinity) {
        Arrays.fill(side, 1);
        recount();
        if (target0 <= 0 || n == 0) return;
        Arrays.fill(locked, false);
        fillBuckets();
        long[] affinity = new long[n];
        int v = rnd.nextInt(n);
        while (true) {
            unlink(v);
            locked[v] = true;
            move(v);
            if (size0 >= target0) break;
            for (int q = vStart[v]; q < vStart[v + 1]; q++) {
                int e = vNets[q];
                for (int p = netStart[e]; p < netStart[e + 1]; p++) affinity[netPins[p]]++;
            }
            v = next(affinity, byAffinity);
            if (v < 0) break;
        }
        Arrays.fill(locked, false);
    }

    private int next(long[] affinity, boolean byAffinity) {
        int best = -1;
        for (int u = 0; u < n; u++) {
            if (locked[u]) continue;
            if (best < 0) { best = u; continue; }
            int byGain = Integer.compare(gain[u], gain[best]);
            long du = Math.max(1, vStart[u + 1] - vStart[u]), db = Math.max(1, vStart[best + 1] - vStart[best]);
            int byAff = Long.compare(affinity[u] * db, affinity[best] * du);   // affinity/degree, cross-multiplied
            int c = byAffinity ? (byAff != 0 ? byAff : byGain) : (byGain != 0 ? byGain : byAff);
            if (c > 0) best = u;
        }
        return best;
    }

    /** Number of nets with pins on both sides. */
    int cut() {
        int c = 0;
        for (int e = 0; e < count[0].length; e++) if (count[0][e] > 0 && count[1][e] > 0) c++;
        return c;
    }

    /**
     * FM passes from the current partition, keeping side 0's size within {@code [lo0, hi0]} (the
     * current size must be in it), until a pass gains nothing or {@code maxPasses} ran.
     * Never increases the cut: each pass keeps its best prefix, the empty prefix included.
     *
     * @return the cut after refinement
     */
    int refine(int lo0, int hi0, int target0, int maxPasses) {
        if (size0 < lo0 || size0 > hi0)
            throw new IllegalStateException("partition has " + size0 + " vertices on side 0, outside [" + lo0 + ", " + hi0 + "]");
        for (int p = 0; p < maxPasses; p++) if (pass(lo0, hi0, target0) <= 0) break;
        return cut();
    }

    private int pass(int lo0, int hi0, int target0) {
        Arrays.fill(locked, false);
        fillBuckets();
        int cum = 0, best = 0, bestLen = 0, len = 0;
        while (true) {
            int a = size0 - 1 >= lo0 ? best(0) : -1;      // move 0 -> 1
            int b = size0 + 1 <= hi0 ? best(1) : -1;      // move 1 -> 0
            int v;
            if (a < 0) v = b;
            else if (b < 0) v = a;
            else if (gain[a] != gain[b]) v = gain[a] > gain[b] ? a : b;
            else v = size0 > target0 ? a : b;             // equal gains: step towards the target size
            if (v < 0) break;
            unlink(v);
            locked[v] = true;
            cum += gain[v];
            move(v);
            moves[len++] = v;
            if (cum > best) { best = cum; bestLen = len; }
        }
        trackGains = false;
        for (int i = len - 1; i >= bestLen; i--) move(moves[i]);   // roll back to the best prefix
        trackGains = true;
        return best;
    }

    /** Moves v to the other side, updating net counts and the gains of free vertices. */
    private void move(int v) {
        int from = side[v], to = 1 - from;
        int[] cf = count[from], ct = count[to];
        for (int q = vStart[v]; q < vStart[v + 1]; q++) {
            int e = vNets[q];
            if (ct[e] == 0) bumpAll(e, v, +1);              // the net becomes cut: moving others back is no longer free
            else if (ct[e] == 1) bumpOne(e, v, to, -1);     // the lone pin on `to` no longer uncuts the net
            cf[e]--;
            ct[e]++;
            if (cf[e] == 0) bumpAll(e, v, -1);              // the net is whole on `to`: moving any pin would cut it
            else if (cf[e] == 1) bumpOne(e, v, from, +1);   // the lone pin left on `from` would uncut it
        }
        side[v] = to;
        size0 += to == 0 ? 1 : -1;
    }

    private void bumpAll(int e, int except, int delta) {
        for (int p = netStart[e]; p < netStart[e + 1]; p++) {
            int u = netPins[p];
            if (u != except && !locked[u]) adjust(u, delta);
        }
    }

    private void bumpOne(int e, int except, int onSide, int delta) {
        for (int p = netStart[e]; p < netStart[e + 1]; p++) {
            int u = netPins[p];
            if (u != except && side[u] == onSide) {
                if (!locked[u]) adjust(u, delta);
                return;
            }
        }
    }

    private void recount() {
        Arrays.fill(count[0], 0);
        Arrays.fill(count[1], 0);
        size0 = 0;
        for (int v = 0; v < n; v++) {
            int s = side[v];
            if (s == 0) size0++;
            int[] c = count[s];
            for (int q = vStart[v]; q < vStart[v + 1]; q++) c[vNets[q]]++;
        }
    }

    /** Gain of moving v to the other side: nets it would uncut minus nets it would cut. */
    private int gainOf(int v) {
        int[] cf = count[side[v]], ct = count[1 - side[v]];
        int g = 0;
        for (int q = vStart[v]; q < vStart[v + 1]; q++) {
            int e = vNets[q];
            if (cf[e] == 1) g++;
            else if (ct[e] == 0) g--;
        }
        return g;
    }

    private void fillBuckets() {
        Arrays.fill(head[0], -1);
        Arrays.fill(head[1], -1);
        top[0] = top[1] = -1;
        for (int v = n - 1; v >= 0; v--) {   // reverse, so that lower ids come first within a bucket
            if (locked[v]) continue;
            gain[v] = gainOf(v);
            link(v);
        }
    }

    private void adjust(int u, int delta) {
        if (!trackGains) return;
        unlink(u);
        gain[u] += delta;
        link(u);
    }

    private void link(int v) {
        int s = side[v], i = gain[v] + maxDeg, h = head[s][i];
        next[v] = h;
        prev[v] = -1;
        if (h >= 0) prev[h] = v;
        head[s][i] = v;
        if (i > top[s]) top[s] = i;
    }

    private void unlink(int v) {
        int s = side[v];
        if (prev[v] >= 0) next[prev[v]] = next[v];
        else head[s][gain[v] + maxDeg] = next[v];
        if (next[v] >= 0) prev[next[v]] = prev[v];
    }

    private int best(int s) {
        int[] hs = head[s];
        while (top[s] >= 0 && hs[top[s]] < 0) top[s]--;
        return top[s] < 0 ? -1 : hs[top[s]];
    }
}
