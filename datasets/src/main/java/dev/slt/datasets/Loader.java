package dev.slt.datasets;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Turns an {@link ImageSet} into normalised float batches on demand. The order of an epoch and its
 * augmentation draws depend only on (seed, epoch), so a run resumed at an epoch boundary sees exactly
 * the batches an uninterrupted run would.
 */
public final class Loader {

    private final ImageSet set;
    private final int batchSize;
    private final Normalization norm;
    private final Augmentation aug;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;

    public Loader(ImageSet set, int batchSize, Normalization norm, Augmentation aug, boolean shuffle, boolean dropLast, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (norm.channels() != set.channels())
            throw new IllegalArgumentException("normalisation has " + norm.channels() + " channels, " + set.name() + " has " + set.channels());
        this.set = set;
        this.batchSize = batchSize;
        this.norm = norm;
        this.aug = aug;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /** Evaluation loader: set order, no augmentation, keeps the last partial batch. */
    public static Loader evaluation(ImageSet set, int batchSize, Normalization norm) {
        return new Loader(set, batchSize, norm, Augmentation.NONE, false, false, 0);
    }

    public int batchesPerEpoch() {
        return dropLast ? set.size() / batchSize : (set.size() + batchSize - 1) / batchSize;
    }

    public ImageSet set() {
        return set;
    }

    /** The order in which epoch {@code epoch} visits the images. */
    public int[] order(int epoch) {
        int n = set.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The batches of one epoch. */
    public Iterable<Batch> epoch(int epoch) {
        int[] order = order(epoch);
        int batches = batchesPerEpoch();
        return () -> new Iterator<>() {
            int b = 0;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int from = b * batchSize, to = Math.min(from + batchSize, order.length);
                Batch batch = assemble(order, from, to, new SplittableRandom(mix(seed, epoch, b)));
                b++;
                return batch;
            }
        };
    }

    private Batch assemble(int[] order, int from, int to, SplittableRandom rnd) {
        int c = set.channels(), h = set.height(), w = set.width(), plane = h * w, per = c * plane;
        int n = to - from;
        float[] out = new float[n * per];
        int[] labels = new int[n];
        float[] scale = new float[c], shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = 1f / (255f * norm.std()[ch]);
            shift[ch] = -norm.mean()[ch] / norm.std()[ch];
        }
        byte[] px = set.pixels();
        int pad = aug.cropPadding();
        for (int i = 0; i < n; i++) {
            int img = order[from + i];
            labels[i] = set.labels()[img];
            int dy = pad > 0 ? rnd.nextInt(2 * pad + 1) - pad : 0;
            int dx = pad > 0 ? rnd.nextInt(2 * pad + 1) - pad : 0;
            boolean flip = aug.horizontalFlip() && rnd.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                int src = img * per + ch * plane, dst = i * per + ch * plane;
                float zero = shift[ch];  // a zero pixel after normalisation
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        out[dst + y * w + x] = sy < 0 || sy >= h || sx < 0 || sx >= w
                                ? zero : (px[src + sy * w + sx] & 0xff) * scale[ch] + shift[ch];
                    }
                }
            }
        }
        return new Batch(out, labels, c, h, w);
    }

    /** A stream seed from (seed, epoch, batch); SplittableRandom's own mixing spreads nearby inputs. */
    static long mix(long seed, int epoch, int batch) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch).split().nextLong() ^ (batch * 0xD1B54A32D192ED03L);
    }
}
