package dev.slt.kernels;

import static dev.slt.kernels.KernelTestSupport.assertBitEqual;
import static dev.slt.kernels.KernelTestSupport.random;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link VectorOptim} equals {@link ScalarOptim} bit for bit (tolerance 0: same float operations, no fma). */
class OptimParityTest {

    @Provide
    Arbitrary<Integer> sizes() {
        return KernelTestSupport.sizes();
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return KernelTestSupport.offsets();
    }

    @Property(tries = 150, seed = "401")
    void sgdMomentumSteps(@ForAll("sizes") int n, @ForAll("offsets") int off, @ForAll boolean nesterov,
                          @ForAll long seed) {
        var r = new SplittableRandom(seed);
        float lr = (float) r.nextDouble(0, 0.5), momentum = r.nextBoolean() ? 0.9f : (float) r.nextDouble();
        float wd = r.nextBoolean() ? 0f : (float) r.nextDouble(0, 1e-3);
        float[] w = random(r, off, n), v = random(r, off, n);
        float[] ws = w.clone(), vs = v.clone();
        for (int step = 0; step < 3; step++) {
            float[] grad = random(r, off, n);
            ScalarOptim.sgdMomentum(ws, grad, vs, off, n, lr, momentum, wd, nesterov);
            VectorOptim.sgdMomentum(w, grad, v, off, n, lr, momentum, wd, nesterov);
            assertBitEqual(ws, w, "w step " + step + " n=" + n);
            assertBitEqual(vs, v, "velocity step " + step + " n=" + n);
        }
    }
}
