package dev.slt.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoaderTest {

    static ImageSet random(int n, int c, int h, int w, long seed) {
        var rnd = new java.util.SplittableRandom(seed);
        byte[] px = new byte[n * c * h * w];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rnd.nextInt(256);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        return new ImageSet("r", px, labels, c, h, w, 10);
    }

    static List<Batch> all(Loader l, int epoch) {
        List<Batch> out = new ArrayList<>();
        l.epoch(epoch).forEach(out::add);
        return out;
    }

    @Test
    void sameSeedAndEpochGiveTheSameBatchesOtherEpochsDiffer() {
        ImageSet s = random(50, 3, 8, 8, 1);
        Normalization n = Normalization.of(s);
        Loader a = new Loader(s, 16, n, Augmentation.CIFAR, true, false, 7), b = new Loader(s, 16, n, Augmentation.CIFAR, true, false, 7);
        List<Batch> a1 = all(a, 3), b1 = all(b, 3), a2 = all(a, 4);
        assertEquals(4, a1.size());
        for (int i = 0; i < a1.size(); i++) {
            assertArrayEquals(a1.get(i).images(), b1.get(i).images());
            assertArrayEquals(a1.get(i).labels(), b1.get(i).labels());
        }
        assertFalse(Arrays.equals(a.order(3), a.order(4)));
        assertFalse(Arrays.equals(a1.get(0).images(), a2.get(0).images()));
    }

    @Test
    void anEpochVisitsEveryImageOnce() {
        ImageSet s = random(37, 1, 4, 4, 2);
        Loader l = new Loader(s, 8, Normalization.identity(1), Augmentation.NONE, true, false, 3);
        int[] order = l.order(0);
        assertEquals(37, new HashSet<>(Arrays.stream(order).boxed().toList()).size());
        assertEquals(5, l.batchesPerEpoch());
        assertEquals(4, new Loader(s, 8, Normalization.identity(1), Augmentation.NONE, true, true, 3).batchesPerEpoch());
        assertEquals(5, all(l, 0).get(4).size());
    }

    @Test
    void normalisedDataHasZeroMeanUnitStd() {
        ImageSet s = random(64, 3, 6, 6, 4);
        Loader l = Loader.evaluation(s, 64, Normalization.of(s));
        float[] x = all(l, 0).get(0).images();
        for (int ch = 0; ch < 3; ch++) {
            double sum = 0, sq = 0;
            int cnt = 0;
            for (int i = 0; i < 64; i++) for (int p = 0; p < 36; p++) {
                double v = x[(i * 3 + ch) * 36 + p];
                sum += v;
                sq += v * v;
                cnt++;
            }
            assertEquals(0, sum / cnt, 1e-4);
            assertEquals(1, Math.sqrt(sq / cnt), 1e-3);
        }
    }

    @Test
    void withoutAugmentationPixelsAreScaledBytes() {
        ImageSet s = random(3, 1, 5, 5, 5);
        float[] x = all(Loader.evaluation(s, 3, Normalization.identity(1)), 0).get(0).images();
        for (int i = 0; i < x.length; i++) assertEquals((s.pixels()[i] & 0xff) / 255f, x[i], 1e-6);
    }

    @Test
    void cropAndFlipOnlyMoveOrZeroPixels() {
        ImageSet s = random(20, 1, 6, 6, 6);
        Loader l = new Loader(s, 20, Normalization.identity(1), new Augmentation(2, true), true, false, 9);
        Batch b = all(l, 0).get(0);
        int[] order = l.order(0);
        boolean sawShift = false;
        for (int i = 0; i < 20; i++) {
            int img = order[i];
            assertEquals(s.labels()[img], b.labels()[i]);
            var values = new HashSet<Integer>();  // source bytes, and 0 for padding
            for (int p = 0; p < 36; p++) values.add(s.pixels()[img * 36 + p] & 0xff);
            values.add(0);
            for (int p = 0; p < 36; p++) assertTrue(values.contains(Math.round(b.images()[i * 36 + p] * 255f)));
            float[] plain = new float[36];
            for (int p = 0; p < 36; p++) plain[p] = (s.pixels()[img * 36 + p] & 0xff) / 255f;
            sawShift |= !Arrays.equals(plain, Arrays.copyOfRange(b.images(), i * 36, i * 36 + 36));
        }
        assertTrue(sawShift);
    }

    @Test
    void splitsAreDisjointAndCoverTheSet() {
        ImageSet s = random(100, 1, 2, 2, 7);
        Splits.TrainValidation last = Splits.last(s, 0.1);
        assertEquals(90, last.train().size());
        assertEquals(10, last.validation().size());
        assertArrayEquals(Arrays.copyOfRange(s.labels(), 90, 100), last.validation().labels());
        Splits.TrainValidation r1 = Splits.random(s, 0.2, 5), r2 = Splits.random(s, 0.2, 5);
        assertEquals(r1.validation(), r2.validation());
        assertEquals(80, r1.train().size());
        assertEquals(20, r1.validation().size());
    }
}
