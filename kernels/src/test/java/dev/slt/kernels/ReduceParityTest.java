package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertClose;
import static dev.slt.kernels.KernelTestSupport.random;
import static dev.slt.kernels.KernelTestSupport.randomSpecial;
import static dev.slt.kernels.KernelTestSupport.sumAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * {@link VectorReduce} against the double-accumulated {@link ScalarReduce}. Float accumulation into
 * 64 partial sums bounds a sum's error by about {@code (n/64 + 20) · ε · Σ|x|} (ε = 2⁻²⁴, the extra 20
 * covers the final rounding and the lane/chunk combination); max is exact.
 */
class ReduceParityTest {

    private static final double EPS = 0x1p-24;

    @Provide
    Arbitrary<Integer> sizes() {
        return KernelTestSupport.sizes();
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return KernelTestSupport.offsets();
    }

    private static double sumTolerance(int n, double sumAbs) {
        return (n / 64.0 + 20) * EPS * sumAbs;
    }

    @Property(tries = 200, seed = "201")
    void sumAndDot(@ForAll("sizes") int n, @ForAll("offsets") int aOff, @ForAll("offsets") int bOff,
                   @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] a = random(r, aOff, n), b = random(r, bOff, n);
        assertClose(ScalarReduce.sum(a, aOff, n), VectorReduce.sum(a, aOff, n),
                sumTolerance(n, sumAbs(a, aOff, n)), "sum n=" + n);
        double dotAbs = 0;
        for (int i = 0; i < n; i++) dotAbs += Math.abs((double) a[aOff + i] * b[bOff + i]);
        assertClose(ScalarReduce.dot(a, aOff, b, bOff, n), VectorReduce.dot(a, aOff, b, bOff, n),
                sumTolerance(n, dotAbs), "dot n=" + n);
    }

    /** Same input, same thread count: the same bits, also across the threading threshold. */
    @Property(tries = 20, seed = "202")
    void sumIsDeterministic(@ForAll("sizes") int n, @ForAll long seed) {
        float[] a = random(new SplittableRandom(seed), 0, n);
        float first = VectorReduce.sum(a, 0, n);
        for (int k = 0; k < 3; k++) assertEquals(Float.floatToIntBits(first), Float.floatToIntBits(VectorReduce.sum(a, 0, n)));
    }

    /** Exact, with NaN, ±0 and ±inf mixed in; -inf when empty. */
    @Property(tries = 200, seed = "203")
    void maxIsExact(@ForAll("sizes") int n, @ForAll("offsets") int off, @ForAll boolean specials, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] x = specials ? randomSpecial(r, off, n) : random(r, off, n);
        assertEquals(Float.floatToIntBits(ScalarReduce.max(x, off, n)), Float.floatToIntBits(VectorReduce.max(x, off, n)),
                "max n=" + n);
    }

    @Provide
    Arbitrary<Tuple3<Integer, Integer, Integer>> axisShapes() {
        var small = Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, 300)).as(Tuple::of);
        var tails = Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(1, 15, 16, 17, 31, 33),
                Arbitraries.of(1, 2, 15, 16, 17, 31, 33, 65)).as(Tuple::of);
        var large = Arbitraries.of(Tuple.of(1, 3, KernelTestSupport.LARGE), Tuple.of(2, KernelTestSupport.LARGE, 1),
                Tuple.of(5, 300, 300), Tuple.of(1, KernelTestSupport.LARGE, 1), Tuple.of(7, 10_000, 1));
        return Arbitraries.frequencyOf(Tuple.of(8, small), Tuple.of(4, tails), Tuple.of(1, large));
    }

    /** Per output, a float sum along the axis: error ≤ (axis + 2) · ε · Σ|x| over that output's terms. */
    @Property(tries = 100, seed = "204")
    void sumAxis(@ForAll("axisShapes") Tuple3<Integer, Integer, Integer> shape, @ForAll long seed) {
        int outer = shape.get1(), axis = shape.get2(), inner = shape.get3();
        var r = new SplittableRandom(seed);
        float[] x = random(r, 0, outer * axis * inner);
        float[] expected = random(r, 0, outer * inner), actual = expected.clone();
        ScalarReduce.sumAxis(x, outer, axis, inner, expected);
        VectorReduce.sumAxis(x, outer, axis, inner, actual);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double abs = 0;
                for (int a = 0; a < axis; a++) abs += Math.abs(x[(o * axis + a) * inner + i]);
                int k = o * inner + i;
                double tol = (inner == 1 ? axis / 64.0 + 20 : axis + 2) * EPS * abs;
                assertClose(expected[k], actual[k], tol, "sumAxis " + shape + " at " + k);
            }
        }
        for (int k = outer * inner; k < expected.length; k++) assertEquals(expected[k], actual[k], "untouched tail");
    }
}
