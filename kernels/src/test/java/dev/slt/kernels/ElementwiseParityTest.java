package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertBitEqual;
import static dev.slt.kernels.KernelTestSupport.random;
import static dev.slt.kernels.KernelTestSupport.randomSpecial;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link VectorElementwise} equals {@link ScalarElementwise} bit for bit (tolerance 0: both do the same
 * float operations without fma), over sizes with lane tails and the threading threshold, random
 * offsets, and the output array's untouched elements.
 */
class ElementwiseParityTest {

    @Provide
    Arbitrary<Integer> sizes() {
        return KernelTestSupport.sizes();
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return KernelTestSupport.offsets();
    }

    @Property(tries = 150, seed = "101")
    void binaryOps(@ForAll("sizes") int n, @ForAll("offsets") int aOff, @ForAll("offsets") int bOff,
                   @ForAll("offsets") int outOff, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] a = random(r, aOff, n), b = random(r, bOff, n), init = random(r, outOff, n);
        for (int op = 0; op < 4; op++) {
            float[] expected = init.clone(), actual = init.clone();
            switch (op) {
                case 0 -> {
                    ScalarElementwise.add(a, aOff, b, bOff, expected, outOff, n);
                    VectorElementwise.add(a, aOff, b, bOff, actual, outOff, n);
                }
                case 1 -> {
                    ScalarElementwise.sub(a, aOff, b, bOff, expected, outOff, n);
                    VectorElementwise.sub(a, aOff, b, bOff, actual, outOff, n);
                }
                case 2 -> {
                    ScalarElementwise.mul(a, aOff, b, bOff, expected, outOff, n);
                    VectorElementwise.mul(a, aOff, b, bOff, actual, outOff, n);
                }
                default -> {
                    ScalarElementwise.div(a, aOff, b, bOff, expected, outOff, n);
                    VectorElementwise.div(a, aOff, b, bOff, actual, outOff, n);
                }
            }
            assertBitEqual(expected, actual, "op " + op + " n=" + n);
        }
    }

    @Property(tries = 150, seed = "102")
    void scaleAxpyFill(@ForAll("sizes") int n, @ForAll("offsets") int xOff, @ForAll("offsets") int yOff,
                       @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float alpha = KernelTestSupport.value(r);
        float[] x = random(r, xOff, n), init = random(r, yOff, n);
        float[] expected = init.clone(), actual = init.clone();
        ScalarElementwise.scale(alpha, x, xOff, expected, yOff, n);
        VectorElementwise.scale(alpha, x, xOff, actual, yOff, n);
        assertBitEqual(expected, actual, "scale n=" + n);
        expected = init.clone();
        actual = init.clone();
        ScalarElementwise.axpy(alpha, x, xOff, expected, yOff, n);
        VectorElementwise.axpy(alpha, x, xOff, actual, yOff, n);
        assertBitEqual(expected, actual, "axpy n=" + n);
        expected = init.clone();
        actual = init.clone();
        ScalarElementwise.fill(alpha, expected, yOff, n);
        VectorElementwise.fill(alpha, actual, yOff, n);
        assertBitEqual(expected, actual, "fill n=" + n);
    }

    /** NaN, ±0 and ±inf in x; reluBackward must add into pre-filled dx only where x > 0. */
    @Property(tries = 150, seed = "103")
    void reluForwardAndBackward(@ForAll("sizes") int n, @ForAll("offsets") int xOff, @ForAll("offsets") int dyOff,
                                @ForAll("offsets") int dxOff, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] x = randomSpecial(r, xOff, n), dy = random(r, dyOff, n), init = randomSpecial(r, dxOff, n);
        float[] expected = init.clone(), actual = init.clone();
        ScalarElementwise.relu(x, xOff, expected, dxOff, n);
        VectorElementwise.relu(x, xOff, actual, dxOff, n);
        assertBitEqual(expected, actual, "relu n=" + n);
        expected = init.clone();
        actual = init.clone();
        ScalarElementwise.reluBackward(x, xOff, dy, dyOff, expected, dxOff, n);
        VectorElementwise.reluBackward(x, xOff, dy, dyOff, actual, dxOff, n);
        assertBitEqual(expected, actual, "reluBackward n=" + n);
        expected = init.clone();
        actual = init.clone();
        new ScalarKernels().reluGrad(x, xOff, dy, dyOff, expected, dxOff, n);
        VectorElementwise.reluGrad(x, xOff, dy, dyOff, actual, dxOff, n);
        assertBitEqual(expected, actual, "reluGrad n=" + n);
        float[] inPlace = new float[xOff + n];
        System.arraycopy(dy, dyOff, inPlace, xOff, n);
        VectorElementwise.reluGrad(x, xOff, inPlace, xOff, inPlace, xOff, n);
        for (int i = 0; i < n; i++)
            assertEquals(Float.floatToRawIntBits(expected[dxOff + i]), Float.floatToRawIntBits(inPlace[xOff + i]), "reluGrad in place at " + i);
        float[] b = randomSpecial(r, xOff, n), sum = new float[xOff + n];
        expected = init.clone();
        actual = init.clone();
        ScalarElementwise.addRelu(x, xOff, b, xOff, expected, dxOff, n);
        VectorElementwise.addRelu(x, xOff, b, xOff, actual, dxOff, n);
        assertBitEqual(expected, actual, "addRelu n=" + n);
        ScalarElementwise.add(x, xOff, b, xOff, sum, 0, n);
        ScalarElementwise.relu(sum, 0, sum, 0, n);
        for (int i = 0; i < n; i++) assertEquals(sum[i], expected[dxOff + i], "addRelu is relu of the sum at " + i);
    }

    @Property(tries = 20, seed = "104")
    void inPlaceAliasing(@ForAll("sizes") int n, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float[] a = random(r, 0, n), b = random(r, 0, n);
        float[] expected = a.clone(), actual = a.clone();
        ScalarElementwise.add(expected, 0, b, 0, expected, 0, n);
        VectorElementwise.add(actual, 0, b, 0, actual, 0, n);
        assertBitEqual(expected, actual, "a += b");
        ScalarElementwise.relu(expected, 0, expected, 0, n);
        VectorElementwise.relu(actual, 0, actual, 0, n);
        assertBitEqual(expected, actual, "relu in place");
    }
}
