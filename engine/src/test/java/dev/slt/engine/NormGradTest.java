package dev.slt.engine;

import static dev.slt.engine.GradCheck.awayFromZero;
import static dev.slt.engine.GradCheck.check;
import static dev.slt.engine.GradCheck.param;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Gradient checks of batch norm (train and eval), softmax, log-softmax, cross-entropy and dropout. */
class NormGradTest {

    private static final float EPS = 1e-5f;

    @Property(tries = 30, seed = "31")
    void batchNormTraining(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(3), c = 1 + rng.nextInt(3), h = 1 + rng.nextInt(3), w = 2 + rng.nextInt(2);
        boolean affine = rng.nextBoolean();
        Tensor[] in = affine ? new Tensor[] {param(rng, n, c, h, w), param(rng, c), param(rng, c)}
                : new Tensor[] {param(rng, n, c, h, w)};
        check("batchNorm2d train", seed, in,
                t -> F.batchNorm2d(t[0], affine ? t[1] : null, affine ? t[2] : null, Tensor.zeros(c), Tensor.ones(c), true, 0.1f, EPS),
                v -> Reference.batchNorm(v[0], affine ? v[1] : null, affine ? v[2] : null, null, n, c, h * w, EPS));
    }

    @Property(tries = 20, seed = "32")
    void batchNormEval(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(3), c = 1 + rng.nextInt(3), hw = 1 + rng.nextInt(4);
        Tensor mean = param(rng, c).detach(), var = awayFromZero(rng, 0.3, c).detach();
        for (int i = 0; i < c; i++) var.data()[i] = Math.abs(var.data()[i]);
        double[][] stats = {GradCheck.toDouble(mean.data()), GradCheck.toDouble(var.data())};
        check("batchNorm2d eval", seed, new Tensor[] {param(rng, n, c, hw, 1), param(rng, c), param(rng, c)},
                t -> F.batchNorm2d(t[0], t[1], t[2], mean, var, false, 0.1f, EPS),
                v -> Reference.batchNorm(v[0], v[1], v[2], stats, n, c, hw, EPS));
    }

    @Property(tries = 30, seed = "33")
    void softmaxLogSoftmaxAndCrossEntropy(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int rows = 1 + rng.nextInt(4), cols = 1 + rng.nextInt(6);
        check("logSoftmax", seed, new Tensor[] {param(rng, rows, cols)}, t -> t[0].logSoftmax(),
                v -> Reference.logSoftmax(v[0], rows, cols));
        check("softmax", seed, new Tensor[] {param(rng, rows, cols)}, t -> F.softmax(t[0]),
                v -> ElementwiseGradTest.map(Reference.logSoftmax(v[0], rows, cols), Math::exp));
        int[] labels = rng.ints(rows, 0, cols).toArray();
        check("crossEntropy", seed, new Tensor[] {param(rng, rows, cols)}, t -> F.crossEntropy(t[0], labels), v -> {
            double[] logp = Reference.logSoftmax(v[0], rows, cols);
            double loss = 0;
            for (int r = 0; r < rows; r++) loss -= logp[r * cols + labels[r]] / rows;
            return new double[] {loss};
        });
    }

    @Property(tries = 20, seed = "34")
    void dropoutWithItsOwnMask(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        float p = (float) (0.1 + 0.6 * rng.nextDouble());
        Tensor x = awayFromZero(rng, 0.1, 3, 1 + rng.nextInt(5));
        // the mask the engine drew, read back as y / x (x has no zeros)
        Tensor probe = F.dropout(x.detach(), p, true, new SplittableRandom(seed));
        double[] mask = new double[x.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = probe.data()[i] / x.data()[i];
        check("dropout", seed, new Tensor[] {x}, t -> F.dropout(t[0], p, true, new SplittableRandom(seed)), v -> {
            double[] y = new double[v[0].length];
            for (int i = 0; i < y.length; i++) y[i] = v[0][i] * mask[i];
            return y;
        });
    }
}
