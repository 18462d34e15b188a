package dev.slt.engine;

import static dev.slt.engine.GradCheck.check;
import static dev.slt.engine.GradCheck.param;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Gradient checks of matmul (2-D, batched, 3-D times 2-D) and linear. */
class MatmulGradTest {

    @Property(tries = 30, seed = "11")
    void matmul2d(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int m = 1 + rng.nextInt(5), k = 1 + rng.nextInt(5), n = 1 + rng.nextInt(5);
        check("matmul", seed, new Tensor[] {param(rng, m, k), param(rng, k, n)}, t -> t[0].matmul(t[1]),
                x -> Reference.matmul(x[0], x[1], 1, m, k, n));
    }

    @Property(tries = 20, seed = "12")
    void matmulBatched(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int b = 1 + rng.nextInt(3), m = 1 + rng.nextInt(4), k = 1 + rng.nextInt(4), n = 1 + rng.nextInt(4);
        check("bmm", seed, new Tensor[] {param(rng, b, m, k), param(rng, b, k, n)}, t -> t[0].matmul(t[1]),
                x -> Reference.matmul(x[0], x[1], b, m, k, n));
        check("matmul 3-D x 2-D", seed, new Tensor[] {param(rng, b, m, k), param(rng, k, n)}, t -> t[0].matmul(t[1]),
                x -> Reference.matmul(x[0], x[1], 1, b * m, k, n));
    }

    @Property(tries = 30, seed = "13")
    void linear(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int batch = 1 + rng.nextInt(5), in = 1 + rng.nextInt(6), out = 1 + rng.nextInt(6);
        boolean bias = rng.nextBoolean();
        Tensor[] inputs = bias ? new Tensor[] {param(rng, batch, in), param(rng, out, in), param(rng, out)}
                : new Tensor[] {param(rng, batch, in), param(rng, out, in)};
        check("linear", seed, inputs, t -> F.linear(t[0], t[1], bias ? t[2] : null), x -> {
            double[] y = new double[batch * out];
            for (int r = 0; r < batch; r++)
                for (int o = 0; o < out; o++) {
                    double s = bias ? x[2][o] : 0;
                    for (int i = 0; i < in; i++) s += x[0][r * in + i] * x[1][o * in + i];
                    y[r * out + o] = s;
                }
            return y;
        });
    }
}
