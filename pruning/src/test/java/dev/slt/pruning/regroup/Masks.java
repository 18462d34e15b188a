package dev.slt.pruning.regroup;

import java.util.SplittableRandom;

/** Seeded test masks: random ones and planted ones (rows drawn from hidden column patterns). */
final class Masks {

    private Masks() {}

    /** Row-major 0/1 mask with each entry 1 with probability {@code density}. */
    static float[] random(int rows, int cols, double density, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] m = new float[rows * cols];
        for (int i = 0; i < m.length; i++) m[i] = rnd.nextDouble() < density ? 1f : 0f;
        return m;
    }

    /** A planted mask and the hidden cluster of each row. */
    record Planted(float[] mask, int rows, int cols, int[] cluster) {}

    /**
     * {@code k} hidden clusters of {@code rowsPerCluster} rows each, in shuffled row order. Cluster
     * {@code c} owns the columns {@code j} with {@code j % k == c}; a row has each of its cluster's
     * columns with probability {@code pIn} and every other column with probability {@code pNoise}.
     */
    static Planted planted(int k, int rowsPerCluster, int cols, double pIn, double pNoise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = k * rowsPerCluster;
        int[] cluster = new int[rows];
        for (int r = 0; r < rows; r++) cluster[r] = r % k;
        shuffle(cluster, rnd);
        float[] m = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                m[r * cols + c] = rnd.nextDouble() < (c % k == cluster[r] ? pIn : pNoise) ? 1f : 0f;
        return new Planted(m, rows, cols, cluster);
    }

    /** A partition with part sizes as equal as possible, vertices assigned at random. */
    static int[] randomBalanced(int n, int parts, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] part = new int[n];
        for (int v = 0; v < n; v++) part[v] = v % parts;
        shuffle(part, rnd);
        return part;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
