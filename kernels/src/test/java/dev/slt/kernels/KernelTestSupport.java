package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Seeded data and tolerant comparisons shared by the elementwise, reduce, norm and optim tests. */
final class KernelTestSupport {

    /** Above the multi-threading thresholds of the vector kernels (64K elements). */
    static final int LARGE = 70_000;

    private KernelTestSupport() {}

    /** Mostly 0..300, often a lane boundary (16 floats per 512-bit vector) ± 1, sometimes {@link #LARGE}. */
    static Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 300)),
                Tuple.of(4, Arbitraries.of(0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1023)),
                Tuple.of(1, Arbitraries.of(LARGE)));
    }

    /** Offsets into a larger array, so kernels must honour them. */
    static Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 37);
    }

    /** {@code off} leading junk values, then n values of mixed sign and magnitude with some exact zeros. */
    static float[] random(SplittableRandom r, int off, int n) {
        float[] a = new float[off + n + 3];
        for (int i = 0; i < a.length; i++) a[i] = value(r);
        return a;
    }

    /** Like {@link #random} with NaN, ±0 and ±inf mixed in, for ops whose contract names them. */
    static float[] randomSpecial(SplittableRandom r, int off, int n) {
        float[] a = random(r, off, n);
        float[] specials = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < a.length; i++) {
            if (r.nextInt(16) == 0) a[i] = specials[r.nextInt(specials.length)];
        }
        return a;
    }

    static float value(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind == 0) return 0f;
        if (kind == 1) return (float) (r.nextDouble(-1000, 1000));
        return (float) (r.nextGaussian() * 3);
    }

    static void assertBitEqual(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + " != " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": at " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** {@code |actual - expected| <= tol}, or both NaN. */
    static void assertClose(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) return;
        if (expected == actual) return;
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": expected " + expected + " but was " + actual + " (tol " + tol + ")");
        }
    }

    static double sumAbs(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.abs(x[off + i]);
        return s;
    }
}
