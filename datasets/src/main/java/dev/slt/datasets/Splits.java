package dev.slt.datasets;

import java.util.SplittableRandom;

/** Train / validation splits of a training set. */
public final class Splits {

    /** A training set cut in two. */
    public record TrainValidation(ImageSet train, ImageSet validation) {}

    private Splits() {}

    /** The last {@code fraction} of the set is validation (the default, fraction 0.1). */
    public static TrainValidation last(ImageSet set, double fraction) {
        int val = count(set, fraction);
        int[] tr = range(0, set.size() - val), va = range(set.size() - val, set.size());
        return new TrainValidation(set.subset(set.name() + "-train", tr), set.subset(set.name() + "-val", va));
    }

    /** A seeded random {@code fraction} of the set is validation; both parts keep the set's order. */
    public static TrainValidation random(ImageSet set, double fraction, long seed) {
        int n = set.size(), val = count(set, fraction);
        boolean[] isVal = new boolean[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] idx = range(0, n);
        for (int i = 0; i < val; i++) {  // partial Fisher-Yates: the first val slots are a uniform sample
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            isVal[idx[i]] = true;
        }
        int[] tr = new int[n - val], va = new int[val];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (isVal[i]) va[b++] = i; else tr[a++] = i;
        }
        return new TrainValidation(set.subset(set.name() + "-train", tr), set.subset(set.name() + "-val", va));
    }

    private static int count(ImageSet set, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        return (int) Math.round(set.size() * fraction);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
