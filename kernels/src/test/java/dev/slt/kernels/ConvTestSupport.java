package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Random data and the tolerance rule shared by the conv and pool parity tests. */
final class ConvTestSupport {

    /** Unit roundoff of float. */
    static final double U = Math.ulp(1f) / 2;

    private ConvTestSupport() {}

    static float[] random(Random r, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() * 2f - 1f;
        return a;
    }

    static float[] abs(float[] a) {
        if (a == null) return null;
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Math.abs(a[i]);
        return b;
    }

    /**
     * |actual - expected| <= 8 u sqrt(terms) * magnitude[i] + 1e-6: the float error of a sum of {@code terms}
     * products grows like sqrt(terms) times the sum of their absolute values ({@code magnitude}, computed by
     * the reference on |inputs|), with a factor 8 of margin; the reference sums in double.
     */
    static void assertClose(float[] expected, float[] actual, float[] magnitude, int terms, String what) {
        double scale = 8 * U * Math.sqrt(Math.max(1, terms));
        for (int i = 0; i < expected.length; i++) {
            double tol = scale * magnitude[i] + 1e-6;
            if (!(Math.abs(actual[i] - expected[i]) <= tol))
                fail(what + ": index " + i + " expected " + expected[i] + " got " + actual[i] + " (tolerance " + tol + ")");
        }
    }

    static float[] plus(float[] a, float[] b) {
        float[] c = a.clone();
        for (int i = 0; i < c.length; i++) c[i] += b[i];
        return c;
    }
}
