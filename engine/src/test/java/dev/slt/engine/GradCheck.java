package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks an op against a double-precision reference: the forward values, and the engine's float
 * gradient of a random linear functional {@code L = Σ c·y} against central differences of the
 * reference in double.
 */
final class GradCheck {

    static final double ABS = 1e-4, REL = 1e-3;
    private static final double H = 1e-6;

    private GradCheck() {}

    /**
     * {@code inputs} are leaves; every one that requires grad is checked. {@code engine} builds the op
     * on them, {@code reference} computes the same output in double from their values.
     */
    static void check(String op, long seed, Tensor[] inputs, Function<Tensor[], Tensor> engine,
                      Function<double[][], double[]> reference) {
        check(op, seed, inputs, engine, reference, Integer.MAX_VALUE);
    }

    /** As above, but differentiates at most {@code samples} random coordinates of each input (large inputs). */
    static void check(String op, long seed, Tensor[] inputs, Function<Tensor[], Tensor> engine,
                      Function<double[][], double[]> reference, int samples) {
        Tensor y = engine.apply(inputs);
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) x[i] = toDouble(inputs[i].data());
        double[] yRef = reference.apply(x);
        if (yRef.length != y.size()) fail(op + ": reference has " + yRef.length + " outputs, engine " + y.shape());
        for (int j = 0; j < yRef.length; j++)
            if (!close(y.data()[j], yRef[j]))
                fail(op + ": forward[" + j + "] = " + y.data()[j] + ", reference " + yRef[j] + " (output " + y.shape() + ")");

        var rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        float[] c = new float[y.size()];
        for (int j = 0; j < c.length; j++) c[j] = (float) (rng.nextDouble() * 2 - 1);
        y.backward(Tensor.fromArray(c, y.shape()));

        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) continue;
            float[] analytic = inputs[i].grad() == null ? new float[inputs[i].size()] : inputs[i].grad().data();
            int count = Math.min(samples, x[i].length);
            for (int s = 0; s < count; s++) {
                int j = count == x[i].length ? s : rng.nextInt(x[i].length);
                double keep = x[i][j];
                x[i][j] = keep + H;
                double plus = functional(c, reference.apply(x));
                x[i][j] = keep - H;
                double minus = functional(c, reference.apply(x));
                x[i][j] = keep;
                double numeric = (plus - minus) / (2 * H);
                if (!close(analytic[j], numeric))
                    fail(op + ": d/d input" + i + "[" + j + "] = " + analytic[j] + ", numeric " + numeric
                            + " (input " + inputs[i].shape() + ", seed " + seed + ")");
            }
        }
    }

    static boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= ABS + REL * Math.abs(expected);
    }

    private static double functional(float[] c, double[] y) {
        double s = 0;
        for (int j = 0; j < c.length; j++) s += c[j] * y[j];
        return s;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** A leaf requiring grad with values uniform in [-1, 1). */
    static Tensor param(SplittableRandom rng, int... dims) {
        float[] d = new float[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextDouble() * 2 - 1);
        return Tensor.fromArray(d, dims).requiresGrad(true);
    }

    /** Like {@link #param} but every |value| is at least {@code gap}: away from the kinks of relu and 0 divisors. */
    static Tensor awayFromZero(SplittableRandom rng, double gap, int... dims) {
        float[] d = new float[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            double v = gap + rng.nextDouble() * (1 - gap);
            d[i] = (float) (rng.nextBoolean() ? v : -v);
        }
        return Tensor.fromArray(d, dims).requiresGrad(true);
    }

    /** A leaf requiring grad whose values are a shuffled ladder spaced 0.05 apart: no ties, so max is smooth. */
    static Tensor distinct(SplittableRandom rng, int... dims) {
        int n = Shape.of(dims).size();
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) ((i - n / 2) * 0.05);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return Tensor.fromArray(d, dims).requiresGrad(true);
    }
}
